import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IntakeService
import Logging
import Models
import NIOCore
import ServiceKit
import TestSupport
import Testing

/// Intake's application on a cloned database, with a clock the test moves and a caller the test chooses.
struct IntakeHarness {
    static let merchant = "0190e3a0-0000-7000-8000-0000000000c1"
    /// 2026-03-10 10:00 in Beijing.
    static let start = Date(timeIntervalSince1970: 1_773_108_000)

    let database: TestDatabase
    let clock: ManualBusinessClock

    /// Runs `body` with a harness on a fresh clone of Intake's template database.
    static func with(_ body: (IntakeHarness) async throws -> Void) async throws {
        try await TestDatabase.withClone(of: IntakeService.name) { database in
            try await body(IntakeHarness(database: database, clock: ManualBusinessClock(start)))
        }
    }

    /// Serves Intake in-process for `tenant` and runs `body` with a client.
    func serve(
        as tenant: TenantID = TestTenants.a,
        settings extra: [String: String] = [:],
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let settings = try database.settings(registry: IntakeService.registry, extra)
        let app = try ServiceApplication.build(
            IntakeService.self, settings: settings, clock: clock,
            authenticator: SingleTenantAuthenticator(tenantID: tenant), logSink: .init { _ in }
        )
        try await app.test(.router, body)
    }

    /// A valid CreateCase body; `overrides` replace or (with NSNull) remove fields.
    static func createBody(_ overrides: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "orderNumber": "DD20260301-0042", "productName": "笔记本电脑 ThinkPad X1", "productModel": "X1 Carbon Gen 12",
            "quantity": 1, "purchaseDate": "2026-03-01", "reason": "屏幕开机后闪烁", "requestedResolution": "repair",
            "merchantId": merchant,
        ]
        for (key, value) in overrides {
            if value is NSNull { body[key] = nil } else { body[key] = value }
        }
        return body
    }
}

extension TestClientProtocol {
    /// POSTs a JSON object to an Intake operation.
    func call(_ method: String, _ body: [String: Any]) async throws -> TestResponse {
        try await call(method, raw: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
    }

    /// POSTs raw bytes to an Intake operation.
    func call(_ method: String, raw: ByteBuffer?, contentType: String? = "application/json") async throws -> TestResponse {
        try await execute(uri: IntakeHarness.path(method), method: .post, headers: IntakeHarness.headers(contentType), body: raw)
    }
}

/// The same calls over a real TCP connection, for the real executable.
extension TestClient {
    func call(_ method: String, _ body: [String: Any]) async throws -> TestClient.Response {
        let bytes = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        return try await execute(.init(IntakeHarness.path(method), method: .post, headers: IntakeHarness.headers("application/json"), body: bytes))
    }
}

extension IntakeHarness {
    static func path(_ method: String) -> String { "/aftersales.intake.v1.IntakeService/\(method)" }

    static func headers(_ contentType: String?) -> HTTPFields {
        var headers = HTTPFields()
        if let contentType { headers[.contentType] = contentType }
        return headers
    }
}

/// An HTTP answer whose body the tests read as JSON.
protocol JSONAnswer {
    var answerBody: ByteBuffer { get }
}

extension TestResponse: JSONAnswer {
    var answerBody: ByteBuffer { body }
}

extension TestClient.Response: JSONAnswer {
    var answerBody: ByteBuffer { body ?? ByteBuffer() }
}

extension JSONAnswer {
    /// The body as a JSON object (a failed expectation, not a crash, when it is not one).
    var json: [String: Any] {
        let object = try? JSONSerialization.jsonObject(with: Data(answerBody.readableBytesView))
        let dictionary = object as? [String: Any]
        #expect(dictionary != nil, "body is not a JSON object: \(String(buffer: answerBody))")
        return dictionary ?? [:]
    }

    /// The fields named in an error body's details.
    var violatedFields: Set<String> {
        Set(((json["details"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
    }
}
