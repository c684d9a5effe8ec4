import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// The customer archive (客户档案, rules.md §2(i)) as Intake reads it from its cases: a customer is known by
/// the phone its cases were registered with, and by the phones merged into it by hand (`customer_links`).
struct CustomerArchiveStore {
    static let caseLimit = 200

    /// A case of the archive with the repair orders and return requests it went through.
    struct ArchivedCase: Sendable {
        let id: UUID
        let createdAt: Date
        let status: CaseStatus
        let orderNumber: String
        let productName: String
        let productCategory: String
        let productBrand: String?
        let serialNumber: String?
        let customerName: String
        let customerPhone: String
        let customerAddress: String?
        let requestedResolution: Resolution
        let decidedResolution: Resolution?
        var repairs: [Step] = []
        var returns: [Step] = []
    }

    /// A repair order or a return request as it last stood.
    struct Step: Sendable {
        let id: UUID
        let status: String
        let at: Date
    }

    /// A merge as it was made: `phone`'s customer merged into `mergedInto`'s.
    struct Merge: Sendable {
        let phone: String
        let mergedInto: String
        let mergedAt: Date
        let mergedBy: String
        let reason: String
    }

    /// A customer: the phone kept, the phones merged into it, every merge of those, its latest cases.
    struct Customer: Sendable {
        let phone: String
        let otherPhones: [String]
        let merges: [Merge]
        let cases: [ArchivedCase]
    }

    /// The customer a phone belongs to now (its own, unless merged into another).
    func customer(of phone: String, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> String {
        let rows = try await connection.query(
            "SELECT customer_phone FROM customer_links WHERE tenant_id = \(tenant.uuid) AND phone = \(phone)",
            logger: logger
        )
        for try await kept in rows.decode(String.self) { return kept }
        return phone
    }

    /// Whether any case was registered with the phone, or the phone was merged into a customer.
    func known(_ phone: String, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            """
            SELECT EXISTS (SELECT 1 FROM cases WHERE tenant_id = \(tenant.uuid) AND customer_phone = \(phone))
                OR EXISTS (SELECT 1 FROM customer_links WHERE tenant_id = \(tenant.uuid) AND phone = \(phone))
            """,
            logger: logger
        )
        for try await known in rows.decode(Bool.self) { return known }
        return false
    }

    /// The phones of the cases of an order number or of a device's serial.
    func phones(
        orderNumber: String?,
        serialNumber: String?,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    )
        async throws -> [String]
    {
        let rows = try await connection.query(
            """
            SELECT DISTINCT customer_phone FROM cases
            WHERE tenant_id = \(tenant.uuid) AND customer_phone <> ''
              AND ((\(orderNumber)::text IS NOT NULL AND order_number = \(orderNumber))
                   OR (\(serialNumber)::text IS NOT NULL AND serial_number = \(serialNumber)))
            """,
            logger: logger
        )
        var phones: [String] = []
        for try await phone in rows.decode(String.self) { phones.append(phone) }
        return phones
    }

    /// The phones merged into the customer kept as `phone`.
    func mergedPhones(of phone: String, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        let linked = try await connection.query(
            "SELECT phone FROM customer_links WHERE tenant_id = \(tenant.uuid) AND customer_phone = \(phone) ORDER BY phone",
            logger: logger
        )
        var phones: [String] = []
        for try await other in linked.decode(String.self) { phones.append(other) }
        return phones
    }

    /// The customer kept as `phone`: merges, latest cases with their repairs and returns.
    func archive(of phone: String, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Customer {
        let phones = [phone] + (try await mergedPhones(of: phone, tenant: tenant, on: connection, logger: logger))
        var merges: [Merge] = []
        let merged = try await connection.query(
            """
            SELECT phone, merged_into, merged_at, merged_by, reason FROM customer_merges
            WHERE tenant_id = \(tenant.uuid) AND phone = ANY(\(phones)::text[]) ORDER BY merged_at, merge_id
            """,
            logger: logger
        )
        for try await (other, into, at, by, reason) in merged.decode((String, String, Date, String, String).self) {
            merges.append(Merge(phone: other, mergedInto: into, mergedAt: at, mergedBy: by, reason: reason))
        }
        var cases: [ArchivedCase] = []
        let rows = try await connection.query(
            """
            SELECT id, created_at, status, order_number, product_name, product_category, product_brand, serial_number,
                   customer_name, customer_phone, customer_address, requested_resolution, decided_resolution
            FROM cases WHERE tenant_id = \(tenant.uuid) AND customer_phone = ANY(\(phones)::text[])
            ORDER BY id DESC LIMIT \(Self.caseLimit)
            """,
            logger: logger
        )
        for try await row in rows {
            let c = row.makeRandomAccess()
            let id = try c["id"].decode(UUID.self)
            guard let status = CaseStatus(rawValue: try c["status"].decode(String.self)),
                let requested = Resolution(rawValue: try c["requested_resolution"].decode(String.self))
            else { throw StoredValueError(table: "cases", id: id) }
            cases.append(
                ArchivedCase(
                    id: id,
                    createdAt: try c["created_at"].decode(Date.self),
                    status: status,
                    orderNumber: try c["order_number"].decode(String.self),
                    productName: try c["product_name"].decode(String.self),
                    productCategory: try c["product_category"].decode(String.self),
                    productBrand: try c["product_brand"].decode(String?.self),
                    serialNumber: try c["serial_number"].decode(String?.self),
                    customerName: try c["customer_name"].decode(String.self),
                    customerPhone: try c["customer_phone"].decode(String.self),
                    customerAddress: try c["customer_address"].decode(String?.self),
                    requestedResolution: requested,
                    decidedResolution: try c["decided_resolution"].decode(String?.self).flatMap(Resolution.init(rawValue:))
                )
            )
        }
        try await addSteps(to: &cases, tenant: tenant, on: connection, logger: logger)
        return Customer(phone: phone, otherPhones: Array(phones.dropFirst()), merges: merges, cases: cases)
    }

    /// Each case's repair orders and return requests as their latest event left them.
    private func addSteps(to cases: inout [ArchivedCase], tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        guard !cases.isEmpty else { return }
        let rows = try await connection.query(
            """
            SELECT DISTINCT ON (case_id, type, coalesce(data->>'repairOrderId', data->>'returnRequestId'))
                   case_id, type, coalesce(data->>'repairOrderId', data->>'returnRequestId'), data->>'status', occurred_at
            FROM case_timeline
            WHERE tenant_id = \(tenant.uuid) AND case_id = ANY(\(cases.map(\.id))::uuid[])
              AND type IN ('repairs.order_changed', 'returns.request_changed')
            ORDER BY case_id, type, coalesce(data->>'repairOrderId', data->>'returnRequestId'), occurred_at DESC, event_id DESC
            """,
            logger: logger
        )
        let index = Dictionary(uniqueKeysWithValues: cases.enumerated().map { ($0.element.id, $0.offset) })
        for try await (caseID, type, id, status, at) in rows.decode((UUID, String, String?, String?, Date).self) {
            guard let position = index[caseID], let id = id.flatMap(UUID.init(uuidString:)) else { continue }
            let step = Step(id: id, status: status ?? "", at: at)
            if type == "repairs.order_changed" { cases[position].repairs.append(step) } else { cases[position].returns.append(step) }
        }
    }

    /// Merges the customer kept as `duplicate` into the one kept as `kept`: its phone, and the phones merged
    /// into it before, now lead to `kept`; the merge is logged as made (earlier ones are never rewritten).
    func merge(
        _ duplicate: String,
        into kept: String,
        by subject: String,
        reason: String,
        at now: Date,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.query(
            """
            WITH repointed AS (
                UPDATE customer_links SET customer_phone = \(kept)
                WHERE tenant_id = \(tenant.uuid) AND customer_phone = \(duplicate)
            ), linked AS (
                INSERT INTO customer_links (tenant_id, phone, customer_phone) VALUES (\(tenant.uuid), \(duplicate), \(kept))
            )
            INSERT INTO customer_merges (tenant_id, merge_id, phone, merged_into, merged_at, merged_by, reason)
            VALUES (\(tenant.uuid), \(UUID.v7()), \(duplicate), \(kept), \(now), \(subject), \(reason))
            """,
            logger: logger
        )
    }

    /// Merges of one tenant wait for one another (two crossing merges could otherwise make a cycle).
    func lockMerges(tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "SELECT pg_advisory_xact_lock(hashtextextended('customer_links:' || \(tenant.uuid)::text, 0))",
            logger: logger
        )
    }
}
