import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import PartsService
import TestSupport
import Testing

/// Requisitions, purchase requests and receipts, stocktakes, safety stock and part quality through the whole
/// stack on a real database.
@Suite struct PurchasingAndStocktakeTests {
    typealias Harness = ServiceHarness<PartsService>

    static func events(_ database: TestDatabase, _ type: String) async throws -> [String] {
        try await database.rows("SELECT envelope::text FROM outbox_events WHERE type = '\(type)' ORDER BY occurred_at, id")
    }

    @Test func requisitionsAreVerifiedGroupedOrderedAndReceivedInParts() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: PartsFixture.clerk) { client in
                let location = try await PartsFixture.location(client)
                let supplier = try await PartsFixture.supplier(client)
                let part = try await PartsFixture.part(client, suppliers: [["supplierId": supplier, "leadTimeDays": 5]])
                let tech = try await client.calling(as: PartsFixture.technician)
                var ids: [String] = []
                for model in ["G304", "G305"] {
                    let filed = try await tech.call(
                        "CreateRequisition",
                        ["partId": part, "quantity": 1, "deviceModel": model, "faultCause": "左键连击", "repairOrderId": UUID().uuidString.lowercased()]
                    )
                    #expect(filed.json["status"] as? String == "requested" && filed.json["requestedBy"] as? String == "tech-1")
                    ids.append(try #require(filed.json["requisitionId"] as? String))
                }
                let early = try await client.call(
                    "CreatePurchaseRequest",
                    ["supplierId": supplier, "locationId": location, "expectedArrival": "2026-03-13T02:00:00Z", "requisitionIds": ids]
                )
                #expect(
                    early.code == "failed_precondition" && early.violatedFields == ["requisitionIds[0]"],
                    "only verified requisitions are ordered"
                )
                let wrongModel = try await tech.call(
                    "CreateRequisition",
                    ["partId": part, "quantity": 1, "deviceModel": "G502", "faultCause": "侧键失灵"]
                )
                let wrongID = try #require(wrongModel.json["requisitionId"] as? String)
                let refused = try await client.call("VerifyRequisition", ["requisitionId": wrongID, "verdict": "verified"])
                #expect(refused.code == "failed_precondition" && refused.violatedFields == ["deviceModel"])
                #expect(try await client.call("VerifyRequisition", ["requisitionId": wrongID, "verdict": "rejected"]).violatedFields == ["note"])
                for id in ids {
                    #expect(
                        try await client.call("VerifyRequisition", ["requisitionId": id, "verdict": "verified"]).json["status"] as? String
                            == "verified"
                    )
                }
                let ordered = try await client.call(
                    "CreatePurchaseRequest",
                    [
                        "supplierId": supplier, "locationId": location, "expectedArrival": "2026-03-13T02:00:00Z", "requisitionIds": ids,
                        "lines": [["partId": part, "quantity": 3]],
                    ]
                )
                #expect(ordered.status == .ok, "\(ordered.json)")
                let line = try #require((ordered.json["lines"] as? [[String: Any]])?.first)
                #expect(
                    line["quantity"] as? Int == 5 && line["deviceModels"] as? [String] == ["G304", "G305"]
                        && line["partNumber"] as? String == "LOGI-G304-SW"
                )
                let purchase = try #require(ordered.json["purchaseRequestId"] as? String)
                #expect(try await PartsFixture.level(client, part: part, location: location)["onOrder"] as? Int == 5)
                let listed = try await client.call("ListRequisitions", ["status": "ordered"])
                #expect(
                    (listed.json["requisitions"] as? [[String: Any]])?.compactMap { $0["expectedArrival"] as? String } == [
                        "2026-03-13T02:00:00Z", "2026-03-13T02:00:00Z",
                    ]
                )

                let partial = try await client.call("ReceivePurchase", ["purchaseRequestId": purchase, "lines": [["partId": part, "quantity": 2]]])
                #expect(partial.json["status"] as? String == "partially_received", "\(partial.json)")
                let over = try await client.call("ReceivePurchase", ["purchaseRequestId": purchase, "lines": [["partId": part, "quantity": 4]]])
                #expect(over.code == "failed_precondition" && over.violatedFields == ["lines[0].quantity"])
                var level = try await PartsFixture.level(client, part: part, location: location)
                #expect(level["onHand"] as? Int == 2 && level["onOrder"] as? Int == 3)
                let rest = try await client.call("ReceivePurchase", ["purchaseRequestId": purchase, "lines": [["partId": part, "quantity": 3]]])
                #expect(rest.json["status"] as? String == "received" && rest.json["overdue"] as? Bool == false)
                level = try await PartsFixture.level(client, part: part, location: location)
                #expect(level["onHand"] as? Int == 5 && level["onOrder"] as? Int == 0)
                let received = try await client.call("ListRequisitions", ["status": "received"])
                #expect((received.json["requisitions"] as? [[String: Any]])?.count == 2)
                let statuses = try await Self.events(harness.database, "parts.requisition_changed").compactMap { envelope in
                    (try? JSONSerialization.jsonObject(with: Data(envelope.utf8)) as? [String: Any]).flatMap {
                        ($0["data"] as? [String: Any])?["status"] as? String
                    }
                }
                #expect(statuses.filter { $0 == "received" }.count == 2 && statuses.filter { $0 == "ordered" }.count == 2)
                #expect(try await Self.events(harness.database, "parts.purchase_changed").count == 3)
                #expect(
                    try await harness.database.rows("SELECT status FROM timers WHERE kind = 'parts.delivery_overdue'") == ["cancelled"],
                    "no chase once received"
                )
                try await PartsFixture.expectLedgerAddsUp(harness.database)
            }
        }
    }

    @Test func aCancelledPurchaseSendsItsRequisitionsBackAndAReschedulingMovesTheirDate() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: PartsFixture.clerk) { client in
                let location = try await PartsFixture.location(client)
                let supplier = try await PartsFixture.supplier(client)
                let part = try await PartsFixture.part(client)
                let filed = try await client.call("CreateRequisition", ["partId": part, "quantity": 2, "deviceModel": "G304", "faultCause": "开关老化"])
                let id = try #require(filed.json["requisitionId"] as? String)
                _ = try await client.call("VerifyRequisition", ["requisitionId": id, "verdict": "verified"])
                let ordered = try await client.call(
                    "CreatePurchaseRequest",
                    ["supplierId": supplier, "locationId": location, "expectedArrival": "2026-03-12T02:00:00Z", "requisitionIds": [id]]
                )
                let purchase = try #require(ordered.json["purchaseRequestId"] as? String)
                let past = try await client.call(
                    "ReschedulePurchase",
                    ["purchaseRequestId": purchase, "expectedArrival": "2026-03-01T00:00:00Z", "reason": "x"]
                )
                #expect(past.violatedFields == ["expectedArrival"])
                let moved = try await client.call(
                    "ReschedulePurchase",
                    ["purchaseRequestId": purchase, "expectedArrival": "2026-03-20T02:00:00Z", "reason": "供应商缺货，延期一周"]
                )
                #expect(
                    moved.json["expectedArrival"] as? String == "2026-03-20T02:00:00Z" && moved.json["rescheduleReason"] as? String == "供应商缺货，延期一周"
                )
                let requisition = try await client.call("ListRequisitions", ["status": "ordered"])
                #expect((requisition.json["requisitions"] as? [[String: Any]])?.first?["expectedArrival"] as? String == "2026-03-20T02:00:00Z")
                #expect(
                    try await harness.database.rows("SELECT due_at::text FROM timers WHERE kind = 'parts.delivery_overdue' AND status = 'pending'")
                        == ["2026-03-20 02:00:00+00"]
                )
                let cancelled = try await client.call("CancelPurchaseRequest", ["purchaseRequestId": purchase, "reason": "改用其他供应商"])
                #expect(cancelled.json["status"] as? String == "cancelled" && cancelled.json["cancelledReason"] as? String == "改用其他供应商")
                let back = try await client.call("ListRequisitions", ["status": "verified"])
                let again = try #require((back.json["requisitions"] as? [[String: Any]])?.first)
                #expect(again["requisitionId"] as? String == id && again["purchaseRequestId"] == nil && again["expectedArrival"] == nil)
                #expect(try await PartsFixture.level(client, part: part, location: location)["onOrder"] as? Int == 0)
                #expect(
                    try await harness.database.rows("SELECT status FROM timers WHERE kind = 'parts.delivery_overdue' AND status = 'pending'") == []
                )
                #expect(
                    (try await client.call("ListPurchaseRequests", [:]).json["purchaseRequests"] as? [[String: Any]])?.isEmpty == true,
                    "a cancelled one is not open"
                )
            }
        }
    }

    @Test func aStocktakePostsItsVariancesAndMovementsAfterACountAreNotVariances() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: PartsFixture.clerk) { client in
                let location = try await PartsFixture.location(client)
                let a = try await PartsFixture.part(client, number: "SW-A")
                let b = try await PartsFixture.part(client, number: "SW-B")
                try await PartsFixture.stock(client, part: a, location: location, quantity: 10)
                try await PartsFixture.stock(client, part: b, location: location, quantity: 4)
                let started = try await client.call("StartStocktake", ["locationId": location])
                let take = try #require(started.json["stocktakeId"] as? String)
                #expect(try await client.call("StartStocktake", ["locationId": location]).violatedFields == ["locationId"], "one count per location")
                let twice = try await client.call(
                    "RecordStocktakeCounts",
                    ["stocktakeId": take, "lines": [["partId": a, "counted": 8], ["partId": a, "counted": 9]]]
                )
                #expect(twice.code == "invalid_argument" && twice.violatedFields == ["lines[1].partId"])
                let counted = try await client.call(
                    "RecordStocktakeCounts",
                    ["stocktakeId": take, "lines": [["partId": a, "counted": 8], ["partId": b, "counted": 4]]]
                )
                #expect((counted.json["lines"] as? [[String: Any]])?.map { $0["variance"] as? Int } == [-2, 0])
                // After the count, a reservation is consumed: the ledger has it, the count does not make it a variance.
                let held = try await PartsFixture.reserve(client, part: a, location: location, quantity: 3)
                _ = try await client.call("ConsumeReservation", ["reservationId": held.json["reservationId"] as? String ?? ""])
                #expect(
                    try await client.call("PostStocktake", ["stocktakeId": take, "reason": "月末盘点"]).status == .forbidden,
                    "a clerk does not approve"
                )
                let boss = try await client.calling(as: PartsFixture.supervisor)
                let posted = try await boss.call("PostStocktake", ["stocktakeId": take, "reason": "月末盘点"])
                #expect(posted.json["status"] as? String == "posted" && posted.json["postedBy"] as? String == "boss-1")
                #expect(try await PartsFixture.level(client, part: a, location: location)["onHand"] as? Int == 5, "10 − 3 consumed − 2 missing")
                #expect(try await PartsFixture.level(client, part: b, location: location)["onHand"] as? Int == 4)
                let entry = try #require(
                    (try await client.call("ListStockMovements", ["partId": a, "pageSize": 1]).json["movements"] as? [[String: Any]])?.first
                )
                #expect(entry["kind"] as? String == "adjustment" && entry["onHandChange"] as? Int == -2 && entry["actor"] as? String == "boss-1")
                #expect(entry["reason"] as? String == "月末盘点" && entry["referenceKind"] as? String == "stocktake")
                #expect(
                    try await client.call("RecordStocktakeCounts", ["stocktakeId": take, "lines": [["partId": a, "counted": 1]]]).code
                        == "failed_precondition"
                )
                // A count gone wrong is abandoned: nothing changes and the location is counted again.
                let second = try #require(try await client.call("StartStocktake", ["locationId": location]).json["stocktakeId"] as? String)
                _ = try await client.call("RecordStocktakeCounts", ["stocktakeId": second, "lines": [["partId": b, "counted": 0]]])
                let abandoned = try await client.call("CancelStocktake", ["stocktakeId": second, "reason": "盘点中途断电"])
                #expect(abandoned.json["status"] as? String == "cancelled" && abandoned.json["cancelledBy"] as? String == "clerk-1")
                #expect(try await boss.call("PostStocktake", ["stocktakeId": second, "reason": "x"]).code == "failed_precondition")
                #expect(try await PartsFixture.level(client, part: b, location: location)["onHand"] as? Int == 4, "a cancelled count changes nothing")
                #expect(try await client.call("StartStocktake", ["locationId": location]).status == .ok)
                try await PartsFixture.expectLedgerAddsUp(harness.database)
            }
        }
    }

    @Test func fallingBelowTheSafetyLevelSuggestsAReorderOnce() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: PartsFixture.clerk) { client in
                let location = try await PartsFixture.location(client)
                let part = try await PartsFixture.part(client)
                try await PartsFixture.stock(client, part: part, location: location, quantity: 5)
                let set = try await client.call("SetSafetyStock", ["partId": part, "locationId": location, "level": 4])
                #expect((set.json["level"] as? [String: Any])?["safetyStockSource"] as? String == "manual")
                #expect(try await PartsFixture.reserve(client, part: part, location: location, quantity: 1).status == .ok)
                #expect(try await Self.events(harness.database, "parts.stock_below_safety").isEmpty, "4 available is at the level")
                #expect(try await PartsFixture.reserve(client, part: part, location: location, quantity: 2).status == .ok)
                #expect(try await PartsFixture.reserve(client, part: part, location: location, quantity: 1).status == .ok)
                let events = try await Self.events(harness.database, "parts.stock_below_safety")
                #expect(events.count == 1, "told when it crosses, not again while below")
                let data = try #require((try JSONSerialization.jsonObject(with: Data(events[0].utf8)) as? [String: Any])?["data"] as? [String: Any])
                #expect(data["available"] as? Int == 2 && data["safetyStock"] as? Int == 4 && data["suggestedReorder"] as? Int == 6)
                let below = try await client.call("GetStock", ["belowSafetyStockOnly": true])
                let level = try #require((below.json["levels"] as? [[String: Any]])?.first)
                #expect(level["belowSafetyStock"] as? Bool == true && level["suggestedReorder"] as? Int == 7)
                #expect(
                    try await client.call("SetSafetyStock", ["partId": part, "locationId": location]).violatedFields == ["level", "suggestFromUsage"]
                )
            }
        }
    }

    @Test func aSuggestedLevelComesFromUsageAndAConsumedPartsFailuresFromItsSerial() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: PartsFixture.clerk) { client in
                let location = try await PartsFixture.location(client)
                let supplier = try await PartsFixture.supplier(client, leadTimeDays: 10)
                let part = try await PartsFixture.part(client, suppliers: [["supplierId": supplier, "leadTimeDays": 10]])
                try await PartsFixture.stock(client, part: part, location: location, quantity: 20)
                var replacements: [String] = []
                for serial in ["SN-1", "SN-2", "SN-3"] {
                    let held = try await PartsFixture.reserve(client, part: part, location: location, quantity: 2)
                    let consumed = try await client.call(
                        "ConsumeReservation",
                        ["reservationId": held.json["reservationId"] as? String ?? "", "serial": serial]
                    )
                    #expect(consumed.json["status"] as? String == "consumed")
                    replacements.append(try #require(consumed.json["replacementId"] as? String))
                }
                let failed = try await client.call("RecordPartFailure", ["replacementId": replacements[0], "description": "一个月后再次连击"])
                #expect(failed.json["failureDescription"] as? String == "一个月后再次连击")
                #expect(
                    try await client.call("RecordPartFailure", ["replacementId": replacements[0], "description": "again"]).code
                        == "failed_precondition"
                )
                let bySerial = try await client.call("ListReplacements", ["serial": "SN-2"])
                #expect((bySerial.json["replacements"] as? [[String: Any]])?.first?["supplierId"] as? String == supplier, "the part's first supplier")
                let rates = try await client.call("ListPartFailureRates", ["partId": part])
                let rate = try #require((rates.json["rates"] as? [[String: Any]])?.first)
                #expect(rate["installed"] as? Int == 3 && rate["failed"] as? Int == 1 && rate["failuresPerThousand"] as? Int == 333)
                // 6 consumed in 30 days, 10 days' cover, 1 of 3 failing: ⌈6·10·4 / (30·3)⌉ = 3.
                let suggested = try await client.call(
                    "SetSafetyStock",
                    ["partId": part, "locationId": location, "suggestFromUsage": ["windowDays": 30]]
                )
                let basis = try #require(suggested.json["basis"] as? [String: Any])
                #expect(
                    basis["consumed"] as? Int == 6 && basis["coverDays"] as? Int == 10 && basis["failed"] as? Int == 1
                        && basis["suggested"] as? Int == 3
                )
                #expect((suggested.json["level"] as? [String: Any])?["safetyStock"] as? Int == 3)
                #expect(try await Self.events(harness.database, "parts.part_failed").count == 1)
            }
        }
    }

    @Test func theCatalogueIsSearchedUpdatedAndRetired() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: PartsFixture.clerk) { client in
                let location = try await PartsFixture.location(client)
                let part = try await PartsFixture.part(client, number: "KB-X1C", models: ["ThinkPad X1 Carbon"])
                _ = try await PartsFixture.part(client, number: "FAN-T14", models: ["ThinkPad T14"])
                let byName = try await client.call("SearchParts", ["query": "微动"])
                #expect((byName.json["parts"] as? [[String: Any]])?.count == 2)
                let byModel = try await client.call("SearchParts", ["query": "carbon"])
                #expect((byModel.json["parts"] as? [[String: Any]])?.map { $0["partNumber"] as? String } == ["KB-X1C"])
                let byNumber = try await client.call("SearchParts", ["query": "fan"])
                #expect((byNumber.json["parts"] as? [[String: Any]])?.map { $0["partNumber"] as? String } == ["FAN-T14"])
                let literal = try await client.call("SearchParts", ["query": "%"])
                #expect((literal.json["parts"] as? [[String: Any]])?.isEmpty == true, "a % is searched for, not a wildcard")
                let exact = try await client.call("SearchParts", ["fittingModel": "thinkpad t14"])
                #expect((exact.json["parts"] as? [[String: Any]])?.count == 1)
                let stale = try await client.call(
                    "UpdatePart",
                    ["partId": part, "expectedVersion": 7, "name": "键盘", "kind": "oem_part", "unitCost": ["currency": "CNY", "amountMinor": 1]]
                )
                #expect(stale.code == "aborted")
                let updated = try await client.call(
                    "UpdatePart",
                    [
                        "partId": part, "expectedVersion": 1, "name": "X1 键盘", "kind": "aftermarket_part", "valueClass": "d",
                        "unitCost": ["currency": "CNY", "amountMinor": 30_000],
                    ]
                )
                #expect(
                    updated.json["version"] as? Int == 2 && updated.json["depositRequired"] as? Bool == true
                        && updated.json["partNumber"] as? String == "KB-X1C"
                )
                try await PartsFixture.stock(client, part: part, location: location, quantity: 2)
                let retired = try await client.call("RetirePart", ["partId": part, "reason": "停产"])
                #expect(retired.json["status"] as? String == "retired")
                let refused = try await PartsFixture.reserve(client, part: part, location: location)
                #expect(refused.code == "failed_precondition" && refused.violatedFields == ["partId"])
                // A retired part's stock stays usable: adjusted, and refused only for want of stock.
                #expect(try await client.call("AdjustStock", ["partId": part, "locationId": location, "change": 1, "reason": "退货入库"]).status == .ok)
                let short = try await client.call("AdjustStock", ["partId": part, "locationId": location, "change": -9, "reason": "报废"])
                #expect(short.code == "failed_precondition" && short.violatedFields == ["change"])
                #expect((try await client.call("SearchParts", ["query": "键盘"]).json["parts"] as? [[String: Any]])?.isEmpty == true)
                #expect(
                    (try await client.call("SearchParts", ["query": "键盘", "includeRetired": true]).json["parts"] as? [[String: Any]])?.count == 1
                )
                _ = try await PartsFixture.supplier(client, name: "上海配件")
                _ = try await PartsFixture.supplier(client)
                let suppliers = try await client.call("ListSuppliers", ["pageSize": 1])
                #expect((suppliers.json["suppliers"] as? [[String: Any]])?.map { $0["name"] as? String } == ["上海配件"], "registration order")
                let next = try await client.call("ListSuppliers", ["pageSize": 1, "pageToken": suppliers.json["nextPageToken"] as? String ?? ""])
                #expect(
                    (next.json["suppliers"] as? [[String: Any]])?.map { $0["name"] as? String } == ["深圳罗技配件"] && next.json["nextPageToken"] == nil
                )
                _ = try await PartsFixture.location(client, code: "van-2", kind: "van")
                let vans = try await client.call("ListStockLocations", ["kind": "van"])
                #expect((vans.json["locations"] as? [[String: Any]])?.map { $0["code"] as? String } == ["VAN-2"], "codes kept in upper case")
                let unknownSupplier = try await client.call(
                    "CreatePart",
                    [
                        "partNumber": "NEW-1", "name": "新件", "kind": "oem_part", "unitCost": ["currency": "CNY", "amountMinor": 1],
                        "suppliers": [["supplierId": UUID().uuidString.lowercased(), "leadTimeDays": 3]],
                    ]
                )
                #expect(unknownSupplier.violatedFields == ["suppliers[0].supplierId"])
            }
        }
    }
}
