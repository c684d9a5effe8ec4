import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A partner's webhook receiver (`Tests/Interop/webhook_receiver.py`) on a free loopback port: verifies every
/// delivery with PyPI's `standardwebhooks`, records what it accepted, and can be down, slow, huge or
/// redirecting on demand.
struct WebhookReceiverProcess {
    let port: Int
    var url: String { "http://127.0.0.1:\(port)/hooks" }

    static func with(_ body: (WebhookReceiverProcess) async throws -> Void) async throws {
        let port = FreePort.next()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Interop/webhook_receiver.py").path
        let log = FileManager.default.temporaryDirectory.appending(path: "webhook-receiver-\(port).log").path
        let pid = try ChildProcess.spawn(TestEnvironment.python, [script, String(port)], environment: [:], outputPath: log)
        defer {
            kill(pid, SIGKILL)
            _ = ChildProcess.wait(pid)
        }
        try await Readiness.wait(port: port, timeout: .seconds(30))
        try await body(WebhookReceiverProcess(port: port))
    }

    /// Sets how it answers and the secrets it verifies with.
    func control(mode: String, secrets: [String]) async throws {
        let answer = try await request(.post, "/control", body: ["mode": mode, "secrets": secrets])
        #expect(answer.status == .ok)
    }

    /// One delivery the receiver took: its webhook-id, and — when verified — its type, subject, which of
    /// the receiver's secrets verified it; the signatures it carried.
    struct Delivery: Sendable, Equatable {
        let id: String
        let type: String?
        let subject: String?
        let secret: Int?
        let signatures: Int

        init(_ json: [String: Any]) {
            id = json["id"] as? String ?? ""
            type = json["type"] as? String
            subject = json["subject"] as? String
            secret = json["secret"] as? Int
            signatures = json["signatures"] as? Int ?? 0
        }
    }

    struct Received: Sendable {
        /// Verified deliveries in arrival order.
        let accepted: [Delivery]
        let unverified: [Delivery]
        let attempts: Int
    }

    func received() async throws -> Received {
        let json = try await request(.get, "/received").json
        return Received(
            accepted: (json["accepted"] as? [[String: Any]] ?? []).map(Delivery.init),
            unverified: (json["unverified"] as? [[String: Any]] ?? []).map(Delivery.init),
            attempts: json["attempts"] as? Int ?? 0
        )
    }

    /// Polls until `condition` holds of what it received (30 s at most).
    @discardableResult
    func waitUntil(_ what: String, _ condition: (Received) -> Bool) async throws -> Received {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let now = try await received()
            if condition(now) { return now }
            guard ContinuousClock.now < deadline else {
                Issue.record("the receiver never got \(what): \(now.accepted.count) accepted, \(now.attempts) attempts")
                return now
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    private func request(_ method: HTTPRequest.Method, _ path: String, body: [String: Any]? = nil) async throws -> TestClient.Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        let bytes = try body.map { ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: $0)) } ?? ByteBuffer()
        let request = TestClient.Request(path, method: method, headers: headers, body: bytes)
        return try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.execute(request)
        }
    }
}
