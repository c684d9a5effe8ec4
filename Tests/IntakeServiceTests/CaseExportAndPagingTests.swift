import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Models
import NIOCore
import ServiceKit
import TestSupport
import Testing

/// The CSV export's content, and pages that neither lose nor repeat a case while cases are registered.
@Suite struct CaseExportAndPagingTests {
    typealias Harness = ServiceHarness<IntakeService>

    @Test func theExportIsASpreadsheetsCSVOfTheListsColumnsNewestFirst() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .staff([.intakeClerk, .dashboardReader])) { client in
                let c = try await DashboardCases.seed(harness, client)
                try harness.clock.set(Harness.start.addingTimeInterval(5 * 3600))
                let answer = try await client.call("ExportCases", [:])
                #expect(answer.status == .ok)
                #expect(answer.headers[.contentType]?.hasPrefix("text/csv") == true)
                let bytes = Array(answer.answerBody.readableBytesView)
                #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 with a byte-order mark")
                let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
                let lines = text.components(separatedBy: "\r\n")
                #expect(lines.count == 6 && lines.last == "", "a header, four cases, a final line break")
                #expect(
                    lines.first
                        == "case_id,created_at,status,merchant_id,order_number,order_line,product_name,product_category,product_brand,serial_number,channel,customer_name,customer_phone_last4,requested_resolution,decided_resolution,due_at,overdue"
                )
                #expect(lines.dropFirst().prefix(4).map { String($0.prefix(36)) } == [c.monitor, c.keyboard, c.laptop, c.mouse].map { $0.wire })
                #expect(
                    lines[1]
                        == "\(c.monitor.wire),2026-03-10T05:00:00.000Z,dispatched_to_merchant,\(DashboardCases.m2.wire),JD-4004,,显示器 27寸,monitor,Dell,,chat,李娜,5678,return_and_refund,,2026-03-10T06:00:00.000Z,true"
                )
                // A comma is quoted; a brand that would run as a formula is led by an apostrophe.
                #expect(lines[2].contains(",\"机械键盘, 青轴\",peripherals,'=Cherry,,walk_in,张伟明,1111,refund_only,,,false"), "\(lines[2])")
                #expect(lines[3].contains(",repair,repair,,false"), "the laptop: repair asked and agreed, no deadline")

                let filtered = try await client.call("ExportCases", ["filter": ["category": "peripherals"]])
                let rows = String(buffer: filtered.answerBody).components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
                #expect(rows.map { String($0.prefix(36)) } == [c.keyboard, c.mouse].map { $0.wire })
                let bad = try await client.call("ExportCases", ["filter": ["query": "a"]])
                #expect(bad.code == "invalid_argument" && bad.violatedFields == ["filter.query"])
            }
        }
    }

    @Test func noCaseIsLostOrRepeatedAcrossPagesWhileFiveHundredAreRegistered() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .staff([.intakeClerk, .dashboardReader])) { client in
                // 150 cases a second apart (so the newest-first key is the registration time, not the id alone),
                // a third of them queued with deadlines a few hours apart (several on the same instant).
                var before: Set<String> = []
                var queued: [String] = []
                for index in 0..<150 {
                    try harness.clock.advance(by: 1)
                    let created = try await client.call("CreateCase", IntakeRequests.createBody(["channel": index % 3 == 0 ? "phone" : "online"]))
                    let caseID = try #require(created.json["caseId"] as? String)
                    before.insert(caseID)
                    if index % 3 == 1, let id = UUID(uuidString: caseID) {
                        let fields = MerchantCaseFields(
                            caseID: id,
                            merchantID: IntakeFixture.merchant,
                            respondBy: Harness.start.addingTimeInterval(Double(index % 7) * 3600)
                        )
                        queued.append(try CaseTimelineTests.envelope(CaseQueuedForMerchant(fields), case: id, at: Double(index) + 0.5))
                    }
                }
                #expect(try await CaseTimelineTests.deliver(client, queued).json["applied"] as? Int == 50)
                let phoneBefore = try await Self.all(client, filter: ["channel": "phone"], order: "newest")
                let (newest, byDeadline, phone, registered) = try await withThrowingTaskGroup(of: [String].self) { group in
                    group.addTask {
                        // Ten lanes of 50 registrations each, while the lists page.
                        try await withThrowingTaskGroup(of: [String].self) { lanes in
                            for lane in 0..<10 {
                                lanes.addTask {
                                    var ids: [String] = []
                                    for index in 0..<50 {
                                        try harness.clock.advance(by: 0.001)
                                        let body = IntakeRequests.createBody(["channel": (lane + index) % 3 == 0 ? "phone" : "online"])
                                        ids.append(try #require(try await client.call("CreateCase", body).json["caseId"] as? String))
                                    }
                                    return ids
                                }
                            }
                            return try await lanes.reduce(into: []) { $0 += $1 }
                        }
                    }
                    let newest = try await Self.all(client, filter: [:], order: "newest")
                    let byDeadline = try await Self.all(client, filter: [:], order: "deadline")
                    let phone = try await Self.all(client, filter: ["channel": "phone"], order: "newest")
                    let registered = try await group.reduce(into: []) { $0 += $1 }
                    return (newest, byDeadline, phone, registered)
                }
                #expect(registered.count == 500)
                for (name, seen) in [("newest", newest), ("deadline", byDeadline), ("phone", phone)] {
                    #expect(Set(seen).count == seen.count, "\(name): a case repeated across pages")
                    #expect(Set(seen).isSubset(of: before.union(registered)), "\(name)")
                }
                #expect(before.isSubset(of: Set(newest)), "every case there before the paging began is on a page")
                #expect(before.isSubset(of: Set(byDeadline)))
                #expect(Set(phoneBefore).isSubset(of: Set(phone)))
                let everything = try await Self.all(client, filter: [:], order: "newest")
                #expect(everything.count == 650 && Set(everything).count == 650)
                let deadlines = try await Self.all(client, filter: ["statuses": ["dispatched_to_merchant"]], order: "deadline")
                #expect(deadlines.count == 50 && Set(deadlines).count == 50, "the queued cases, each once, by deadline then id")
            }
        }
    }

    /// Every case of a list, page by page (20 a page).
    static func all(_ client: ServiceTestClient, filter: [String: Any], order: String) async throws -> [String] {
        var ids: [String] = []
        var token: String?
        repeat {
            var body: [String: Any] = ["filter": filter, "orderBy": order, "pageSize": 20]
            if let token { body["pageToken"] = token }
            let page = try await client.call("ListCases", body)
            #expect(page.status == .ok, "\(page.json)")
            ids += DashboardCases.ids(page).map(\.wire)
            token = page.json["nextPageToken"] as? String
        } while token != nil && ids.count < 5000
        return ids
    }
}
