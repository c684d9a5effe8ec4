import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Models
import ServiceKit
import TestSupport
import Testing

/// SimulatePolicy on seeded cases against hand-computed answers: which decisions a draft would change,
/// which way, and the money that moves; only the last N days; nothing stored.
@Suite struct PolicySimulationTests {
    typealias Harness = ServiceHarness<IntakeService>

    static func refund(_ order: String, bought: String, price: Int) -> [String: Any] {
        IntakeRequests.createBody(
            [
                "requestedResolution": "return_and_refund", "purchaseDate": bought, "pricePaid": ["currency": "CNY", "amountMinor": price],
                "itemCondition": CompleteCaseTests.wholeItem,
            ],
            order: order
        )
    }

    static func money(_ answer: [String: Any], _ key: String) -> Int? { (answer[key] as? [String: Any])?["amountMinor"] as? Int }

    @Test func aLongerReturnWindowWouldGrantTheLateRefunds() async throws {
        try await Harness.with { harness in
            try await harness.serve { client in
                // 2026-03-10: bought 18 days before, past v1's 7-day window.
                let old = try await client.call("CreateCase", Self.refund("OLD-1", bought: "2026-02-20", price: 50_000))
                #expect((old.json["judgement"] as? [String: Any])?["status"] as? String == "not_eligible")
                try harness.clock.advance(by: 31 * 86_400)  // 2026-04-10
                let inTime = try await client.call("CreateCase", Self.refund("R-1", bought: "2026-04-05", price: 100_000))
                let late = try await client.call("CreateCase", Self.refund("R-2", bought: "2026-03-23", price: 200_000))
                let repair = try await client.call("CreateCase", IntakeRequests.createBody(order: "R-3"))
                #expect(
                    [inTime, late, repair].map { ($0.json["judgement"] as? [String: Any])?["status"] as? String } == [
                        "eligible", "not_eligible", "eligible",
                    ]
                )
                let lateID = try #require(late.json["caseId"] as? String)

                let admin = try await client.calling(as: .staff([.supervisor]))
                var request = try CompleteCaseTests.policyBody(CompleteCaseTests.generousLaptopPolicy)
                request["days"] = 30
                let answer = try await admin.call("SimulatePolicy", request)
                #expect(answer.status == .ok, "\(answer.json)")
                let result = answer.json
                #expect(result["casesEvaluated"] as? Int == 3 && result["casesSkipped"] as? Int == 0)
                #expect(result["decisionsChanged"] as? Int == 1)
                let changes = result["changes"] as? [[String: Any]] ?? []
                #expect(changes.count == 1 && changes.first?["from"] as? String == "not_eligible" && changes.first?["to"] as? String == "eligible")
                #expect(Self.money(result, "refundBefore") == 100_000 && Self.money(result, "refundAfter") == 300_000)
                #expect(Self.money(result, "deductionBefore") == 0 && Self.money(result, "deductionAfter") == 0)
                let examples = result["examples"] as? [[String: Any]] ?? []
                #expect(examples.map { $0["caseId"] as? String } == [lateID])
                #expect(Self.money(examples.first ?? [:], "refundAfter") == 200_000)

                // 31 days reach the first case too: judged at its own registration, it also changes.
                request["days"] = 31
                let wider = try await admin.call("SimulatePolicy", request).json
                #expect(wider["casesEvaluated"] as? Int == 4 && wider["decisionsChanged"] as? Int == 2)
                #expect(Self.money(wider, "refundAfter") == 350_000)

                // The same policy as in force changes nothing.
                var same = try CompleteCaseTests.policyBody(PolicyPresets.preset(.laptopShop))
                same["days"] = 31
                let unchanged = try await admin.call("SimulatePolicy", same).json
                #expect(unchanged["decisionsChanged"] as? Int == 0 && Self.money(unchanged, "refundAfter") == 100_000)
            }
            #expect(try await harness.database.rows("SELECT count(*)::text FROM policy_versions WHERE tenant_id = '\(TestTenants.a)'") == ["1"])
        }
    }

    @Test func aBadDraftOrPeriodIsRefusedWithItsPathsAndOnlyManagersSimulate() async throws {
        try await Harness.with { harness in
            try await harness.serve { client in
                var draft = PolicyPresets.preset(.laptopShop)
                draft.policyId = ""
                var request = try CompleteCaseTests.policyBody(draft)
                request["days"] = 0
                let admin = try await client.calling(as: .staff([.tenantAdmin]))
                let refused = try await admin.call("SimulatePolicy", request)
                #expect(refused.json["code"] as? String == "invalid_argument")
                #expect(
                    refused.violatedFields.contains("days") && refused.violatedFields.contains { $0.hasPrefix("policy.") },
                    "\(refused.violatedFields)"
                )
                request = try CompleteCaseTests.policyBody(PolicyPresets.preset(.laptopShop))
                request["days"] = 7
                #expect(try await client.call("SimulatePolicy", request).json["code"] as? String == "permission_denied", "a clerk does not")
            }
        }
    }
}
