import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import PartsService
import TestSupport
import Testing

/// The records most parts tests start from, made through the operations themselves.
enum PartsFixture {
    static let clerk = TestCaller.staff([.partsClerk], subject: "clerk-1")
    static let technician = TestCaller.staff([.technician], subject: "tech-1")
    static let supervisor = TestCaller.staff([.supervisor], subject: "boss-1")

    static func location(_ client: ServiceTestClient, code: String = "WH-1", kind: String = "warehouse") async throws -> String {
        let created = try await client.call("CreateStockLocation", ["code": code, "name": "华强北仓库 \(code)", "kind": kind])
        return try #require(created.json["locationId"] as? String, "\(created.json)")
    }

    static func supplier(_ client: ServiceTestClient, name: String = "深圳罗技配件", leadTimeDays: Int = 5) async throws -> String {
        let created = try await client.call(
            "CreateSupplier",
            ["name": name, "contactName": "陈先生", "phone": "+86 755 8888 0000", "leadTimeDays": leadTimeDays]
        )
        return try #require(created.json["supplierId"] as? String, "\(created.json)")
    }

    static func part(
        _ client: ServiceTestClient,
        number: String = "LOGI-G304-SW",
        models: [String] = ["G304", "G305"],
        suppliers: [[String: Any]] = []
    )
        async throws -> String
    {
        let created = try await client.call(
            "CreatePart",
            [
                "partNumber": number, "name": "微动开关 \(number)", "category": "鼠标配件", "fittingModels": models, "kind": "oem_part",
                "valueClass": "b", "unitCost": ["currency": "CNY", "amountMinor": 1500], "suppliers": suppliers,
            ]
        )
        return try #require(created.json["partId"] as? String, "\(created.json)")
    }

    /// Puts `quantity` on hand by an adjustment (an opening balance).
    static func stock(_ client: ServiceTestClient, part: String, location: String, quantity: Int) async throws {
        let adjusted = try await client.call("AdjustStock", ["partId": part, "locationId": location, "change": quantity, "reason": "期初库存"])
        #expect(adjusted.status == .ok, "\(adjusted.json)")
    }

    static func level(_ client: ServiceTestClient, part: String, location: String) async throws -> [String: Any] {
        let read = try await client.call("GetStock", ["partId": part, "locationId": location])
        return (read.json["levels"] as? [[String: Any]])?.first ?? [:]
    }

    static func reserve(
        _ client: ServiceTestClient,
        part: String,
        location: String,
        quantity: Int = 1,
        extra: [String: Any] = [:]
    ) async throws
        -> TestResponse
    {
        var body: [String: Any] = ["partId": part, "locationId": location, "quantity": quantity, "repairOrderId": UUID().uuidString.lowercased()]
        body.merge(extra) { _, new in new }
        return try await client.call("ReservePart", body)
    }

    /// The ledger checked against the balances by the superuser: every balance is the sum of its entries,
    /// and nothing is negative or reserved beyond what is on hand.
    /// `sequential`: the entries were made one after another, so each entry's figures after it are the
    /// running sum in id order (concurrent ones take their ids before they queue for the row).
    static func expectLedgerAddsUp(_ database: TestDatabase, sequential: Bool = false) async throws {
        let mismatches = try await database.rows(
            """
            SELECT l.part_id::text FROM stock_levels l
            LEFT JOIN (SELECT tenant_id, part_id, location_id, sum(on_hand_change) AS on_hand, sum(reserved_change) AS reserved
                       FROM stock_movements GROUP BY 1, 2, 3) m USING (tenant_id, part_id, location_id)
            WHERE l.on_hand <> coalesce(m.on_hand, 0) OR l.reserved <> coalesce(m.reserved, 0) OR l.on_hand < l.reserved OR l.reserved < 0
            """
        )
        #expect(mismatches.isEmpty, "balances that differ from their ledger: \(mismatches)")
        guard sequential else { return }
        let afterFigures = try await database.rows(
            """
            SELECT id::text FROM stock_movements m
            WHERE on_hand_after <> (SELECT sum(on_hand_change) FROM stock_movements e
                                    WHERE e.tenant_id = m.tenant_id AND e.part_id = m.part_id AND e.location_id = m.location_id AND e.id <= m.id)
            """
        )
        #expect(afterFigures.isEmpty, "entries whose on-hand-after is not the running sum: \(afterFigures)")
    }
}
