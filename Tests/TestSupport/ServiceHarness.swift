public import Foundation
public import HTTPTypes
import Hummingbird
public import HummingbirdTesting
public import Models
public import NIOCore
public import ServiceKit

/// The one harness of every service's tests: its application on a fresh clone of its template database,
/// served in-process through the real router (contract, guard, handlers, SQL), with a clock the test moves
/// and callers the test chooses.
public struct ServiceHarness<Service: ServiceDefinition>: Sendable {
    /// 2026-03-10 10:00 in Beijing.
    public static var start: Date { Date(timeIntervalSince1970: 1_773_108_000) }

    public let database: TestDatabase
    public let clock: ManualBusinessClock

    public init(database: TestDatabase, clock: ManualBusinessClock = ManualBusinessClock(start)) {
        self.database = database
        self.clock = clock
    }

    /// Runs `body` with a harness on a fresh clone of the service's template database.
    public static func with(_ body: (ServiceHarness) async throws -> Void) async throws {
        try await TestDatabase.withClone(of: Service.name) { database in
            try await body(ServiceHarness(database: database))
        }
    }

    /// Serves the service, verifying real tokens against the test key set, and runs `body` with a client
    /// that calls as `caller` (and can switch callers).
    public func serve(
        as caller: TestCaller = .clerk(TestTenants.a),
        settings extra: [String: String] = [:],
        faults: FaultPoints? = nil,
        _ body: @escaping @Sendable (ServiceTestClient) async throws -> Void
    ) async throws {
        let settings = try database.settings(registry: Service.registry, extra)
        let logs: JSONLinesLogHandler.Sink = ProcessInfo.processInfo.environment["TEST_LOGS"] == nil ? .init { _ in } : .standardOutput
        let app = try await ServiceApplication.build(Service.self, settings: settings, clock: clock, logSink: logs, faults: faults)
        let token = try await caller.token()
        try await app.test(.router) { client in
            try await body(ServiceTestClient(client: client, prefix: Service.operationPrefix, authorization: "Bearer \(token)"))
        }
    }
}

extension ServiceDefinition {
    /// `/aftersales.dispatch.v1.DispatchService`: where the service's operations live (DESIGN §9).
    public static var operationPrefix: String {
        PlatformDirectory.service(named: name)?.operationPrefix ?? "/aftersales.\(name).v1.\(name.capitalized)Service"
    }

    /// The path of one of the service's operations.
    public static func path(_ method: String) -> String { "\(operationPrefix)/\(method)" }
}

/// An in-process client that sends a bearer token with every call.
public struct ServiceTestClient: Sendable {
    let client: any TestClientProtocol
    let prefix: String
    /// The Authorization header sent; nil sends none.
    public let authorization: String?

    /// The same client calling as someone else.
    public func calling(as caller: TestCaller) async throws -> ServiceTestClient {
        authorized("Bearer \(try await caller.token())")
    }

    /// The same client with another Authorization header (nil: none).
    public func authorized(_ authorization: String?) -> ServiceTestClient {
        ServiceTestClient(client: client, prefix: prefix, authorization: authorization)
    }

    /// POSTs a JSON object to an operation of the service.
    public func call(_ method: String, _ body: [String: Any], headers extra: HTTPFields = [:]) async throws -> TestResponse {
        try await call(method, raw: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)), headers: extra)
    }

    /// POSTs raw bytes to an operation of the service.
    public func call(
        _ method: String,
        raw: ByteBuffer?,
        contentType: String? = "application/json",
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = HTTPFields()
        if let contentType { headers[.contentType] = contentType }
        if let authorization { headers[.authorization] = authorization }
        headers.append(contentsOf: extra)
        return try await client.execute(uri: "\(prefix)/\(method)", method: .post, headers: headers, body: raw)
    }

    /// A raw request (health, metrics, contract, platform paths).
    public func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil) async throws -> TestResponse {
        try await client.execute(uri: uri, method: method, headers: headers, body: body)
    }
}

/// Who calls, as a token the test key set verifies.
public struct TestCaller: Sendable {
    public var tenant: TenantID?
    public var roles: [Role]
    public var merchant: UUID?
    public var subject: String

    public init(tenant: TenantID?, roles: [Role], merchant: UUID?, subject: String) {
        self.tenant = tenant
        self.roles = roles
        self.merchant = merchant
        self.subject = subject
    }

    /// Staff of `tenant` holding `roles`.
    public static func staff(_ roles: [Role], of tenant: TenantID = TestTenants.a, subject: String = "staff-1") -> TestCaller {
        TestCaller(tenant: tenant, roles: roles, merchant: nil, subject: subject)
    }

    public static func clerk(_ tenant: TenantID, subject: String = "clerk-1") -> TestCaller {
        TestCaller(tenant: tenant, roles: [.intakeClerk], merchant: nil, subject: subject)
    }

    public static func merchant(_ merchant: String, of tenant: TenantID = TestTenants.a) -> TestCaller {
        TestCaller(tenant: tenant, roles: [.merchant], merchant: UUID(uuidString: merchant), subject: "merchant-\(merchant)")
    }

    public func token() async throws -> String {
        try await TestTokens.token(tenant: tenant, roles: roles, merchant: merchant, subject: subject)
    }
}

/// An HTTP answer whose body the tests read as JSON.
public protocol JSONAnswer {
    var answerBody: ByteBuffer { get }
}

extension TestResponse: JSONAnswer {
    public var answerBody: ByteBuffer { body }
}

extension TestClient.Response: JSONAnswer {
    public var answerBody: ByteBuffer { body ?? ByteBuffer() }
}

extension JSONAnswer {
    /// The body as a JSON object; a body that is not one comes back as `["unparsed": text]`, so every
    /// expectation on its fields fails and shows the text.
    public var json: [String: Any] {
        let object = try? JSONSerialization.jsonObject(with: Data(answerBody.readableBytesView))
        return object as? [String: Any] ?? ["unparsed": String(buffer: answerBody)]
    }

    /// The canonical error code of an error body.
    public var code: String? { json["code"] as? String }

    /// The fields named in an error body's details.
    public var violatedFields: Set<String> {
        Set(((json["details"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
    }
}
