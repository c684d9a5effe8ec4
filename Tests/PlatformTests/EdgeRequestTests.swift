import Crypto
import Foundation
import IntakeService
import Models
import NotificationsService
import ServiceKit
import Synchronization
import TestSupport
import Testing

/// Log lines a live service wrote, for checking their levels.
final class Logs: Sendable {
    private let lines = Mutex<[String]>([])
    var sink: JSONLinesLogHandler.Sink { JSONLinesLogHandler.Sink { [self] line in lines.withLock { $0.append(line) } } }

    /// The request lines of `path`, as parsed JSON.
    func requests(path: String) -> [[String: Any]] {
        lines.withLock { $0 }.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }.filter { $0["msg"] as? String == "request" && $0["path"] as? String == path }
    }
}

/// What a request's own headers and body may ask for at the edge, from outside (real HTTP on 127.0.0.1).
@Suite(.serialized) struct EdgeRequestTests {
    static func call(
        _ port: Int,
        _ path: String,
        body: String,
        headers: String = "",
        authorization: String? = nil
    ) async throws -> (status: Int, json: [String: Any], headers: [String: String]) {
        let connection = try RawConnection(port: port)
        var bearer = authorization ?? ""
        if authorization == nil { bearer = "Bearer " + (try await TestCaller.staff([.tenantAdmin, .intakeClerk]).token()) }
        try connection.send(
            "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: \(bearer)\r\n\(headers)"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        )
        let text = await connection.receive(timeout: .seconds(10)).text
        guard let answer = RawConnection.answer(text) else { return (0, ["unparsed": text], [:]) }
        let json = (try? JSONSerialization.jsonObject(with: Data(answer.body.utf8))) as? [String: Any] ?? ["unparsed": answer.body]
        return (answer.status, json, answer.headers)
    }

    static let createCase = "/aftersales.intake.v1.IntakeService/CreateCase"

    static func caseBody(_ overrides: [String: Any] = [:]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: IntakeRequests.createBody(overrides)), as: UTF8.self)
    }

    // MARK: 5. Connect-Timeout-Ms

    @Test(arguments: ["0", "-5", "abc", "1.5", "12345678901", ""])
    func aMalformedTimeoutIsInvalidArgument(_ value: String) async throws {
        try await EdgeTests.withIntake(settings: [:]) { service in
            let answer = try await Self.call(service.port, Self.createCase, body: try Self.caseBody(), headers: "Connect-Timeout-Ms: \(value)\r\n")
            #expect(answer.status == 400, "\(value)")
            #expect((answer.json["details"] as? [[String: Any]])?.first?["field"] as? String == "Connect-Timeout-Ms")
        }
    }

    /// The deadline bounds the request's transaction: a request held inside it answers deadline_exceeded at
    /// the deadline, and its effect does not commit.
    @Test func theDeadlineBoundsTheTransaction() async throws {
        try await TestDatabase.withClone(of: IntakeService.name) { database in
            let faults = FaultPoints()
            let service = try await LiveService<IntakeService>.start(
                database: database,
                clock: ManualBusinessClock(ServiceHarness<IntakeService>.start),
                faults: faults
            )
            faults.arm(.beforeEffectCommits)
            let started = ContinuousClock.now
            let held = try await Self.call(
                service.port,
                Self.createCase,
                body: try Self.caseBody(),
                headers: "Connect-Timeout-Ms: 300\r\nIdempotency-Key: held-1\r\n"
            )
            let waited = ContinuousClock.now - started
            faults.release()
            #expect(held.status == 504)
            #expect(held.json["code"] as? String == "deadline_exceeded")
            #expect(waited < .seconds(5), "answered at the deadline, not at the transaction timeout: \(waited)")
            let fine = try await Self.call(service.port, Self.createCase, body: try Self.caseBody(), headers: "Connect-Timeout-Ms: 60000\r\n")
            #expect(fine.status == 200)
            await service.stop()
            #expect(try await database.count("cases") == 1, "the held request's case did not commit")
        }
    }

    // MARK: 7. Small ones

    @Test(arguments: ["bearer", "BEARER", "Bearer"])
    func theBearerSchemeIsCaseInsensitive(_ scheme: String) async throws {
        try await EdgeTests.withIntake(settings: [:]) { service in
            let token = try await TestCaller.clerk(TestTenants.a).token()
            let answer = try await Self.call(service.port, Self.createCase, body: try Self.caseBody(), authorization: "\(scheme) \(token)")
            #expect(answer.status == 200, "\(answer.json)")
        }
    }

    @Test func aBadEnumValueNamesTheFieldAndTheValuesAllowed() async throws {
        try await EdgeTests.withIntake(settings: [:]) { service in
            let answer = try await Self.call(service.port, Self.createCase, body: try Self.caseBody(["requestedResolution": "money_back"]))
            #expect(answer.status == 400)
            let detail = (answer.json["details"] as? [[String: Any]])?.first
            #expect(detail?["field"] as? String == "requestedResolution")
            #expect((detail?["reason"] as? String)?.hasPrefix("must be one of refund_only, return_and_refund, exchange") == true, "\(answer.json)")
            #expect(!"\(answer.json)".contains("Cannot initialize"))
        }
    }

    /// Outside the service's namespace a path is not found; an unknown method of a service it serves is
    /// unimplemented (as Connect answers) — and neither is logged as the service's error.
    @Test func unknownPathsAreNotFoundAndUnknownMethodsUnimplemented() async throws {
        let logs = Logs()
        try await EdgeTests.withIntake(settings: ["LOG_LEVEL": "info"], logs: logs) { service in
            for path in ["/admin", "/.env", "/aftersales.intake.v1.Nope/CreateCase", "/aftersales.intake.v2.IntakeService/CreateCase"] {
                let answer = try await Self.call(service.port, path, body: "{}")
                #expect(answer.status == 404, "\(path)")
                #expect(answer.json["code"] as? String == "not_found", "\(path)")
            }
            for path in ["/aftersales.intake.v1.IntakeService/DeleteEverything", "/aftersales.platform.v1.EventSink/Nope"] {
                let answer = try await Self.call(service.port, path, body: "{}")
                #expect(answer.status == 501, "\(path)")
                #expect(answer.json["code"] as? String == "unimplemented", "\(path)")
            }
        }
        for path in ["/admin", "/aftersales.intake.v1.IntakeService/DeleteEverything"] {
            let levels = logs.requests(path: path).compactMap { $0["level"] as? String }
            #expect(levels == ["info"], "\(path): \(levels)")
        }
    }

    /// A page token minted with the old plain SHA-256 seal is refused: the seal is an HMAC now.
    @Test func aPageTokenMadeWithoutTheKeyIsRefused() async throws {
        try await TestDatabase.withClone(of: NotificationsService.name) { database in
            let service = try await LiveService<NotificationsService>.start(
                database: database,
                clock: ManualBusinessClock(ServiceHarness<NotificationsService>.start)
            )
            let tenant = TestTenants.a
            let last = UUID.v7()
            let text = ["ListWebhookEndpoints", tenant.description, "", "merchant=", last.wire].joined(separator: "\u{1F}")
            let seal = Self.sha256Hex(text)
            let token = Data("p1.\(last.wire).\(seal)".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
            let answer = try await Self.call(
                service.port,
                "/aftersales.notifications.v1.NotificationsService/ListWebhookEndpoints",
                body: #"{"pageToken":"\#(token)"}"#,
                authorization: "Bearer " + (try await TestCaller.staff([.tenantAdmin]).token())
            )
            await service.stop()
            #expect(answer.status == 400)
            #expect((answer.json["details"] as? [[String: Any]])?.first?["field"] as? String == "pageToken")
        }
    }

    static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    // MARK: 1. Webhook URLs as the resolver reads them

    @Test(arguments: [
        "https://2130706433/", "https://0x7f000001/", "https://017700000001/", "https://0177.0.0.1/", "https://127.1/",
        "https://127.0.0.1./", "https://0/", "https://localhost./", "https://2852039166/", "https://0xa9fea9fe/",
        "https://[0:0:0:0:0:0:0:1]/", "https://[0::1]/", "https://[::127.0.0.1]/", "https://[0:0:0:0:0:ffff:7f00:1]/",
        "https://[64:ff9b::a9fe:a9fe]/", "https://[fec0::1]/", "https://hooks.example.cn:99999/", "https://10.1.2.3/",
        "https://intranet/", "https://metadata.google.internal/",
    ])
    func aWebhookAimedInsideIsRefused(_ url: String) async throws {
        try await TestDatabase.withClone(of: NotificationsService.name) { database in
            let service = try await LiveService<NotificationsService>.start(
                database: database,
                clock: ManualBusinessClock(ServiceHarness<NotificationsService>.start),
                settings: ["TEST_MODE": "false"]
            )
            let answer = try await Self.call(
                service.port,
                "/aftersales.notifications.v1.NotificationsService/CreateWebhookEndpoint",
                body: #"{"url":"\#(url)","eventTypes":["case.*"]}"#,
                authorization: "Bearer " + (try await TestCaller.merchant("0190e3a0-0000-7000-8000-0000000000c1").token())
            )
            await service.stop()
            #expect(answer.status == 400, "\(url): \(answer.json)")
            #expect((answer.json["details"] as? [[String: Any]])?.first?["field"] as? String == "url", "\(url)")
            #expect(try await database.count("webhook_endpoints") == 0)
        }
    }
}
