import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Models
import ServiceKit
import TestSupport
import Testing

/// ListCases over real PostgreSQL: each filter alone and combined, text search in Chinese and by the
/// phone's last digits, the deadline order, pages, merchants' own view, and what is refused.
@Suite struct CaseListTests {
    typealias Harness = ServiceHarness<IntakeService>

    static func list(_ client: ServiceTestClient, _ filter: [String: Any], _ more: [String: Any] = [:]) async throws -> [UUID] {
        var body = more
        body["filter"] = filter
        let answer = try await client.call("ListCases", body)
        #expect(answer.status == .ok, "\(filter): \(answer.json)")
        return DashboardCases.ids(answer)
    }

    @Test func eachFilterAloneAndCombinedFindsExactlyItsCases() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .staff([.intakeClerk, .dashboardReader])) { client in
                let c = try await DashboardCases.seed(harness, client)
                // Five hours after the start: the monitor's merchant missed its 4-hour deadline.
                try harness.clock.set(Harness.start.addingTimeInterval(5 * 3600))
                let reader = try await client.calling(as: .staff([.dashboardReader]))
                #expect(try await Self.list(reader, [:]) == [c.monitor, c.keyboard, c.laptop, c.mouse], "newest first")
                #expect(try await Self.list(reader, ["statuses": ["dispatched_to_merchant"]]) == [c.monitor, c.mouse])
                #expect(try await Self.list(reader, ["statuses": ["recorded", "in_resolution"]]) == [c.keyboard, c.laptop])
                #expect(try await Self.list(reader, ["merchantId": DashboardCases.m2.wire]) == [c.monitor])
                #expect(try await Self.list(reader, ["merchantId": DashboardCases.m1.wire]) == [c.laptop, c.mouse])
                #expect(try await Self.list(reader, ["requestedResolution": "refund_only"]) == [c.keyboard])
                #expect(try await Self.list(reader, ["decidedResolution": "repair"]) == [c.laptop])
                #expect(try await Self.list(reader, ["category": "peripherals"]) == [c.keyboard, c.mouse])
                #expect(try await Self.list(reader, ["brand": "Lenovo"]) == [c.laptop])
                #expect(try await Self.list(reader, ["channel": "chat"]) == [c.monitor])
                let from = RFC3339.string(Harness.start.addingTimeInterval(1800))
                let before = RFC3339.string(Harness.start.addingTimeInterval(2 * 3600 + 1800))
                #expect(try await Self.list(reader, ["createdFrom": from, "createdBefore": before]) == [c.keyboard, c.laptop])
                #expect(try await Self.list(reader, ["createdFrom": RFC3339.string(Harness.start.addingTimeInterval(3 * 3600))]) == [c.monitor])
                #expect(try await Self.list(reader, ["overdue": true]) == [c.monitor])
                #expect(try await Self.list(reader, ["overdue": false]) == [c.keyboard, c.laptop, c.mouse])
                // Combined: every field narrows.
                #expect(try await Self.list(reader, ["category": "peripherals", "channel": "walk_in"]) == [c.keyboard])
                #expect(try await Self.list(reader, ["statuses": ["dispatched_to_merchant"], "overdue": false]) == [c.mouse])
                #expect(
                    try await Self.list(reader, ["merchantId": DashboardCases.m1.wire, "decidedResolution": "repair", "brand": "Lenovo"]) == [
                        c.laptop
                    ]
                )
                #expect(try await Self.list(reader, ["category": "peripherals", "brand": "Lenovo"]) == [])
                // At its deadline the mouse's merchant is not late yet; a second after, it is.
                try harness.clock.set(Harness.start.addingTimeInterval(48 * 3600))
                #expect(try await Self.list(reader, ["overdue": true]) == [c.monitor])
                try harness.clock.set(Harness.start.addingTimeInterval(48 * 3600 + 1))
                #expect(try await Self.list(reader, ["overdue": true]) == [c.monitor, c.mouse])
            }
        }
    }

    @Test func textSearchFindsChineseSubstringsPhonesOrdersSerialsAndNamesFromTheirStart() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .staff([.intakeClerk, .csAgent])) { client in
                let c = try await DashboardCases.seed(harness, client)
                #expect(try await Self.list(client, ["query": "无线鼠"]) == [c.mouse], "three Chinese characters inside the product")
                #expect(try await Self.list(client, ["query": "张伟"]) == [c.keyboard, c.mouse], "a two-character name from its start")
                #expect(try await Self.list(client, ["query": "伟明"]) == [], "two characters match a name's start only")
                #expect(try await Self.list(client, ["query": "张伟明"]) == [c.keyboard])
                #expect(try await Self.list(client, ["query": "5678"]) == [c.monitor, c.laptop], "the phone's last four digits")
                #expect(try await Self.list(client, ["query": "13800138000"]) == [c.mouse])
                #expect(try await Self.list(client, ["query": "PDD-20"]) == [c.laptop])
                #expect(try await Self.list(client, ["query": "SN-A"]) == [c.mouse])
                #expect(try await Self.list(client, ["query": "thinkpad"]) == [], "case-sensitive, as typed")
                #expect(try await Self.list(client, ["query": "ThinkPad"]) == [c.laptop])
                #expect(try await Self.list(client, ["query": "1%0"]) == [], "% is a character, not a wildcard")
                #expect(try await Self.list(client, ["query": "3_0"]) == [], "_ is a character, not a wildcard")
                #expect(try await Self.list(client, ["query": "键盘, 青"]) == [c.keyboard])
                #expect(try await Self.list(client, ["query": "张伟", "statuses": ["recorded"]]) == [c.keyboard])
                let short = try await client.call("ListCases", ["filter": ["query": " 张 "]])
                #expect(short.code == "invalid_argument" && short.violatedFields == ["filter.query"])
            }
        }
    }

    @Test func theDeadlineOrderPagesSoonestFirstAndCasesWithoutOneLast() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .staff([.intakeClerk, .supervisor])) { client in
                let c = try await DashboardCases.seed(harness, client)
                let expected = [c.monitor, c.mouse, c.laptop, c.keyboard]
                #expect(try await Self.list(client, [:], ["orderBy": "deadline", "pageSize": 100]) == expected)
                var seen: [UUID] = []
                var token: String?
                repeat {
                    var body: [String: Any] = ["orderBy": "deadline", "pageSize": 1]
                    if let token { body["pageToken"] = token }
                    let page = try await client.call("ListCases", body)
                    #expect(page.status == .ok, "\(page.json)")
                    seen += DashboardCases.ids(page)
                    token = page.json["nextPageToken"] as? String
                    if let token {
                        // A token of the deadline order is not one of the newest-first order, nor of another filter.
                        let other = try await client.call("ListCases", ["pageToken": token])
                        #expect(other.code == "invalid_argument" && other.violatedFields == ["pageToken"])
                    }
                } while token != nil && seen.count < 10
                #expect(seen == expected, "one case a page, in the same order")
                let listing = try await client.call("ListCases", ["orderBy": "deadline"])
                let first = (listing.json["cases"] as? [[String: Any]])?.first
                #expect(first?["dueAt"] as? String == "2026-03-10T06:00:00Z" && first?["overdue"] as? Bool == false)
                #expect(first?["customerName"] as? String == "李娜" && first?["customerPhoneLast4"] as? String == "5678")
                #expect(first?["merchantId"] as? String == DashboardCases.m2.wire && first?["channel"] as? String == "chat")
            }
        }
    }

    /// Events arrive out of order: a step that happened before the one that set the case's deadline, or
    /// before the agreement it keeps, changes neither; a later one does.
    @Test func aLateArrivingEarlierStepNeverMovesTheDeadlineOrTheDecidedResolutionBack() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .staff([.intakeClerk, .dashboardReader])) { client in
                let c = try await DashboardCases.seed(harness, client)
                let start = Harness.start
                func row(_ caseID: UUID) async throws -> [String: Any]? {
                    let listing = try await client.call("ListCases", [:])
                    return (listing.json["cases"] as? [[String: Any]])?.first { $0["caseId"] as? String == caseID.wire }
                }
                func chase(_ number: Int, dueIn hours: Double, at seconds: Double) throws -> String {
                    let chased = CaseChased(
                        caseID: c.mouse,
                        merchantID: DashboardCases.m1,
                        step: .acknowledge,
                        chaseNumber: number,
                        dueAt: start.addingTimeInterval(hours * 3600)
                    )
                    return try CaseTimelineTests.envelope(chased, case: c.mouse, at: seconds)
                }
                func agreed(_ resolution: Resolution, at seconds: Double) throws -> String {
                    let agreement = ResolutionAgreed(caseID: c.laptop, merchantID: DashboardCases.m1, resolution: resolution, refund: nil)
                    return try CaseTimelineTests.envelope(agreement, case: c.laptop, at: seconds)
                }
                // The second chase (due at +72 h) arrives first; the first (due at +60 h, made an hour earlier) after it.
                _ = try await CaseTimelineTests.deliver(client, [try chase(2, dueIn: 72, at: 50 * 3600)])
                _ = try await CaseTimelineTests.deliver(client, [try chase(1, dueIn: 60, at: 49 * 3600)])
                // 72 hours after the start (10:00 Beijing on 10 March).
                #expect(try await row(c.mouse)?["dueAt"] as? String == "2026-03-13T02:00:00Z")
                // An agreement older than the laptop's repair arrives late: the repair stays decided; a newer one wins.
                _ = try await CaseTimelineTests.deliver(client, [try agreed(.refundOnly, at: 3625)])
                #expect(try await Self.list(client, ["decidedResolution": "repair"]) == [c.laptop])
                _ = try await CaseTimelineTests.deliver(client, [try agreed(.exchange, at: 3700)])
                #expect(try await Self.list(client, ["decidedResolution": "exchange"]) == [c.laptop])
                #expect(try await Self.list(client, ["decidedResolution": "repair"]) == [])
            }
        }
    }

    @Test func aMerchantListsItsOwnCasesWithoutTheCustomerAndOthersAreRefusedOrSeeNothing() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .staff([.intakeClerk])) { client in
                let c = try await DashboardCases.seed(harness, client)
                let merchant = try await client.calling(as: .merchant(IntakeRequests.merchant))
                let own = try await merchant.call("ListCases", [:])
                #expect(DashboardCases.ids(own) == [c.laptop, c.mouse])
                for listed in own.json["cases"] as? [[String: Any]] ?? [] {
                    #expect(listed["customerName"] as? String == "" && listed["customerPhoneLast4"] == nil)
                }
                #expect(try await Self.list(merchant, ["merchantId": DashboardCases.m2.wire]) == [], "never another merchant's")
                #expect(try await Self.list(merchant, ["query": "ThinkPad"]) == [c.laptop])
                #expect(try await Self.list(merchant, ["query": "13800138000"]) == [], "a merchant's search never reads the customer")
                let byName = try await merchant.call("ListCases", ["filter": ["query": "张伟"]])
                #expect(byName.code == "invalid_argument" && byName.violatedFields == ["filter.query"])
                #expect(try await merchant.call("ExportCases", [:]).code == "permission_denied")
                #expect(try await merchant.call("GetCaseStats", ["from": "2026-03-10", "to": "2026-03-10"]).code == "permission_denied")
                let storefront = try await client.calling(as: .staff([.storefront]))
                #expect(try await storefront.call("ListCases", [:]).code == "permission_denied")
                let otherTenant = try await client.calling(as: .staff([.dashboardReader], of: TestTenants.b))
                #expect(try await Self.list(otherTenant, [:]) == [])
                let bad = try await client.calling(as: .staff([.dashboardReader]))
                let backwards = try await bad.call(
                    "ListCases",
                    [
                        "filter": [
                            "createdFrom": "2026-03-11T00:00:00Z", "createdBefore": "2026-03-10T00:00:00Z", "category": "  ",
                            "statuses": ["closed", "closed"],
                        ]
                    ]
                )
                #expect(
                    backwards.code == "invalid_argument"
                        && backwards.violatedFields == ["filter.createdBefore", "filter.category", "filter.statuses"]
                )
            }
        }
    }
}
