import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

extension CaseStore {
    /// A case as a search lists it.
    struct Found: Sendable {
        let id: UUID
        let status: CaseStatus
        let orderNumber: String
        let orderLine: String?
        let productName: String
        let customerName: String
        let requestedResolution: Resolution
        let judgementStatus: OptionStatus?
        let createdAt: Date
    }

    /// The tenant's cases of the customer's (normalised) phone and/or of an order, newest first (ids are
    /// UUIDv7), after the page's last id.
    func search(
        phone: PhoneNumber?,
        orderNumber: String?,
        before: UUID?,
        limit: Int,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [Found] {
        let rows = try await connection.query(
            """
            SELECT id, status, order_number, order_line, product_name, customer_name, requested_resolution,
                   judgement->>'status' AS judgement_status, created_at
            FROM cases
            WHERE tenant_id = \(tenant.uuid)
              AND (\(phone?.e164)::text IS NULL OR customer_phone = \(phone?.e164))
              AND (\(orderNumber)::text IS NULL OR order_number = \(orderNumber))
              AND (\(before)::uuid IS NULL OR id < \(before))
            ORDER BY id DESC
            LIMIT \(limit)
            """,
            logger: logger
        )
        var found: [Found] = []
        for try await (id, status, order, line, product, customer, resolution, judged, createdAt) in rows.decode(
            (UUID, String, String, String?, String, String, String, String?, Date).self
        ) {
            guard let status = CaseStatus(rawValue: status), let resolution = Resolution(rawValue: resolution) else {
                throw StoredValueError(table: "cases", id: id)
            }
            found.append(
                Found(
                    id: id,
                    status: status,
                    orderNumber: order,
                    orderLine: line?.isEmpty == false ? line : nil,
                    productName: product,
                    customerName: customer,
                    requestedResolution: resolution,
                    judgementStatus: judged.flatMap(OptionStatus.init(rawValue:)),
                    createdAt: createdAt
                )
            )
        }
        return found
    }
}
