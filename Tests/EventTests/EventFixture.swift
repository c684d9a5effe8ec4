import DispatchService
import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Logging
import Models
import NIOCore
import PostgresNIO
import ServiceKit
import TestSupport
import Testing

/// Intake and Dispatch served in-process on loopback ports, each on a clone of its own database with a
/// clock of its own, talking to each other over real HTTP. Nothing sleeps: time moves by the test clock
/// and work is done by draining. (`case.registered` also goes to Repairs, which is not running here: the
/// tests count Dispatch's deliveries.)
struct EventFixture {
    let intakeDatabase: TestDatabase
    let dispatchDatabase: TestDatabase
    let intakePort: Int
    let dispatchPort: Int

    /// The merchant Intake's fixture knows (a case may only name a known one).
    static let merchant = IntakeRequests.merchant

    var platform: PlatformClock { PlatformClock(ports: ["intake": intakePort, "dispatch": dispatchPort]) }

    /// Settings that point each service at the other.
    var intakeSettings: [String: String] { ["SERVICES_DISPATCH_URL": "http://127.0.0.1:\(dispatchPort)"] }
    var dispatchSettings: [String: String] { ["SERVICES_INTAKE_URL": "http://127.0.0.1:\(intakePort)"] }

    static func with(_ body: (EventFixture) async throws -> Void) async throws {
        try await TestDatabase.withClones(of: [IntakeService.name, DispatchService.name]) { databases in
            try await body(
                EventFixture(
                    intakeDatabase: databases[0],
                    dispatchDatabase: databases[1],
                    intakePort: FreePort.next(),
                    dispatchPort: FreePort.next()
                )
            )
        }
    }

    func startIntake(on port: Int? = nil, settings extra: [String: String] = [:]) async throws -> LiveService<IntakeService> {
        try await LiveService<IntakeService>.start(
            on: port ?? intakePort,
            database: intakeDatabase,
            clock: ManualBusinessClock(ServiceHarness<IntakeService>.start),
            settings: intakeSettings.merging(extra) { _, new in new }
        )
    }

    func startDispatch(
        on port: Int? = nil,
        settings extra: [String: String] = [:],
        faults: FaultPoints = FaultPoints(),
        at start: Date? = nil
    ) async throws -> LiveService<DispatchService> {
        try await LiveService<DispatchService>.start(
            on: port ?? dispatchPort,
            database: dispatchDatabase,
            clock: ManualBusinessClock(start ?? ServiceHarness<DispatchService>.start),
            settings: dispatchSettings.merging(extra) { _, new in new },
            faults: faults
        )
    }

    /// A `case.registered` per subject, appended straight into Intake's outbox (tenant A), one transaction
    /// each, in the order given; returns the event ids in commit order.
    func appendRegistered(for subjects: [UUID]) async throws -> [String] {
        let settings = try intakeDatabase.settings(registry: IntakeService.registry)
        let database = Database(configuration: DatabaseConfiguration(settings: settings), logger: Logger(label: "test"), metrics: nil)
        var appended: [String] = []
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await database.client.run() }
            for subject in subjects {
                let id = try await database.withTenantTransaction(TestTenants.a, logger: Logger(label: "test")) { connection in
                    try await Outbox(producer: "intake").append(
                        Self.registered(subject),
                        subjectID: subject.wire,
                        tenant: TestTenants.a,
                        now: ServiceHarness<IntakeService>.start,
                        on: connection,
                        logger: Logger(label: "test")
                    ).wire
                }
                appended.append(id)
            }
            group.cancelAll()
        }
        return appended
    }

    static func registered(_ caseID: UUID) -> CaseRegistered {
        CaseRegistered(
            caseID: caseID,
            orderNumber: "PDD-7",
            productName: "门锁",
            productModel: nil,
            quantity: 1,
            purchaseDate: LocalDate(iso: "2026-03-01")!,
            reason: "指纹失灵",
            requestedResolution: .repair,
            merchantID: UUID(uuidString: merchant)!
        )
    }

    /// Registers a case at Intake; returns its id.
    func registerCase(port: Int? = nil, order: String = "PDD-1") async throws -> String {
        let answer = try await Self.call(
            port ?? intakePort,
            "/aftersales.intake.v1.IntakeService/CreateCase",
            IntakeRequests.createBody(["productName": "扫地机器人", "productCategory": "robot_vacuum", "reason": "无法充电"], order: order),
            as: .clerk(TestTenants.a)
        )
        #expect(answer.status == .ok, "\(answer.json)")
        return answer.json["caseId"] as? String ?? ""
    }

    func caseStatus(_ caseID: String) async throws -> String? {
        let answer = try await Self.call(intakePort, "/aftersales.intake.v1.IntakeService/GetCase", ["caseId": caseID], as: .clerk(TestTenants.a))
        return answer.json["status"] as? String
    }

    static func call(_ port: Int, _ path: String, _ body: [String: Any], as caller: TestCaller) async throws -> TestClient.Response {
        let token = try await caller.token()
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.authorization] = "Bearer \(token)"
        let request = TestClient.Request(
            path,
            method: .post,
            headers: headers,
            body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        )
        return try await TestClient.withClient(host: "127.0.0.1", port: port) { client in try await client.execute(request) }
    }

    /// Rows of `sql` (the test's own, no input) as the superuser, each column as text (NULL as nil).
    static func rows(_ database: TestDatabase, _ sql: String) async throws -> [[String?]] {
        let wrapped = """
            SELECT (SELECT array_to_json(array_agg(value ORDER BY n)) FROM json_each_text(row_to_json(q)) WITH ORDINALITY AS c(key, value, n))::text
            FROM (\(sql)) q
            """
        return try await database.connect(as: "postgres") { client in
            var result: [[String?]] = []
            for try await text in try await client.query(PostgresQuery(unsafeSQL: wrapped), logger: .init(label: "test")).decode(String.self) {
                let cells = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any] ?? []
                result.append(cells.map { $0 as? String })
            }
            return result
        }
    }

    static func count(_ database: TestDatabase, _ sql: String) async throws -> Int {
        Int(try await rows(database, sql).first?.first.flatMap { $0 } ?? "") ?? -1
    }

    /// The history check: the ids of every event `producer` committed for `subscriber`, and of every event
    /// the subscriber applied, must be the same set, each applied exactly once.
    static func expectEveryEventAppliedOnce(from producer: TestDatabase, to consumer: TestDatabase, types: [String]) async throws {
        let typeList = types.map { "'\($0)'" }.joined(separator: ",")
        let committed = try await rows(producer, "SELECT id::text FROM outbox_events WHERE type IN (\(typeList))").compactMap { $0[0] }
        let applied = try await rows(consumer, "SELECT event_id::text FROM inbox_events WHERE type IN (\(typeList))").compactMap { $0[0] }
        #expect(!committed.isEmpty)
        #expect(Set(committed) == Set(applied), "committed \(committed.sorted()) vs applied \(applied.sorted())")
        #expect(applied.count == Set(applied).count, "an event applied twice")
    }
}

extension EventFixture {
    /// The Prometheus exposition of the service on `port`.
    static func metrics(_ port: Int) async throws -> String {
        let response = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.execute(.init("/metrics", method: .get))
        }
        return String(buffer: response.body ?? .init())
    }
}
