import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import PartsService
import TestSupport
import Testing

/// The stock ledger on a real database: reservations racing for the last units, random mixes of
/// movements adding up, the ledger append-only, transfers and adjustments refused past zero.
@Suite struct StockLedgerTests {
    typealias Harness = ServiceHarness<PartsService>

    @Test func fiftyConcurrentReservationsOfTenUnitsLeaveExactlyTenHeld() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: PartsFixture.clerk, settings: ["DB_MAX_CONNECTIONS": "20"]) { client in
                let location = try await PartsFixture.location(client)
                let part = try await PartsFixture.part(client)
                try await PartsFixture.stock(client, part: part, location: location, quantity: 10)
                let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                    for _ in 0..<50 {
                        group.addTask {
                            let answer = try await PartsFixture.reserve(client, part: part, location: location)
                            return (Int(answer.status.code), answer.code)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.filter { $0.0 == 200 }.count == 10)
                #expect(statuses.filter { $0.0 == 400 && $0.1 == "failed_precondition" }.count == 40, "\(statuses.filter { $0.0 != 200 })")
                #expect(statuses.allSatisfy { $0.0 < 500 }, "no 5xx")
                let level = try await PartsFixture.level(client, part: part, location: location)
                #expect(level["onHand"] as? Int == 10 && level["reserved"] as? Int == 10 && level["available"] as? Int == 0)
                #expect(try await harness.database.count("reservations") == 10)
                try await PartsFixture.expectLedgerAddsUp(harness.database)
            }
        }
    }

    /// A property test: random mixes of every kind of movement, each answered 200 exactly when the pure rule
    /// allows it, and the balances equal to the ledger's sums with available never negative.
    @Test(arguments: [11, 29, 53]) func randomMixesOfMovementsAlwaysAddUp(_ seed: UInt64) async throws {
        try await Harness.with { harness in
            try await harness.serve(as: PartsFixture.clerk) { client in
                var random = SeededRandom(seed: seed)
                let locations = [
                    try await PartsFixture.location(client, code: "WH-1"), try await PartsFixture.location(client, code: "VAN-1", kind: "van"),
                ]
                let part = try await PartsFixture.part(client)
                var model = [locations[0]: (onHand: 0, reserved: 0), locations[1]: (onHand: 0, reserved: 0)]
                var held: [(id: String, location: String, quantity: Int)] = []
                for step in 0..<60 {
                    let location = locations[Int(random.next() % 2)]
                    let quantity = Int(random.next() % 6) + 1
                    let current = model[location]!
                    let answer: TestResponse
                    var change: StockChange
                    switch random.next() % 6 {
                    case 0:
                        change = .adjustment(random.next() % 3 == 0 ? -quantity : quantity)
                        answer = try await client.call(
                            "AdjustStock",
                            ["partId": part, "locationId": location, "change": change.onHand, "reason": "盘点差异 \(step)"]
                        )
                    case 1:
                        change = .reservation(quantity)
                        answer = try await PartsFixture.reserve(client, part: part, location: location, quantity: quantity)
                        if answer.status == .ok { held.append((answer.json["reservationId"] as! String, location, quantity)) }
                    case let kind where (kind == 2 || kind == 3) && !held.isEmpty:
                        let index = Int(random.next() % UInt64(held.count))
                        let reservation = held.remove(at: index)
                        let consume = random.next() % 2 == 0
                        change = consume ? .consumption(reservation.quantity) : .release(reservation.quantity)
                        let before = model[reservation.location]!
                        answer = try await client.call(consume ? "ConsumeReservation" : "ReleaseReservation", ["reservationId": reservation.id])
                        #expect(answer.status == .ok, "ending a held reservation always works: \(answer.json)")
                        model[reservation.location] = change.applied(onHand: before.onHand, reserved: before.reserved) ?? before
                        continue
                    default:
                        let to = locations.first { $0 != location }!
                        change = .transferOut(quantity)
                        answer = try await client.call(
                            "TransferStock",
                            ["partId": part, "fromLocationId": location, "toLocationId": to, "quantity": quantity]
                        )
                        if answer.status == .ok {
                            model[to] = (model[to]!.onHand + quantity, model[to]!.reserved)
                        }
                    }
                    let expected = change.applied(onHand: current.onHand, reserved: current.reserved)
                    #expect(
                        (answer.status == .ok) == (expected != nil),
                        "step \(step): \(change) on \(current) answered \(answer.status.code) \(answer.json)"
                    )
                    if answer.status != .ok { #expect(answer.code == "failed_precondition", "step \(step): \(answer.json)") }
                    if let expected, answer.status == .ok { model[location] = expected }
                }
                for location in locations {
                    let level = try await PartsFixture.level(client, part: part, location: location)
                    #expect(level["onHand"] as? Int == model[location]!.onHand && level["reserved"] as? Int == model[location]!.reserved)
                    #expect((level["available"] as? Int ?? -1) >= 0)
                }
                try await PartsFixture.expectLedgerAddsUp(harness.database, sequential: true)
            }
        }
    }

    @Test func aRetriedReservationOrConsumptionHoldsAndTakesStockOnce() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: PartsFixture.technician) { technician in
                let client = try await technician.calling(as: PartsFixture.clerk)
                let location = try await PartsFixture.location(client)
                let part = try await PartsFixture.part(client)
                try await PartsFixture.stock(client, part: part, location: location, quantity: 3)
                var key = HTTPFields()
                key[HTTPField.Name("Idempotency-Key")!] = "repair-7-switch"
                let body: [String: Any] = ["partId": part, "locationId": location, "quantity": 2, "repairOrderId": UUID().uuidString.lowercased()]
                let first = try await technician.call("ReservePart", body, headers: key)
                let retry = try await technician.call("ReservePart", body, headers: key)
                #expect(first.status == .ok && retry.status == .ok)
                #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                #expect(retry.json["reservationId"] as? String == first.json["reservationId"] as? String)
                #expect(try await PartsFixture.level(client, part: part, location: location)["reserved"] as? Int == 2, "held once")
                var consumeKey = HTTPFields()
                consumeKey[HTTPField.Name("Idempotency-Key")!] = "repair-7-fit"
                let consume: [String: Any] = ["reservationId": first.json["reservationId"] as? String ?? "", "serial": "SN-7"]
                _ = try await technician.call("ConsumeReservation", consume, headers: consumeKey)
                let again = try await technician.call("ConsumeReservation", consume, headers: consumeKey)
                #expect(again.status == .ok && again.json["status"] as? String == "consumed")
                let level = try await PartsFixture.level(client, part: part, location: location)
                #expect(level["onHand"] as? Int == 1 && level["reserved"] as? Int == 0, "taken out of stock once")
                #expect(try await harness.database.count("replacements") == 1)
                try await PartsFixture.expectLedgerAddsUp(harness.database, sequential: true)
            }
        }
    }

    @Test func theLedgerIsAppendOnlyAndListedNewestFirst() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: PartsFixture.clerk) { client in
                let location = try await PartsFixture.location(client)
                let part = try await PartsFixture.part(client)
                try await PartsFixture.stock(client, part: part, location: location, quantity: 4)
                #expect(try await PartsFixture.reserve(client, part: part, location: location, quantity: 3).status == .ok)
                let refused = try await client.call("AdjustStock", ["partId": part, "locationId": location, "change": -2, "reason": "损坏"])
                #expect(refused.status == .badRequest && refused.code == "failed_precondition" && refused.violatedFields == ["change"])
                let movements = try await client.call("ListStockMovements", ["partId": part, "pageSize": 1])
                let first = try #require((movements.json["movements"] as? [[String: Any]])?.first)
                #expect(first["kind"] as? String == "reservation" && first["reservedChange"] as? Int == 3 && first["onHandAfter"] as? Int == 4)
                #expect(first["actor"] as? String == "clerk-1" && first["referenceKind"] as? String == "reservation")
                let next = try await client.call(
                    "ListStockMovements",
                    ["partId": part, "pageSize": 1, "pageToken": movements.json["nextPageToken"] as? String ?? ""]
                )
                #expect((next.json["movements"] as? [[String: Any]])?.first?["kind"] as? String == "adjustment")
                #expect(next.json["nextPageToken"] == nil)
                let edit = try? await harness.database.rows("UPDATE stock_movements SET on_hand_change = 100 RETURNING id::text")
                #expect(edit == nil, "the ledger refuses an edit, even the superuser's")
            }
        }
    }

    @Test func transfersMoveStockBetweenLocationsAndUnknownPlacesAreNotFound() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: PartsFixture.clerk) { client in
                let warehouse = try await PartsFixture.location(client, code: "WH-1")
                let van = try await PartsFixture.location(client, code: "VAN-7", kind: "van")
                let part = try await PartsFixture.part(client)
                try await PartsFixture.stock(client, part: part, location: warehouse, quantity: 5)
                let moved = try await client.call("TransferStock", ["partId": part, "fromLocationId": warehouse, "toLocationId": van, "quantity": 2])
                #expect(
                    (moved.json["from"] as? [String: Any])?["onHand"] as? Int == 3 && (moved.json["to"] as? [String: Any])?["onHand"] as? Int == 2
                )
                let tooMany = try await client.call(
                    "TransferStock",
                    ["partId": part, "fromLocationId": van, "toLocationId": warehouse, "quantity": 3]
                )
                #expect(tooMany.code == "failed_precondition" && tooMany.violatedFields == ["quantity"])
                let nowhere = try await client.call(
                    "TransferStock",
                    ["partId": part, "fromLocationId": van, "toLocationId": UUID().uuidString.lowercased(), "quantity": 1]
                )
                #expect(nowhere.status == .notFound)
                let same = try await client.call("TransferStock", ["partId": part, "fromLocationId": van, "toLocationId": van, "quantity": 1])
                #expect(same.violatedFields == ["toLocationId"])
                #expect(try await PartsFixture.level(client, part: part, location: van)["onHand"] as? Int == 2, "a refused transfer moved nothing")
                let other = try await client.calling(as: .staff([.partsClerk], of: TestTenants.b))
                #expect(
                    (try await other.call("GetStock", ["partId": part]).json["levels"] as? [[String: Any]])?.isEmpty == true,
                    "another tenant sees nothing"
                )
                try await PartsFixture.expectLedgerAddsUp(harness.database)
            }
        }
    }
}
