import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// All of Returns' SQL about return requests. Every statement binds its values and runs in a
/// tenant-scoped transaction, so row-level security applies on top of the explicit tenant filter.
struct ReturnRequestStore {
    /// Inserts the request; false when the case already has an open one.
    func insert(_ request: ReturnRequest, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let application = request.application
        let rows = try await connection.query(
            """
            INSERT INTO return_requests (
                tenant_id, id, case_id, merchant_id, type, amount_currency, amount_minor, reason, status, created_at
            ) VALUES (
                \(tenant.uuid), \(request.id), \(application.caseID), \(application.merchantID), \(application.type.rawValue),
                \(application.amount.currency), \(application.amount.amountMinor), \(application.reason), \(request.status.rawValue),
                \(request.createdAt)
            )
            ON CONFLICT (tenant_id, case_id) WHERE status = 'requested' DO NOTHING
            RETURNING id
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    /// The request, if it belongs to `tenant` and — for a merchant caller — to `merchant`.
    func find(_ id: UUID, tenant: TenantID, merchant: UUID?, on connection: PostgresConnection, logger: Logger) async throws -> ReturnRequest? {
        let rows = try await connection.query(
            """
            SELECT id, case_id, merchant_id, type, amount_currency::text AS currency, amount_minor, reason, status, created_at
            FROM return_requests
            WHERE tenant_id = \(tenant.uuid) AND id = \(id) AND (\(merchant)::uuid IS NULL OR merchant_id = \(merchant))
            """,
            logger: logger
        )
        for try await row in rows {
            let columns = row.makeRandomAccess()
            let id = try columns["id"].decode(UUID.self)
            guard let type = ReturnType(rawValue: try columns["type"].decode(String.self)),
                let status = ReturnRequestStatus(rawValue: try columns["status"].decode(String.self))
            else { throw StoredValueError(table: "return_requests", id: id) }
            let application = ReturnApplication(
                caseID: try columns["case_id"].decode(UUID.self),
                merchantID: try columns["merchant_id"].decode(UUID.self),
                type: type,
                amount: Money(currency: try columns["currency"].decode(String.self), amountMinor: try columns["amount_minor"].decode(Int64.self)),
                reason: try columns["reason"].decode(String.self)
            )
            return ReturnRequest(id: id, status: status, application: application, createdAt: try columns["created_at"].decode(Date.self))
        }
        return nil
    }
}
