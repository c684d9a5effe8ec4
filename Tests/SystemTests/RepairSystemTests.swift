import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import ServiceKit
import TestSupport
import Testing

/// A repair through the running Intake, Dispatch, Repairs and Parts with the test clocks (rules.md §2(b),
/// §2(e), §2(f) 7): the merchant agrees to repair a case; Repairs opens the order addressed to it; the
/// merchant checks it in and quotes; the customer accepts (a retried acceptance holds the part once); extra
/// work is approved; QC passes and Parts consumes the part once; the settlement and handover resolve the case
/// at Intake, whose timeline shows every step. A second repair's part runs out between quote and acceptance:
/// Parts requisitions it, the order waits with its promise moved to the supplier's date, and goes on when the
/// part arrives, held for it then.
@Suite(.serialized) struct RepairSystemTests {
    static let admin = TestCaller.staff([.tenantAdmin], subject: "admin-a")
    static let frontDesk = TestCaller.staff([.csAgent], subject: "cs-1")
    static let clerk = TestCaller.staff([.partsClerk], subject: "clerk-1")
    static let technician = TestCaller.staff([.technician], subject: "tech-1")
    static let start = RFC3339.date("2026-12-01T02:00:00Z")!

    static func ok(
        _ platform: RunningPlatform,
        _ service: String,
        _ operation: String,
        _ body: [String: Any],
        as caller: TestCaller,
        key: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [String: Any] {
        let answer = try await platform.call(service, operation, body, as: caller, idempotencyKey: key)
        #expect(answer.status == .ok, "\(operation): \(answer.status.code) \(answer.json)", sourceLocation: sourceLocation)
        return answer.json
    }

    static func money(_ yuan: Int64) -> [String: Any] { ["currency": "CNY", "amountMinor": yuan * 100] }

    static func stock(_ platform: RunningPlatform, _ part: String, _ location: String) async throws -> [String: Any] {
        let read = try await ok(platform, "parts", "GetStock", ["partId": part, "locationId": location], as: clerk)
        return (read["levels"] as? [[String: Any]])?.first ?? [:]
    }

    @Test func anAgreedRepairIsCarriedOutToHandoverAndAShortPartIsAwaited() async throws {
        try await RunningPlatform.with(["intake", "dispatch", "repairs", "parts"]) { platform in
            try await platform.clock.set(Self.start)
            let merchantBody: [String: Any] = [
                "name": "华强电脑城三楼", "contacts": [["name": "王经理", "phone": "13800138000"]], "regions": ["华南"], "caseHandling": "online",
            ]
            let merchant = try #require(
                try await Self.ok(platform, "dispatch", "CreateMerchant", merchantBody, as: Self.admin)["merchantId"] as? String
            )
            let asMerchant = TestCaller.merchant(merchant)
            let location = try #require(
                try await Self.ok(platform, "parts", "CreateStockLocation", ["code": "WS-1", "name": "维修车间", "kind": "workshop"], as: Self.clerk)[
                    "locationId"
                ] as? String
            )
            let supplier = try #require(
                try await Self.ok(platform, "parts", "CreateSupplier", ["name": "东莞电子", "leadTimeDays": 2], as: Self.clerk)["supplierId"] as? String
            )
            let partBody: [String: Any] = [
                "partNumber": "LCD-X1C12", "name": "屏幕总成", "fittingModels": ["X1 Carbon Gen 12"], "kind": "oem_part",
                "unitCost": Self.money(600), "suppliers": [["supplierId": supplier, "leadTimeDays": 2]],
            ]
            let part = try #require(try await Self.ok(platform, "parts", "CreatePart", partBody, as: Self.clerk)["partId"] as? String)
            _ = try await Self.ok(
                platform,
                "parts",
                "AdjustStock",
                ["partId": part, "locationId": location, "change": 2, "reason": "期初库存"],
                as: Self.clerk
            )
            _ = try await platform.clock.drain()

            // The case: registered, acknowledged, inspected, and the repair asked for is proposed — agreed at once.
            let registered = try await Self.ok(
                platform,
                "intake",
                "CreateCase",
                IntakeRequests.createBody(["merchantId": merchant], order: "RP-1"),
                as: .clerk(TestTenants.a)
            )
            let caseID = try #require(registered["caseId"] as? String)
            _ = try await platform.clock.drain()
            _ = try await Self.ok(platform, "dispatch", "AcknowledgeCase", ["caseId": caseID], as: asMerchant)
            let inspection: [String: Any] = ["caseId": caseID, "outcome": "fault_confirmed", "findings": "屏幕排线接触不良，需更换屏幕总成"]
            _ = try await Self.ok(platform, "dispatch", "RecordInspection", inspection, as: asMerchant)
            let proposed = try await Self.ok(platform, "dispatch", "ProposeResolution", ["caseId": caseID, "resolution": "repair"], as: asMerchant)
            #expect(proposed["status"] as? String == "resolution_agreed", "\(proposed)")
            _ = try await platform.clock.drain()

            // Repairs opened the order, addressed to the merchant, who works it.
            let listed = try await Self.ok(platform, "repairs", "ListRepairOrders", ["caseId": caseID], as: asMerchant)
            let opened = try #require((listed["repairOrders"] as? [[String: Any]])?.first, "\(listed)")
            let order = try #require(opened["repairOrderId"] as? String)
            #expect(opened["merchantId"] as? String == merchant && opened["status"] as? String == "registered")
            let checkIn: [String: Any] = [
                "repairOrderId": order, "receivedItems": ["电源适配器"], "exteriorCondition": "外观完好", "customerSignatureRef": "sig-1",
                "matchesEvidence": true, "serialNumber": "PF3CASE1",
            ]
            _ = try await Self.ok(platform, "repairs", "CheckInRepairOrder", checkIn, as: asMerchant)
            try await platform.clock.advance(by: 1800)
            let quote: [String: Any] = [
                "repairOrderId": order, "method": "item", "workMinutes": 90,
                "lines": [
                    ["description": "拆装工时", "kind": "labour", "minutes": 60, "hourlyRate": Self.money(100)],
                    [
                        "description": "屏幕总成", "kind": "part",
                        "part": ["partId": part, "locationId": location, "unitPrice": Self.money(900), "quantity": 1, "origin": "in_stock"],
                    ],
                ],
            ]
            let quoted = try await Self.ok(
                platform,
                "repairs",
                "QuoteRepair",
                quote.merging(["productWarrantyEnds": "2026-11-30"]) { $1 },
                as: asMerchant
            )
            #expect(((quoted["quote"] as? [String: Any])?["total"] as? [String: Any])?["amountMinor"] as? Int == 100_000, "\(quoted)")

            // Accepted — and the acceptance retried with its key: answered as recorded, nothing done twice, one unit held.
            let accept: [String: Any] = ["repairOrderId": order, "customerSignatureRef": "sig-2"]
            let accepted = try await Self.ok(platform, "repairs", "AcceptQuote", accept, as: Self.frontDesk, key: "accept-\(order)")
            let retried = try await platform.call("repairs", "AcceptQuote", accept, as: Self.frontDesk, idempotencyKey: "accept-\(order)")
            #expect(
                retried.headers[HTTPField.Name("Idempotent-Replayed")!] == "true" && retried.json["version"] as? Int == accepted["version"] as? Int
            )
            _ = try await platform.clock.drain()
            let working = try await Self.ok(platform, "repairs", "GetRepairOrder", ["repairOrderId": order], as: asMerchant)
            #expect(working["status"] as? String == "in_repair")
            #expect((working["heldParts"] as? [[String: Any]])?.map { $0["status"] as? String } == ["held"], "\(working)")
            #expect(try await Self.stock(platform, part, location)["reserved"] as? Int == 1)

            // Extra work: the customer is phoned, the front desk records the yes and who in the workshop was told.
            let extra: [String: Any] = [
                "repairOrderId": order, "description": "键盘进灰需清洁", "delayMinutes": 30, "customerToldVia": "phone",
                "lines": [["description": "键盘清洁工时", "kind": "labour", "minutes": 30, "hourlyRate": Self.money(100)]],
            ]
            #expect(
                try await Self.ok(platform, "repairs", "ReportExtraWork", extra, as: asMerchant)["status"] as? String == "awaiting_addon_approval"
            )
            let answer: [String: Any] = ["repairOrderId": order, "approved": true, "workshopTold": "王经理", "customerConsentRef": "电话录音 1201-1"]
            #expect(try await Self.ok(platform, "repairs", "AnswerExtraWork", answer, as: Self.frontDesk)["status"] as? String == "in_repair")
            _ = try await Self.ok(platform, "repairs", "FinishRepair", ["repairOrderId": order, "workDone": "更换屏幕总成，清洁键盘"], as: asMerchant)
            let checklist = try #require(
                try await Self.ok(platform, "repairs", "GetQcChecklist", ["category": "laptop"], as: asMerchant)["items"] as? [String]
            )
            let qc: [String: Any] = ["repairOrderId": order, "results": checklist.map { ["item": $0, "passed": true] }]
            #expect(try await Self.ok(platform, "repairs", "RecordQualityCheck", qc, as: asMerchant)["status"] as? String == "completed")
            _ = try await platform.clock.drain()
            _ = try await platform.clock.drain()
            let fitted = try await Self.stock(platform, part, location)
            #expect(fitted["onHand"] as? Int == 1 && fitted["reserved"] as? Int == 0, "the unit consumed once: \(fitted)")
            let replaced = try await Self.ok(platform, "parts", "ListReplacements", ["serial": "PF3CASE1"], as: Self.clerk)
            #expect((replaced["replacements"] as? [[String: Any]])?.map { $0["partId"] as? String } == [part], "the serial read at check-in")

            let settled = try await Self.ok(platform, "repairs", "SettleRepairOrder", ["repairOrderId": order], as: Self.frontDesk)
            let payable = ((settled["settlement"] as? [String: Any])?["payable"] as? [String: Any])?["amountMinor"] as? Int
            #expect(settled["status"] as? String == "ready_for_pickup" && payable == 105_000, "¥1,000.00 quoted + ¥50.00 extra: \(settled)")
            let handover: [String: Any] = ["repairOrderId": order, "method": "collected", "customerConfirmationRef": "sig-3"]
            #expect(try await Self.ok(platform, "repairs", "HandOverRepairOrder", handover, as: Self.frontDesk)["status"] as? String == "delivered")
            _ = try await platform.clock.drain()

            // Intake: the case is resolved and its timeline shows each step of the order.
            let read = try await Self.ok(platform, "intake", "GetCase", ["caseId": caseID], as: .clerk(TestTenants.a))
            #expect(read["status"] as? String == "resolved")
            let timeline = try await Self.ok(platform, "intake", "GetCaseTimeline", ["caseId": caseID], as: .clerk(TestTenants.a))
            let steps = (timeline["entries"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == "repairs.order_changed" }.compactMap {
                ($0["data"] as? [String: Any])?["step"] as? String
            }
            #expect(
                steps == [
                    "opened", "checked_in", "quoted", "quote_accepted", "extra_work_reported", "extra_work_approved", "repair_finished",
                    "quality_check_passed", "settled", "handed_over",
                ],
                "\(timeline)"
            )

            // A second repair: quoted while the last unit is in stock, which another repair takes before the answer.
            let walkIn: [String: Any] = [
                "device": ["productName": "ThinkPad X1", "model": "X1 Carbon Gen 12", "serialNumber": "PF3WALK1"], "reportedFault": "屏幕闪烁",
            ]
            let second = try #require(
                try await Self.ok(platform, "repairs", "CreateRepairOrder", walkIn, as: Self.technician)["repairOrderId"] as? String
            )
            _ = try await Self.ok(
                platform,
                "repairs",
                "CheckInRepairOrder",
                checkIn.merging(["repairOrderId": second, "serialNumber": "PF3WALK1"]) { $1 },
                as: Self.technician
            )
            _ = try await Self.ok(platform, "repairs", "QuoteRepair", quote.merging(["repairOrderId": second]) { $1 }, as: Self.technician)
            let rival: [String: Any] = ["partId": part, "locationId": location, "quantity": 1, "repairOrderId": UUID().uuidString.lowercased()]
            _ = try await Self.ok(platform, "parts", "ReservePart", rival, as: Self.technician)
            _ = try await Self.ok(platform, "repairs", "AcceptQuote", accept.merging(["repairOrderId": second]) { $1 }, as: Self.frontDesk)
            _ = try await platform.clock.drain()
            let waiting = try await Self.ok(platform, "repairs", "GetRepairOrder", ["repairOrderId": second], as: Self.technician)
            #expect(waiting["status"] as? String == "awaiting_parts", "\(waiting)")
            let wait = try #require((waiting["partWaits"] as? [[String: Any]])?.first, "\(waiting)")
            let requisition = try #require(wait["requisitionId"] as? String)
            #expect(wait["status"] as? String == "requested" && wait["partId"] as? String == part)

            // Purchasing orders it for two days on; the promise follows: the 90 min of work and its hour of margin after it.
            _ = try await Self.ok(platform, "parts", "VerifyRequisition", ["requisitionId": requisition, "verdict": "verified"], as: Self.clerk)
            let arrival = try await platform.clock.now(of: "parts").addingTimeInterval(2 * 86_400)
            let purchase = try #require(
                try await Self.ok(
                    platform,
                    "parts",
                    "CreatePurchaseRequest",
                    ["supplierId": supplier, "locationId": location, "expectedArrival": RFC3339.string(arrival), "requisitionIds": [requisition]],
                    as: Self.clerk
                )["purchaseRequestId"] as? String
            )
            _ = try await platform.clock.drain()
            let moved = try await Self.ok(platform, "repairs", "GetRepairOrder", ["repairOrderId": second], as: Self.technician)
            #expect(moved["promisedBy"] as? String == RFC3339.string(arrival.addingTimeInterval(150 * 60), milliseconds: false), "\(moved)")
            let early = try await platform.call("repairs", "FinishRepair", ["repairOrderId": second, "workDone": "x"], as: Self.technician)
            #expect(early.json["code"] as? String == "failed_precondition", "\(early.json)")

            _ = try await Self.ok(
                platform,
                "parts",
                "ReceivePurchase",
                ["purchaseRequestId": purchase, "lines": [["partId": part, "quantity": 1]]],
                as: Self.clerk
            )
            _ = try await platform.clock.drain()
            _ = try await platform.clock.drain()
            let resumed = try await Self.ok(platform, "repairs", "GetRepairOrder", ["repairOrderId": second], as: Self.technician)
            #expect(resumed["status"] as? String == "in_repair", "\(resumed)")
            #expect((resumed["heldParts"] as? [[String: Any]])?.map { $0["status"] as? String } == ["held"], "\(resumed)")
            let level = try await Self.stock(platform, part, location)
            #expect(level["onHand"] as? Int == 2 && level["reserved"] as? Int == 2, "the rival's unit and the arrived one, held: \(level)")
        }
    }
}
