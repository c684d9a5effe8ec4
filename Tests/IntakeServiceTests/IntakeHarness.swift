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

    /// Serves Intake in-process, verifying real tokens against the test key set, and runs `body` with a client
    /// that calls as `caller`.
    func serve(
        as caller: TestCaller = .clerk(TestTenants.a),
        settings extra: [String: String] = [:],
        faults: FaultPoints? = nil,
        _ body: @escaping @Sendable (IntakeClient) async throws -> Void
    ) async throws {
        let settings = try database.settings(registry: IntakeService.registry, extra)
        let app = try await ServiceApplication.build(
            IntakeService.self, settings: settings, clock: clock, logSink: ProcessInfo.processInfo.environment["TEST_LOGS"] == nil ? .init { _ in } : .standardOutput, faults: faults
        )
        let token = try await caller.token()
        try await app.test(.router) { client in
            try await body(IntakeClient(client: client, authorization: "Bearer \(token)"))
        }
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

/// An in-process client that sends a bearer token with every call.
struct IntakeClient: Sendable {
    let client: any TestClientProtocol
    /// The Authorization header sent; nil sends none.
    let authorization: String?

    /// The same client with another Authorization header.
    func authorized(_ authorization: String?) -> IntakeClient { IntakeClient(client: client, authorization: authorization) }

    /// POSTs a JSON object to an Intake operation.
    func call(_ method: String, _ body: [String: Any], headers extra: HTTPFields = [:]) async throws -> TestResponse {
        try await call(method, raw: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)), headers: extra)
    }

    /// POSTs raw bytes to an Intake operation.
    func call(
        _ method: String, raw: ByteBuffer?, contentType: String? = "application/json", headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = IntakeHarness.headers(contentType)
        if let authorization { headers[.authorization] = authorization }
        headers.append(contentsOf: extra)
        return try await client.execute(uri: IntakeHarness.path(method), method: .post, headers: headers, body: raw)
    }

    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil) async throws -> TestResponse {
        try await client.execute(uri: uri, method: method, headers: headers, body: body)
    }
}

/// The same calls over a real TCP connection, for the real executable.
extension TestClient {
    func call(_ method: String, _ body: [String: Any], token: String, headers extra: HTTPFields = [:]) async throws -> TestClient.Response {
        let bytes = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        var headers = IntakeHarness.headers("application/json")
        headers[.authorization] = "Bearer \(token)"
        headers.append(contentsOf: extra)
        return try await execute(.init(IntakeHarness.path(method), method: .post, headers: headers, body: bytes))
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
