import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Returns' read model of the tenant's cases, kept from Intake's and Dispatch's events: the merchant a case
/// is with, the price paid, and the stamped judgement as revised — what a request is checked and decided by.
/// Events of two producers arrive in any order, so every one writes what it knows (none waits for another);
/// a case counts as known once its registration has arrived.
struct CaseDirectoryStore {
    func registered(_ e: CaseRegistered, _ context: EventContext) async throws {
        let judgement = try e.judgement.map { String(decoding: try WireJSON.encoder.encode($0), as: UTF8.self) }
        // A revision or an assignment that arrived first is newer than the registration: it is kept.
        try await context.connection.query(
            """
            INSERT INTO case_directory (tenant_id, case_id, merchant_id, price_currency, price_minor, judgement, cancelled, registered, updated_at,
                                        order_number)
            VALUES (\(context.tenant.uuid), \(e.caseID), \(e.merchantID), \(e.pricePaid?.currency), \(e.pricePaid?.amountMinor),
                    \(judgement)::jsonb, false, true, \(context.now), \(e.orderNumber))
            ON CONFLICT (tenant_id, case_id) DO UPDATE
               SET merchant_id = coalesce(case_directory.merchant_id, EXCLUDED.merchant_id), price_currency = EXCLUDED.price_currency,
                   price_minor = EXCLUDED.price_minor, judgement = coalesce(case_directory.judgement, EXCLUDED.judgement),
                   registered = true, updated_at = EXCLUDED.updated_at, order_number = EXCLUDED.order_number
            """,
            logger: context.logger
        )
    }

    /// The case's judgement as corrected or revised (its stamped policy version unchanged).
    func judged(_ caseID: UUID, _ judgement: CaseJudgement, _ context: EventContext) async throws {
        let text = String(decoding: try WireJSON.encoder.encode(judgement), as: UTF8.self)
        try await context.connection.query(
            """
            INSERT INTO case_directory (tenant_id, case_id, judgement, cancelled, registered, updated_at)
            VALUES (\(context.tenant.uuid), \(caseID), \(text)::jsonb, false, false, \(context.now))
            ON CONFLICT (tenant_id, case_id) DO UPDATE SET judgement = EXCLUDED.judgement, updated_at = EXCLUDED.updated_at
            """,
            logger: context.logger
        )
    }

    /// Dispatch queued the case for a merchant (at registration, or routed from the queue).
    func assigned(_ caseID: UUID, to merchant: UUID, _ context: EventContext) async throws {
        try await context.connection.query(
            """
            INSERT INTO case_directory (tenant_id, case_id, merchant_id, cancelled, registered, updated_at)
            VALUES (\(context.tenant.uuid), \(caseID), \(merchant), false, false, \(context.now))
            ON CONFLICT (tenant_id, case_id) DO UPDATE SET merchant_id = EXCLUDED.merchant_id, updated_at = EXCLUDED.updated_at
            """,
            logger: context.logger
        )
    }

    func cancelled(_ caseID: UUID, _ context: EventContext) async throws {
        try await context.connection.query(
            """
            INSERT INTO case_directory (tenant_id, case_id, cancelled, registered, updated_at)
            VALUES (\(context.tenant.uuid), \(caseID), true, false, \(context.now))
            ON CONFLICT (tenant_id, case_id) DO UPDATE SET cancelled = true, updated_at = EXCLUDED.updated_at
            """,
            logger: context.logger
        )
    }

    func find(_ caseID: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> KnownCase? {
        let rows = try await connection.query(
            """
            SELECT merchant_id, price_currency::text, price_minor, judgement::text, cancelled, order_number FROM case_directory
            WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID) AND registered
            """,
            logger: logger
        )
        for try await (merchant, currency, minor, judgement, cancelled, order) in rows.decode((UUID?, String?, Int64?, String?, Bool, String?).self) {
            let price = currency.flatMap { c in minor.map { Money(currency: c, amountMinor: $0) } }
            let stamped = try judgement.map { try WireJSON.decoder.decode(CaseJudgement.self, from: Data($0.utf8)) }
            var known = KnownCase(caseID: caseID, merchantID: merchant, pricePaid: price, judgement: stamped, cancelled: cancelled)
            known.orderNumber = order
            return known
        }
        return nil
    }
}
