import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Models
import NIOCore
import PostgresNIO
import ServiceKit
import Synchronization
import TestSupport
import Testing

/// Dashboards and the archive through the running Intake and Dispatch with the test clock (rules.md §2(i),
/// T-43): cases registered at Intake and queued by Dispatch are listed by status, by deadline and by text;
/// a silent merchant's case turns overdue at its deadline to the second and stays so when Dispatch marks it;
/// the statistics count what was done, before and after the worker folds the counts; the archive finds a
/// customer by a device's serial and merges a duplicate; an export of 100,000 cases streams within 64 MiB.
@Suite(.serialized) struct DashboardSystemTests {
    static let admin = TestCaller.staff([.tenantAdmin], subject: "admin-a")
    static let reader = TestCaller.staff([.dashboardReader], subject: "board-1")
    static let care = TestCaller.staff([.csAgent], subject: "cs-1")
    static let start = RFC3339.date("2026-12-01T02:00:00Z")!  // 10:00 in Shanghai

    static func ids(_ answer: TestClient.Response) -> [String] {
        (answer.json["cases"] as? [[String: Any]] ?? []).compactMap { $0["caseId"] as? String }
    }

    static func list(_ platform: RunningPlatform, _ filter: [String: Any], orderBy: String = "newest") async throws -> TestClient.Response {
        try await platform.call("intake", "ListCases", ["filter": filter, "orderBy": orderBy], as: reader)
    }

    @Test func casesAreListedCountedFoundAndExportedAsTheyMoveThroughDispatch() async throws {
        try await RunningPlatform.with(["intake", "dispatch"]) { platform in
            try await platform.clock.set(Self.start)
            let merchant: [String: Any] = ["name": "赛格数码", "contacts": [["name": "王经理", "phone": "13800138000"]], "regions": ["华南"]]
            let m1 = try #require(try await platform.ok("dispatch", "CreateMerchant", merchant, as: Self.admin)["merchantId"] as? String)
            try await platform.clock.drain()
            func register(_ overrides: [String: Any], order: String) async throws -> String {
                let created = try await platform.ok(
                    "intake",
                    "CreateCase",
                    IntakeRequests.createBody(overrides, order: order),
                    as: .clerk(TestTenants.a)
                )
                return created["caseId"] as? String ?? ""
            }
            let purifier = try await register(
                [
                    "merchantId": m1, "customer": ["name": "赵磊", "phone": "13600001234"], "productName": "小米空气净化器 4",
                    "productCategory": "appliance", "productBrand": "Xiaomi", "serialNumber": "MI-778899",
                ],
                order: "SYS-1"
            )
            try await platform.clock.advance(by: 60)
            let watch = try await register(
                ["merchantId": m1, "customer": ["name": "钱芳", "phone": "13500005678"], "productName": "华为手表 GT4", "productCategory": "wearable"],
                order: "SYS-2"
            )
            try await platform.clock.advance(by: 60)
            let kettle = try await register(
                [
                    "merchantId": NSNull(), "customer": ["name": "赵磊", "phone": "136-0000-1234"], "productName": "电热水壶",
                    "productCategory": "appliance",
                ],
                order: "SYS-3"
            )
            try await platform.clock.drain()

            // Dispatch queued the two with a merchant: each runs against its 48-hour deadline.
            let queued = try await Self.list(platform, ["statuses": ["dispatched_to_merchant"]], orderBy: "deadline")
            #expect(Self.ids(queued) == [purifier, watch], "\(queued.json)")
            let listedDue = (queued.json["cases"] as? [[String: Any]])?.first?["dueAt"] as? String
            let due = try #require(listedDue.flatMap(RFC3339.date), "\(queued.json)")
            #expect(due.timeIntervalSince(Self.start) >= 48 * 3600, "Dispatch's 48-hour deadline")
            let acknowledged = try await platform.call("dispatch", "AcknowledgeCase", ["caseId": watch], as: .merchant(m1))
            #expect(acknowledged.status == .ok, "\(acknowledged.json)")
            try await platform.clock.drain()

            // The purifier's merchant stays silent: not overdue before its deadline, overdue a second after.
            // A second before its deadline (at the instant itself Dispatch's timer may already have marked it late).
            try await platform.clock.set(due.addingTimeInterval(-1))
            let onTime = try await Self.list(platform, ["overdue": true])
            #expect(onTime.status == .ok && Self.ids(onTime) == [])
            try await platform.clock.set(due.addingTimeInterval(1))
            #expect(Self.ids(try await Self.list(platform, ["overdue": true])) == [purifier])
            try await platform.clock.drain()
            let late = try await Self.list(platform, ["overdue": true])
            #expect(Self.ids(late) == [purifier], "Dispatch's notice keeps the deadline it missed")
            #expect((late.json["cases"] as? [[String: Any]])?.first?["status"] as? String == "merchant_response_overdue")

            // Statistics of the day, counted by hand: three registered, one at the merchant, one late, one waiting.
            let expected: [String: Int] = ["merchant_response_overdue": 1, "at_merchant": 1, "recorded": 1]
            let stats = try await platform.ok("intake", "GetCaseStats", ["from": "2026-12-01", "to": "2026-12-01"], as: Self.reader)
            #expect(Self.counts(stats["byStatus"]) == expected && stats["cases"] as? Int == 3 && stats["overdueCases"] as? Int == 1)
            #expect(Self.counts(stats["byMerchant"]) == [m1: 2, "": 1] && Self.counts(stats["byCategory"]) == ["appliance": 2, "wearable": 1])
            #expect(stats["ageing"] as? [String: Int] == ["days0To2": 3, "days3To7": 0, "days8To14": 0, "days15OrMore": 0])
            // The worker folds the changes into the kept counts; the answer does not move.
            let intake = try #require(platform.databases["intake"])
            var waited = 0
            while try await intake.count("case_count_changes") > 0 && waited < 100 {
                try await Task.sleep(for: .milliseconds(100))
                waited += 1
            }
            #expect(try await intake.count("case_count_changes") == 0, "folded")
            #expect(try await intake.count("case_counts") > 0)
            let folded = try await platform.ok("intake", "GetCaseStats", ["from": "2026-12-01", "to": "2026-12-01"], as: Self.reader)
            #expect(Self.counts(folded["byStatus"]) == expected && folded["cases"] as? Int == 3)
            // Whole months come from the monthly counts the worker keeps beside the daily ones.
            let months = try await platform.ok(
                "intake",
                "GetCaseStats",
                ["from": "2026-11-01", "to": "2026-12-31", "groupBy": "month"],
                as: Self.reader
            )
            #expect(Self.counts(months["byStatus"]) == expected && months["cases"] as? Int == 3)
            #expect((months["series"] as? [[String: Any]])?.compactMap { $0["cases"] as? Int } == [0, 3])
            let week = try await platform.ok(
                "intake",
                "GetCaseStats",
                ["from": "2026-11-30", "to": "2026-12-06", "groupBy": "week"],
                as: Self.reader
            )
            #expect((week["series"] as? [[String: Any]])?.compactMap { $0["cases"] as? Int } == [3] && week["cases"] as? Int == 3)

            // Text search, the archive and a merge.
            #expect(Self.ids(try await Self.list(platform, ["query": "空气净化"])) == [purifier])
            #expect(Self.ids(try await Self.list(platform, ["query": "赵磊"])) == [kettle, purifier])
            #expect(Self.ids(try await Self.list(platform, ["query": "1234"])) == [kettle, purifier])
            let archive = try await platform.ok("intake", "GetCustomerArchive", ["serialNumber": "MI-778899"], as: Self.care)
            let customer = (archive["customers"] as? [[String: Any]])?.first
            #expect(customer?["customerPhone"] as? String == "+8613600001234")
            #expect((customer?["cases"] as? [[String: Any]])?.compactMap { $0["caseId"] as? String } == [kettle, purifier])
            let merge: [String: Any] = ["customerPhone": "13600001234", "duplicatePhone": "13500005678", "reason": "客户来电确认同一人"]
            _ = try await platform.ok("intake", "MergeCustomers", merge, as: Self.care)
            let merged = try await platform.ok("intake", "GetCustomerArchive", ["customerPhone": "135 0000 5678"], as: Self.care)
            let all = (merged["customers"] as? [[String: Any]])?.first
            #expect((all?["cases"] as? [[String: Any]])?.compactMap { $0["caseId"] as? String } == [kettle, watch, purifier])
            #expect((all?["merges"] as? [[String: Any]])?.first?["mergedBy"] as? String == "cs-1")

            // The merchant's cases as CSV; another tenant sees none of this.
            let export = try await platform.call("intake", "ExportCases", ["filter": ["merchantId": m1]], as: Self.reader)
            let rows = String(buffer: export.body ?? ByteBuffer()).components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
            #expect(export.status == .ok && rows.map { String($0.prefix(36)) } == [watch, purifier])
            let other = TestCaller.staff([.dashboardReader], of: TestTenants.b)
            let elsewhere = try await platform.call("intake", "ListCases", [:], as: other)
            #expect(elsewhere.status == .ok && Self.ids(elsewhere) == [])
        }
    }

    @Test func anExportOfAHundredThousandCasesStreamsWithLessThanSixtyFourMebibytesMore() async throws {
        try await RunningPlatform.with(["intake"]) { platform in
            let intake = try #require(platform.databases["intake"])
            try await intake.connect(as: "postgres") { client in
                try await client.query(
                    """
                    INSERT INTO cases (tenant_id, id, status, order_number, product_name, quantity, purchase_date, reason,
                                       requested_resolution, merchant_id, created_at, channel, customer_name, customer_phone,
                                       product_category, product_brand, serial_number)
                    SELECT \(TestTenants.a.uuid), gen_random_uuid(), 'closed', 'BULK-' || i, '批量商品 ' || i, 1, '2026-10-01',
                           '质量问题', 'repair', NULL, '2026-10-02T02:00:00Z'::timestamptz + i * interval '1 second', 'online',
                           '客户' || i, '+86139' || lpad(i::text, 8, '0'), 'bulk', 'BrandX', 'SN-' || i
                    FROM generate_series(1, 100000) AS i
                    """,
                    logger: Logger(label: "seed")
                )
            }
            let pid = try #require(platform.processes.first { $0.service == "intake" }?.pid)
            let baseline = try #require(Self.residentKiB(pid))
            let peak = Mutex(baseline)
            let sampler = Task {
                while !Task.isCancelled {
                    if let now = Self.residentKiB(pid) { peak.withLock { $0 = max($0, now) } }
                    try? await Task.sleep(for: .milliseconds(20))
                }
            }
            let began = ContinuousClock.now
            let token = try await Self.reader.token()
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[.authorization] = "Bearer \(token)"
            let request = TestClient.Request(
                "/aftersales.intake.v1.IntakeService/ExportCases",
                method: .post,
                headers: headers,
                body: ByteBuffer(string: "{}")
            )
            // The whole file in one answer: more time than a call's 15 seconds on a slow machine.
            let export = try await TestClient.withClient(
                host: "127.0.0.1",
                port: platform.port("intake"),
                configuration: .init(timeout: .seconds(180))
            ) {
                try await $0.execute(request)
            }
            let took = ContinuousClock.now - began
            sampler.cancel()
            _ = await sampler.value
            #expect(export.status == .ok)
            let bytes = export.body?.readableBytes ?? 0
            let lines = String(buffer: export.body ?? ByteBuffer()).components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 100_001, "the header and every case")
            let grown = (peak.withLock { $0 } - baseline) / 1024
            print("export: \(bytes / 1_048_576) MiB of CSV in \(took); the service's resident memory grew by \(grown) MiB at most")
            #expect(grown < 64, "resident memory grew by \(grown) MiB")
            #expect(bytes > 64 * 1_048_576 / 8, "the file itself is large: \(bytes) bytes")
        }
    }

    /// The resident set of a process in KiB (`VmRSS` of /proc/<pid>/status).
    static func residentKiB(_ pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") }
    }

    static func counts(_ items: Any?) -> [String: Int] {
        var counts: [String: Int] = [:]
        for item in items as? [[String: Any]] ?? [] { counts[item["value"] as? String ?? "?"] = item["cases"] as? Int }
        return counts
    }
}
