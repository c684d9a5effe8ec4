public import Foundation
import HTTPTypes
import HummingbirdTesting
public import Models
import NIOCore
import ServiceKit

/// The test clock of a whole platform (DESIGN §6): moves every service's clock together and drains them
/// all — timers through the real workers, events through the real relays — until no service has anything
/// left to do, so no test sleeps. Talks to `TestClock/*` over HTTP with a service token.
public struct PlatformClock: Sendable {
    /// Port of each running service on 127.0.0.1.
    public var ports: [String: Int]

    public init(ports: [String: Int]) { self.ports = ports }

    public struct Answer {
        public let status: Int
        public let json: [String: Any]
    }

    /// POSTs `body` to a platform path of `service` as the service role (or `roles`).
    public func post(
        _ service: String,
        _ path: String,
        _ body: [String: Any] = [:],
        roles: [Role] = [.service],
        tenant: TenantID? = nil
    ) async throws -> Answer {
        guard let port = ports[service] else { throw UnknownService(name: service) }
        let token = try await TestTokens.token(tenant: tenant, roles: roles, subject: "service:test-harness")
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.authorization] = "Bearer \(token)"
        let bytes = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        let request = TestClient.Request(path, method: .post, headers: headers, body: bytes)
        let response = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.execute(request)
        }
        return Answer(status: Int(response.status.code), json: response.json)
    }

    /// Advances every service's clock by `seconds`.
    public func advance(by seconds: Int) async throws {
        for service in ports.keys.sorted() {
            let answer = try await post(service, PlatformPaths.testClock + "/Advance", ["seconds": seconds])
            guard answer.status == 200 else { throw ClockFailure(service: service, answer: "\(answer.json)") }
        }
    }

    /// Sets every service's clock to `instant` (none may be past it).
    public func set(_ instant: Date) async throws {
        for service in ports.keys.sorted() {
            let answer = try await post(service, PlatformPaths.testClock + "/Set", ["now": RFC3339.string(instant)])
            guard answer.status == 200 else { throw ClockFailure(service: service, answer: "\(answer.json)") }
        }
    }

    /// Brings every clock to the latest of them (a restarted service starts at its configured start again).
    public func align() async throws {
        var latest = Date.distantPast
        for service in ports.keys { latest = max(latest, try await now(of: service)) }
        for service in ports.keys.sorted() where try await now(of: service) < latest {
            let answer = try await post(service, PlatformPaths.testClock + "/Set", ["now": RFC3339.string(latest)])
            guard answer.status == 200 else { throw ClockFailure(service: service, answer: "\(answer.json)") }
        }
    }

    /// The business time of `service`.
    public func now(of service: String) async throws -> Date {
        let answer = try await post(service, PlatformPaths.testClock + "/Get")
        guard let text = answer.json["now"] as? String, let date = RFC3339.date(text) else {
            throw ClockFailure(service: service, answer: "\(answer.json)")
        }
        return date
    }

    /// Drains every service, round after round, until two whole rounds in a row find nothing to do anywhere.
    /// - Returns: the timers fired and deliveries settled (delivered, retried or dead-lettered) in all.
    @discardableResult
    public func drain(rounds: Int = 50) async throws -> (timersFired: Int, deliveriesSettled: Int) {
        var fired = 0
        var settled = 0
        var quiet = 0
        for _ in 0..<rounds {
            var work = 0
            for service in ports.keys.sorted() {
                let answer = try await post(service, PlatformPaths.testClock + "/Drain")
                guard answer.status == 200, answer.json["incomplete"] as? Bool == false else {
                    throw ClockFailure(service: service, answer: "\(answer.json)")
                }
                let timers = answer.json["timersFired"] as? Int ?? 0
                let deliveries = answer.json["deliveriesSettled"] as? Int ?? 0
                fired += timers
                settled += deliveries
                work += timers + deliveries
            }
            // A service that only waited for its own background loop's delivery reports no work, while the
            // event it waited for may still be on its way to the next service: one quiet round is not enough.
            quiet = work == 0 ? quiet + 1 : 0
            if quiet == 2 { return (fired, settled) }
        }
        throw ClockFailure(service: "*", answer: "still busy after \(rounds) rounds")
    }

    public struct UnknownService: Error { public let name: String }

    public struct ClockFailure: Error, CustomStringConvertible {
        public let service: String
        public let answer: String
        public var description: String { "test clock of \(service) failed: \(answer)" }
    }
}
