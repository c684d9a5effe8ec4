import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import ServiceKit
import TestSupport
import Testing

/// Parts through its running executable with the test clock (rules.md §2(f)): a technician's requisition is
/// verified and ordered from a supplier; the delivery is late and chased at its expected arrival to the
/// second; it arrives in part; a unit is reserved for the repair and consumed into the customer's device;
/// the part fails there; a second reservation nobody consumes expires and its stock is available again.
/// A test subscriber stands in for Repairs and receives every event, each checked against its golden
/// envelope.
@Suite(.serialized) struct PartsSystemTests {
    static let clerk = TestCaller.staff([.partsClerk], subject: "clerk-1")
    static let technician = TestCaller.staff([.technician], subject: "tech-1")
    static let start = RFC3339.date("2026-12-01T02:00:00Z")!
    static let goldenEvents = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ModelsTests/Golden/events")

    /// The envelope has the golden's shape: type, version, producer and subject kind, the same envelope keys,
    /// data keys among the golden's (optional ones may be absent), and it decodes through the catalog.
    static func expectMatchesGolden(_ envelope: [String: Any]) throws {
        let type = try #require(envelope["type"] as? String)
        let version = envelope["schemaVersion"] as? Int ?? 0
        let url = goldenEvents.appendingPathComponent("\(type).v\(version).json")
        let golden = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any], "a golden for \(type)")
        #expect(Set(envelope.keys) == Set(golden.keys), "\(type): envelope keys")
        #expect(envelope["producer"] as? String == golden["producer"] as? String)
        #expect((envelope["subject"] as? [String: Any])?["kind"] as? String == (golden["subject"] as? [String: Any])?["kind"] as? String)
        let data = try #require(envelope["data"] as? [String: Any])
        let goldenData = try #require(golden["data"] as? [String: Any])
        #expect(Set(data.keys).isSubset(of: Set(goldenData.keys)), "\(type): data keys \(data.keys.sorted()) beyond the golden's")
        let incoming = try JSONDecoder().decode(IncomingEvent.self, from: JSONSerialization.data(withJSONObject: envelope))
        #expect(incoming.payload != nil, "\(type) decodes through the catalog")
    }

    static func data(_ recorder: EventRecorder, _ type: String) -> [[String: Any]] {
        recorder.envelopes(of: type).compactMap { $0["data"] as? [String: Any] }
    }

    @Test func aPartIsRequisitionedOrderedChasedReceivedReservedConsumedAndFailsAndAnIdleReservationExpires() async throws {
        let recorder = try await EventRecorder.start()
        defer { recorder.stop() }
        try await RunningPlatform.with(["parts"], extra: ["parts": ["SERVICES_REPAIRS_URL": "http://127.0.0.1:\(recorder.port)"]]) { platform in
            try await platform.clock.set(Self.start)
            func call(_ operation: String, _ body: [String: Any], as caller: TestCaller = Self.clerk) async throws -> [String: Any] {
                let answer = try await platform.call("parts", operation, body, as: caller)
                #expect(answer.status == .ok, "\(operation): \(answer.status.code) \(answer.json)")
                return answer.json
            }
            let location = try #require(
                try await call("CreateStockLocation", ["code": "WS-1", "name": "维修车间", "kind": "workshop"])["locationId"] as? String
            )
            let supplier = try #require(try await call("CreateSupplier", ["name": "东莞电子", "leadTimeDays": 2])["supplierId"] as? String)
            let part = try #require(
                try await call(
                    "CreatePart",
                    [
                        "partNumber": "MB-PWR-01", "name": "主板供电模块", "fittingModels": ["X1 Carbon Gen 11"], "kind": "oem_part",
                        "unitCost": ["currency": "CNY", "amountMinor": 12_000], "suppliers": [["supplierId": supplier, "leadTimeDays": 2]],
                    ]
                )["partId"] as? String
            )
            let repairOrder = UUID().uuidString.lowercased()
            let filed = try await call(
                "CreateRequisition",
                ["partId": part, "quantity": 2, "deviceModel": "X1 Carbon Gen 11", "faultCause": "供电模块烧毁", "repairOrderId": repairOrder],
                as: Self.technician
            )
            let requisition = try #require(filed["requisitionId"] as? String)
            _ = try await call("VerifyRequisition", ["requisitionId": requisition, "verdict": "verified"])
            let arrival = Self.start.addingTimeInterval(2 * 86_400)
            let ordered = try await call(
                "CreatePurchaseRequest",
                ["supplierId": supplier, "locationId": location, "expectedArrival": RFC3339.string(arrival), "requisitionIds": [requisition]]
            )
            let purchase = try #require(ordered["purchaseRequestId"] as? String)

            // Late: chased at the expected arrival to the second, not a second before.
            try await platform.clock.advance(by: 2 * 86_400 - 1)
            _ = try await platform.clock.drain()
            #expect(Self.data(recorder, "parts.delivery_overdue").isEmpty)
            try await platform.clock.advance(by: 1)
            _ = try await platform.clock.drain()
            let chase = try #require(Self.data(recorder, "parts.delivery_overdue").first)
            #expect(chase["chaseNumber"] as? Int == 1 && chase["purchaseRequestId"] as? String == purchase)
            #expect(chase["dueAt"] as? String == RFC3339.string(arrival.addingTimeInterval(86_400)), "chased again a day later")
            let overdue = try await call("ListPurchaseRequests", ["overdueOnly": true])
            #expect((overdue["purchaseRequests"] as? [[String: Any]])?.first?["chaseCount"] as? Int == 1)

            // One of two arrives; reserved for the repair and fitted into the customer's laptop.
            let partial = try await call("ReceivePurchase", ["purchaseRequestId": purchase, "lines": [["partId": part, "quantity": 1]]])
            #expect(partial["status"] as? String == "partially_received")
            let held = try await call(
                "ReservePart",
                ["partId": part, "locationId": location, "quantity": 1, "repairOrderId": repairOrder],
                as: Self.technician
            )
            let consumed = try await call(
                "ConsumeReservation",
                ["reservationId": held["reservationId"] as? String ?? "", "serial": "PF3X9K2A"],
                as: Self.technician
            )
            let replacement = try #require(consumed["replacementId"] as? String)
            let failed = try await call("RecordPartFailure", ["replacementId": replacement, "description": "装机两周后再次不开机"], as: Self.technician)
            #expect(failed["failedAt"] != nil)

            // A reservation nobody consumes is released at its expiry (72 h by default).
            _ = try await call("ReceivePurchase", ["purchaseRequestId": purchase, "lines": [["partId": part, "quantity": 1]]])
            let idle = try await call(
                "ReservePart",
                ["partId": part, "locationId": location, "quantity": 1, "repairOrderId": repairOrder, "holdHours": 4],
                as: Self.technician
            )
            #expect(idle["expiresAt"] != nil)
            try await platform.clock.advance(by: 4 * 3600)
            _ = try await platform.clock.drain()
            let stock = try await call("GetStock", ["partId": part, "locationId": location])
            let level = try #require((stock["levels"] as? [[String: Any]])?.first)
            #expect(level["onHand"] as? Int == 1 && level["reserved"] as? Int == 0 && level["available"] as? Int == 1, "\(level)")
            _ = try await platform.clock.drain()

            let reservations = Self.data(recorder, "parts.reservation_changed").map { $0["status"] as? String ?? "" }
            #expect(reservations == ["held", "consumed", "held", "expired"])
            let requisitions = Self.data(recorder, "parts.requisition_changed").map { $0["status"] as? String ?? "" }
            #expect(requisitions == ["requested", "verified", "ordered", "received"], "in order per requisition")
            let purchases = Self.data(recorder, "parts.purchase_changed").map { $0["status"] as? String ?? "" }
            #expect(purchases == ["submitted", "partially_received", "received"])
            let failure = try #require(Self.data(recorder, "parts.part_failed").first)
            #expect(failure["serial"] as? String == "PF3X9K2A" && failure["supplierId"] as? String == supplier)
            #expect(Self.data(recorder, "parts.delivery_overdue").count == 1, "no chase after the goods came")
            let types = Set(recorder.envelopes.compactMap { $0["type"] as? String })
            #expect(
                types == [
                    "parts.requisition_changed", "parts.purchase_changed", "parts.delivery_overdue", "parts.reservation_changed", "parts.part_failed",
                ]
            )
            for envelope in recorder.envelopes { try Self.expectMatchesGolden(envelope) }
        }
    }
}
