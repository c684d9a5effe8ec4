import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import RepairsService
import ServiceKit
import TestSupport
import Testing

/// Quotes per estimate method through the API, against amounts computed by hand (rules.md §2(e) 2e-W step 1,
/// WS-04/05/06/16, SH-12/13).
@Suite struct RepairQuoteApiTests {
    typealias Fixture = RepairsFixture

    static func quote(_ client: ServiceTestClient, _ body: [String: Any]) async throws -> TestResponse {
        let order = try await Fixture.order(client)
        try await Fixture.checkIn(client, order)
        return try await client.call("QuoteRepair", body.merging(["repairOrderId": order]) { $1 })
    }

    @Test func eachMethodPricesAsTheWorkshopWould() async throws {
        try await Fixture.Harness.with { harness in
            try await harness.serve(as: Fixture.technician) { client in
                // System: ¥200.00 + ¥150.00 (the latter under warranty) → ¥200.00 to pay, ¥150.00 covered.
                let system = try await Self.quote(
                    client,
                    [
                        "method": "system", "workMinutes": 60,
                        "lines": [Fixture.package(200, "电源系统检修"), Fixture.package(150, "散热系统清洁", coverage: "warranty")],
                    ]
                )
                let s = try #require(system.json["quote"] as? [String: Any], "\(system.json)")
                #expect(Fixture.amount(s["total"]) == 20_000 && Fixture.amount(s["coveredByWarranty"]) == 15_000)
                #expect(s["qualityCaveat"] as? Bool == false && Fixture.amount(s["riskPremium"]) == 0)

                // Symptom: ¥300.00 + a ¥100.00 part = ¥400.00, plus the 10 % risk premium ¥40.00 → ¥440.00.
                let symptom = try await Self.quote(
                    client,
                    ["method": "symptom", "workMinutes": 240, "lines": [Fixture.package(300, "消除开机无显示"), Fixture.part(100)]]
                )
                let m = try #require(symptom.json["quote"] as? [String: Any], "\(symptom.json)")
                #expect(Fixture.amount(m["subtotal"]) == 40_000 && Fixture.amount(m["riskPremium"]) == 4_000 && Fixture.amount(m["total"]) == 44_000)
                // 240 min of work, a 20 % margin of 48 min — below the least margin of an hour: 02:00 + 5 h.
                #expect(symptom.json["promisedBy"] as? String == "2026-03-10T07:00:00Z")

                // Item: 45 min at ¥100/h = ¥75.00; a class-c screen to order at ¥800.00 (3 days) → deposit ≥ ¥400.00;
                // an aftermarket key component the customer insisted on, and the customer's own part: no guarantee.
                let item = try await Self.quote(
                    client,
                    [
                        "method": "item", "workMinutes": 600,
                        "lines": [
                            Fixture.labour(45, perHour: 100),
                            Fixture.part(800, ["origin": "to_order", "valueClass": "c", "leadTimeDays": 3], "屏幕总成"),
                            Fixture.part(60, ["kind": "aftermarket_part", "keyComponent": true, "customerInsisted": true], "副厂电池"),
                            Fixture.part(90, ["origin": "customer_supplied"], "客户自带内存条"),
                        ],
                    ]
                )
                let i = try #require(item.json["quote"] as? [String: Any], "\(item.json)")
                #expect(Fixture.amount(i["total"]) == Int64(7_500 + 80_000 + 6_000), "the customer's own part costs nothing")
                #expect(Fixture.amount(i["minimumDeposit"]) == 40_000)
                #expect(i["noGuaranteeLines"] as? [Int] == [2, 3] && i["qualityCaveat"] as? Bool == true)
                // 3 days for the screen, then 600 min and a 120 min margin: 02:00 + 3 d + 12 h.
                #expect(item.json["promisedBy"] as? String == "2026-03-13T14:00:00Z")
                let lines = try #require(i["lines"] as? [[String: Any]])
                #expect(lines.map { $0["noGuarantee"] as? Bool } == [false, false, true, true])
            }
        }
    }

    @Test func theProductsWarrantyDecidesTheLinesNotSaidOtherwise() async throws {
        try await Fixture.Harness.with { harness in
            try await harness.serve(as: Fixture.technician) { client in
                let lines = [Fixture.package(200, "主板检修"), Fixture.package(50, "清洁保养", coverage: "chargeable")]
                // The warranty's last day is today (in Shanghai): still covered.
                let inside = try await Self.quote(
                    client,
                    ["method": "system", "workMinutes": 60, "lines": lines, "productWarrantyEnds": "2026-03-10"]
                )
                #expect(Fixture.amount((inside.json["quote"] as? [String: Any])?["total"]) == 5_000, "\(inside.json)")
                let outside = try await Self.quote(
                    client,
                    ["method": "system", "workMinutes": 60, "lines": lines, "productWarrantyEnds": "2026-03-09"]
                )
                #expect(Fixture.amount((outside.json["quote"] as? [String: Any])?["total"]) == 25_000, "\(outside.json)")
            }
        }
    }

    /// The leather shop (LG-16, LG-17, LG-19): a quality problem within a month of receipt is repaired at the
    /// company's cost; after the month, or not a quality problem, the repair is paid. Today is 10 March.
    @Test func theLeatherShopsOneMonthRuleDecidesWhoPays() async throws {
        try await Fixture.Harness.with { harness in
            try await harness.serve(as: Fixture.technician) { client in
                func total(received: String, quality: Bool) async throws -> TestResponse {
                    try await Self.quote(
                        client,
                        [
                            "method": "system", "workMinutes": 60, "lines": [Fixture.package(120, "皮包五金更换")], "itemReceivedOn": received,
                            "qualityProblem": quality,
                        ]
                    )
                }
                #expect(Fixture.amount((try await total(received: "2026-02-10", quality: true).json["quote"] as? [String: Any])?["total"]) == 0)
                #expect(Fixture.amount((try await total(received: "2026-02-09", quality: true).json["quote"] as? [String: Any])?["total"]) == 12_000)
                #expect(Fixture.amount((try await total(received: "2026-03-01", quality: false).json["quote"] as? [String: Any])?["total"]) == 12_000)
                let early = try await total(received: "2026-03-11", quality: true)
                #expect(early.violatedFields == ["itemReceivedOn"], "\(early.json)")
            }
        }
    }

    @Test func aQuoteThatDoesNotAddUpIsRefusedWithItsFields() async throws {
        try await Fixture.Harness.with { harness in
            try await harness.serve(as: Fixture.technician) { client in
                let labourInSystem = try await Self.quote(
                    client,
                    ["method": "system", "workMinutes": 60, "lines": [Fixture.labour(30, perHour: 100)]]
                )
                #expect(labourInSystem.violatedFields == ["lines[0]"])
                let packageInItem = try await Self.quote(client, ["method": "item", "workMinutes": 60, "lines": [Fixture.package(100)]])
                #expect(packageInItem.violatedFields == ["lines[0]"])
                var dollars = Fixture.package(100)
                dollars["price"] = ["currency": "USD", "amountMinor": 100]
                let mixed = try await Self.quote(client, ["method": "system", "workMinutes": 60, "lines": [Fixture.package(100), dollars]])
                #expect(mixed.violatedFields == ["lines[1].price.currency"])
                let noLocation = try await Self.quote(
                    client,
                    ["method": "system", "workMinutes": 60, "lines": [Fixture.part(10, ["partId": "0190e3a0-0000-7000-8000-00000000b001"])]]
                )
                #expect(noLocation.violatedFields == ["lines[0].part.locationId"])
                let bare: [String: Any] = ["description": "工时", "kind": "labour"]
                let missing = try await Self.quote(client, ["method": "item", "workMinutes": -1, "lines": [bare], "productWarrantyEnds": "明天"])
                #expect(missing.violatedFields == ["lines[0]", "workMinutes", "productWarrantyEnds"])
            }
        }
    }
}
