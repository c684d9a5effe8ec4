import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Models
import ServiceKit
import TestSupport
import Testing

/// GetCaseStats over real PostgreSQL against answers counted by hand from the seeded cases, as they are
/// registered and as they move; from the kept counts whether or not the worker has folded them.
@Suite struct CaseStatsTests {
    typealias Harness = ServiceHarness<IntakeService>

    static func counts(_ answer: TestResponse, _ key: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for item in answer.json[key] as? [[String: Any]] ?? [] {
            counts[item["value"] as? String ?? "?"] = item["cases"] as? Int
        }
        return counts
    }

    static func series(_ answer: TestResponse) -> [String] {
        (answer.json["series"] as? [[String: Any]] ?? []).map { "\($0["periodStart"] as? String ?? "?")=\($0["cases"] as? Int ?? -1)" }
    }

    @Test func countsByEveryDimensionAgeingAndOverdueEqualTheHandCountedAnswers() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .staff([.intakeClerk, .dashboardReader])) { client in
                let c = try await DashboardCases.seed(harness, client)
                try harness.clock.set(Harness.start.addingTimeInterval(5 * 3600))
                let reader = try await client.calling(as: .staff([.dashboardReader]))
                let day = try await reader.call("GetCaseStats", ["from": "2026-03-10", "to": "2026-03-10"])
                #expect(day.status == .ok, "\(day.json)")
                #expect(day.json["cases"] as? Int == 4 && day.json["groupBy"] as? String == "day")
                #expect(Self.counts(day, "byStatus") == ["dispatched_to_merchant": 2, "in_resolution": 1, "recorded": 1])
                #expect(Self.counts(day, "byRequestedResolution") == ["exchange": 1, "repair": 1, "refund_only": 1, "return_and_refund": 1])
                #expect(Self.counts(day, "byDecidedResolution") == ["": 3, "repair": 1])
                #expect(Self.counts(day, "byMerchant") == [DashboardCases.m1.wire: 2, DashboardCases.m2.wire: 1, "": 1])
                #expect(Self.counts(day, "byCategory") == ["peripherals": 2, "laptop": 1, "monitor": 1])
                #expect(Self.counts(day, "byChannel") == ["online": 1, "phone": 1, "walk_in": 1, "chat": 1])
                #expect(Self.series(day) == ["2026-03-10=4"])
                #expect(day.json["openCases"] as? Int == 4 && day.json["overdueCases"] as? Int == 1)
                #expect(day.json["ageing"] as? [String: Int] == ["days0To2": 4, "days3To7": 0, "days8To14": 0, "days15OrMore": 0])
                // A period with every case before it counts none, yet the ageing and the overdue are of now.
                let later = try await reader.call("GetCaseStats", ["from": "2026-03-11", "to": "2026-03-13"])
                #expect(later.json["cases"] as? Int == 0 && Self.counts(later, "byStatus") == [:])
                #expect(Self.series(later) == ["2026-03-11=0", "2026-03-12=0", "2026-03-13=0"])
                #expect(later.json["openCases"] as? Int == 4)

                // Ten days on: the laptop is handed back (resolved), the mouse's merchant is late too.
                try harness.clock.set(Harness.start.addingTimeInterval(10 * 86400))
                let handedBack = try CaseTimelineTests.envelope(
                    RepairOrderChanged(
                        repairOrderID: .v7(),
                        caseID: c.laptop,
                        stage: .returnedToCustomer,
                        status: .delivered,
                        step: "handed_over",
                        dueAt: nil
                    ),
                    case: c.laptop,
                    at: 9 * 86400
                )
                #expect(try await CaseTimelineTests.deliver(client, [handedBack]).json["applied"] as? Int == 1)
                let weeks = try await reader.call("GetCaseStats", ["from": "2026-03-01", "to": "2026-03-20", "groupBy": "week"])
                #expect(Self.counts(weeks, "byStatus") == ["dispatched_to_merchant": 2, "resolved": 1, "recorded": 1])
                #expect(Self.series(weeks) == ["2026-02-23=0", "2026-03-02=0", "2026-03-09=4", "2026-03-16=0"], "Monday to Sunday")
                #expect(weeks.json["openCases"] as? Int == 3 && weeks.json["overdueCases"] as? Int == 2)
                #expect(weeks.json["ageing"] as? [String: Int] == ["days0To2": 0, "days3To7": 0, "days8To14": 3, "days15OrMore": 0])
                let months = try await reader.call("GetCaseStats", ["from": "2026-02-15", "to": "2026-04-01", "groupBy": "month"])
                #expect(Self.series(months) == ["2026-02-01=0", "2026-03-01=4", "2026-04-01=0"])
                // Another tenant counts nothing of these.
                let other = try await client.calling(as: .staff([.dashboardReader], of: TestTenants.b))
                let none = try await other.call("GetCaseStats", ["from": "2026-03-01", "to": "2026-03-20"])
                #expect(none.json["cases"] as? Int == 0 && none.json["openCases"] as? Int == 0)
                let backwards = try await reader.call("GetCaseStats", ["from": "2026-03-10", "to": "2026-03-09"])
                #expect(backwards.code == "invalid_argument" && backwards.violatedFields == ["to"])
            }
        }
    }
}
