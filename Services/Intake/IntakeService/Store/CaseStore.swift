import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// All of Intake's SQL about cases. Every statement binds its values; every call runs inside a
/// tenant-scoped transaction, so row-level security applies on top of the explicit tenant filter.
struct CaseStore {
    /// Records the case and appends the event announcing it, in one statement.
    func insert(_ record: AfterSalesCase, announcing event: OutboxEntry, on connection: PostgresConnection, logger: Logger) async throws {
        let registration = record.registration
        try await connection.query(
            """
            WITH \(outbox: event), recorded AS (
                INSERT INTO cases (
                    tenant_id, id, status, order_number, product_name, product_model, quantity, purchase_date,
                    reason, requested_resolution, merchant_id, created_at, registered_by_role
                ) VALUES (
                    \(record.tenantID.uuid), \(record.id), \(record.status.rawValue), \(registration.orderNumber),
                    \(registration.productName), \(registration.productModel), \(registration.quantity),
                    \(registration.purchaseDate.description)::date, \(registration.reason),
                    \(registration.requestedResolution.rawValue), \(registration.merchantID), \(record.createdAt),
                    \(record.registeredByRole?.rawValue)
                )
            )
            SELECT 1
            """,
            logger: logger
        )
    }

    /// The case, if it belongs to `tenant` and — for a merchant caller — to `merchant`.
    func find(
        _ id: UUID,
        tenant: TenantID,
        merchant: UUID?,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> AfterSalesCase? {
        let rows = try await connection.query(
            """
            SELECT id, status, order_number, product_name, product_model, quantity, purchase_date::text AS purchase_date,
                   reason, requested_resolution, merchant_id, created_at
            FROM cases WHERE tenant_id = \(tenant.uuid) AND id = \(id)
              AND (\(merchant)::uuid IS NULL OR merchant_id = \(merchant))
            """,
            logger: logger
        )
        for try await row in rows {
            let columns = row.makeRandomAccess()
            let id = try columns["id"].decode(UUID.self)
            let status = try columns["status"].decode(String.self)
            let resolution = try columns["requested_resolution"].decode(String.self)
            let purchaseDate = try columns["purchase_date"].decode(String.self)
            guard let status = CaseStatus(rawValue: status), let resolution = Resolution(rawValue: resolution),
                let purchaseDate = LocalDate(iso: purchaseDate)
            else { throw StoredValueError(table: "cases", id: id) }
            let registration = CaseRegistration(
                orderNumber: try columns["order_number"].decode(String.self),
                productName: try columns["product_name"].decode(String.self),
                productModel: try columns["product_model"].decode(String?.self),
                quantity: try columns["quantity"].decode(Int.self),
                purchaseDate: purchaseDate,
                reason: try columns["reason"].decode(String.self),
                requestedResolution: resolution,
                merchantID: try columns["merchant_id"].decode(UUID.self)
            )
            return AfterSalesCase(
                id: id,
                tenantID: tenant,
                status: status,
                registration: registration,
                createdAt: try columns["created_at"].decode(Date.self)
            )
        }
        return nil
    }
}
