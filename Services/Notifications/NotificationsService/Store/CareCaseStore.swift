import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// The cases' customers as Intake's events tell them (`case.registered`, `case.contact_recorded`, which
/// comes after it and again with every correction): each upsert writes whole what it carries, so a
/// correction's order number or product replaces the registration's.
struct CareCaseStore {
    func rememberRegistration(_ event: CaseRegistered, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        let followUp = try event.judgement?.resolvedRules.followUp.map { String(decoding: try WireJSON.encoder.encode($0), as: UTF8.self) }
        try await connection.query(
            """
            INSERT INTO care_cases (tenant_id, case_id, merchant_id, order_number, product_name, product_category, follow_up)
            VALUES (\(tenant.uuid), \(event.caseID), \(event.merchantID), \(event.orderNumber), \(event.productName), \(event.productCategory),
                    \(followUp)::jsonb)
            ON CONFLICT (tenant_id, case_id) DO UPDATE
               SET merchant_id = EXCLUDED.merchant_id, order_number = EXCLUDED.order_number,
                   product_name = EXCLUDED.product_name, product_category = EXCLUDED.product_category, follow_up = EXCLUDED.follow_up
            """,
            logger: logger
        )
    }

    /// The contact and what messages name, as the case stands after its latest correction.
    func rememberContact(_ event: CaseContactRecorded, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO care_cases (tenant_id, case_id, customer_name, customer_phone, order_number, product_name, product_category)
            VALUES (\(tenant.uuid), \(event.caseID), \(event.customerName), \(event.customerPhone), \(event.orderNumber), \(event.productName),
                    \(event.productCategory))
            ON CONFLICT (tenant_id, case_id) DO UPDATE
               SET customer_name = EXCLUDED.customer_name, customer_phone = EXCLUDED.customer_phone, order_number = EXCLUDED.order_number,
                   product_name = EXCLUDED.product_name, product_category = EXCLUDED.product_category
            """,
            logger: logger
        )
    }

    func find(_ caseID: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> CareCase? {
        let rows = try await connection.query(
            """
            SELECT merchant_id, order_number, product_name, product_category, customer_name, customer_phone, follow_up::text
            FROM care_cases WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID)
            """,
            logger: logger
        )
        for try await (merchant, order, product, category, name, phone, followUp) in rows.decode(
            (UUID?, String?, String?, String?, String?, String?, String?).self
        ) {
            return CareCase(
                caseID: caseID,
                merchantID: merchant,
                orderNumber: order,
                productName: product,
                productCategory: category,
                customerName: name,
                customerPhone: phone,
                followUp: try followUp.map { try WireJSON.decoder.decode(FollowUpSchedule.self, from: Data($0.utf8)) }
            )
        }
        return nil
    }
}
