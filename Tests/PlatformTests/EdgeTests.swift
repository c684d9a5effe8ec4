import Foundation
import HTTPTypes
import IntakeService
import Models
import NotificationsService
import ServiceKit
import Synchronization
import TestSupport
import Testing

/// The edge as an attacker and a careless partner meet it, from outside: real HTTP on 127.0.0.1, raw
/// sockets where an HTTP client would not send what is sent.
@Suite(.serialized) struct EdgeTests {
    static let tight = ["HTTP_HEADER_TIMEOUT_MS": "300", "HTTP_BODY_TIMEOUT_MS": "300", "HTTP_IDLE_TIMEOUT_SECONDS": "1"]

    static func withIntake(
        settings: [String: String] = tight,
        logs: Logs? = nil,
        _ body: (LiveService<IntakeService>) async throws -> Void
    )
        async throws
    {
        try await TestDatabase.withClone(of: IntakeService.name) { database in
            let service = try await LiveService<IntakeService>.start(
                database: database,
                clock: ManualBusinessClock(ServiceHarness<IntakeService>.start),
                settings: settings,
                logSink: logs?.sink
            )
            do {
                try await body(service)
            } catch {
                await service.stop()
                throw error
            }
            await service.stop()
        }
    }

    static func bearer() async throws -> String { "Bearer " + (try await TestCaller.clerk(TestTenants.a).token()) }

    static func request(
        _ path: String = "/aftersales.intake.v1.IntakeService/GetCase",
        body: String,
        headers: String = ""
    ) async throws
        -> String
    {
        "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: \(try await bearer())\r\n"
            + headers + "Content-Length: \(body.utf8.count)\r\n\r\n" + body
    }

    /// The answer's flat error body.
    static func errorBody(_ text: String) -> [String: Any] {
        guard let answer = RawConnection.answer(text), let data = answer.body.data(using: .utf8),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return ["unparsed": text] }
        return json
    }

    // MARK: 2. Slow clients

    @Test func halfAHeadGets408AndTheConnectionCloses() async throws {
        try await Self.withIntake { service in
            let connection = try RawConnection(port: service.port)
            try connection.send("POST /aftersales.intake.v1.IntakeService/GetCase HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-")
            let (text, closed) = await connection.receive(timeout: .seconds(5))
            #expect(closed, "the connection closes")
            #expect(RawConnection.answer(text)?.status == 408, "\(text)")
            #expect(Self.errorBody(text)["code"] as? String == "deadline_exceeded")
        }
    }

    @Test func halfABodyGets408AndTheConnectionCloses() async throws {
        try await Self.withIntake { service in
            let connection = try RawConnection(port: service.port)
            let full = try await Self.request(body: #"{"caseId":"0190e3a0-0000-7000-8000-000000000001"}"#)
            try connection.send(String(full.dropLast(10)))
            let (text, closed) = await connection.receive(timeout: .seconds(5))
            #expect(closed)
            #expect(RawConnection.answer(text)?.status == 408, "\(text)")
            #expect((Self.errorBody(text)["details"] as? [[String: Any]])?.first?["field"] as? String == "body")
        }
    }

    @Test func aConnectionThatSendsNothingIsClosedQuietly() async throws {
        try await Self.withIntake { service in
            let connection = try RawConnection(port: service.port)
            let (text, closed) = await connection.receive(timeout: .seconds(5))
            #expect(closed, "closed by the idle timeout")
            #expect(text.isEmpty, "no answer to nothing: \(text)")
        }
    }

    /// A keep-alive connection between two requests is idle, not slow: no 408 for the next one.
    @Test func aConnectionIsKeptBetweenRequestsWithinTheIdleTimeout() async throws {
        try await Self.withIntake(settings: ["HTTP_HEADER_TIMEOUT_MS": "300", "HTTP_IDLE_TIMEOUT_SECONDS": "5"]) { service in
            let connection = try RawConnection(port: service.port)
            try connection.send(try await Self.request(body: #"{"caseId":"0190e3a0-0000-7000-8000-000000000001"}"#))
            #expect(RawConnection.answer(await connection.receive(timeout: .milliseconds(1500)).text)?.status == 404)
            try await Task.sleep(for: .milliseconds(600))  // longer than the header timeout, shorter than the idle one
            try connection.send(try await Self.request(body: #"{"caseId":"0190e3a0-0000-7000-8000-000000000002"}"#))
            #expect(RawConnection.answer(await connection.receive(timeout: .milliseconds(1500)).text)?.status == 404)
        }
    }

    @Test func connectionsBeyondTheCapWaitUntilOneCloses() async throws {
        try await Self.withIntake(settings: ["HTTP_MAX_CONNECTIONS": "2", "HTTP_IDLE_TIMEOUT_SECONDS": "30"]) { service in
            let first = try RawConnection(port: service.port)
            let second = try RawConnection(port: service.port)
            try await Task.sleep(for: .milliseconds(200))
            let third = try RawConnection(port: service.port)  // accepted by the kernel, not served
            try third.send(try await Self.request(body: #"{"caseId":"0190e3a0-0000-7000-8000-000000000001"}"#))
            #expect(await third.receive(timeout: .milliseconds(700)).text.isEmpty, "no answer beyond the cap")
            first.close()
            #expect(RawConnection.answer(await third.receive(timeout: .seconds(5)).text)?.status == 404, "served once one closed")
            second.close()
        }
    }

    // MARK: 3–4. Framing and parser refusals answer 4xx with the error body

    @Test(arguments: [
        ("malformed chunked body", "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", "body"),
        ("both lengths, encoding first", "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n", "Content-Length"),
        // The parser names this order no better than "unknown": the answer says what may be wrong.
        ("both lengths, length first", "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", "request"),
        ("control character", "X-Note: a\u{01}b\r\nContent-Length: 2\r\n\r\n{}", "headers"),
        ("over-long header", "X-Big: \(String(repeating: "a", count: 90_000))\r\nContent-Length: 2\r\n\r\n{}", "headers"),
        ("too many headers", (0..<1001).map { "X-H\($0): v\r\n" }.joined() + "Content-Length: 2\r\n\r\n{}", "headers"),
    ])
    func whatTheParserRefusesGets400WithTheErrorBody(label: String, rest: String, field: String) async throws {
        try await Self.withIntake { service in
            let connection = try RawConnection(port: service.port)
            try connection.send(
                "POST /aftersales.intake.v1.IntakeService/GetCase HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Authorization: \(try await Self.bearer())\r\n" + rest
            )
            let (text, closed) = await connection.receive(timeout: .seconds(5))
            let answer = RawConnection.answer(text)
            #expect(answer?.status == 400, "\(label): \(text.prefix(300))")
            #expect(answer?.headers["content-type"] == "application/json", "\(label)")
            #expect(Self.errorBody(text)["code"] as? String == "invalid_argument", "\(label)")
            #expect((Self.errorBody(text)["details"] as? [[String: Any]])?.first?["field"] as? String == field, "\(label)")
            #expect(text.components(separatedBy: "\r\n").filter { $0.hasPrefix("HTTP/1.1 ") }.count == 1, "one answer only: \(label)")
            #expect(closed, "\(label): the connection closes")
        }
    }

    @Test func anHTTP2RequestLineGets400WithTheErrorBody() async throws {
        try await Self.withIntake { service in
            let connection = try RawConnection(port: service.port)
            try connection.send("POST /aftersales.intake.v1.IntakeService/GetCase HTTP/2.0\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}")
            let (text, _) = await connection.receive(timeout: .seconds(5))
            #expect(RawConnection.answer(text)?.status == 400, "\(text)")
            #expect(Self.errorBody(text)["code"] as? String == "invalid_argument")
        }
    }
}
