import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Repairs' read model of the tenant's cases (from Intake's events) and its QC checklists.
struct ReferenceStore {
    /// A case as Repairs knows it.
    struct KnownCase: Sendable {
        let productName: String
        let productModel: String?
        let productCategory: String?
        let reportedFault: String
        let cancelled: Bool
    }

    /// The policy timers a repair starts (T-15, T-20): those of the case's stamped judgement triggered by
    /// the repair's submission or acceptance.
    static func repairTimers(of judgement: CaseJudgement?) -> [TimerRule] {
        (judgement?.resolvedRules.timers ?? []).filter { $0.trigger == .repairSubmitted || $0.trigger == .repairAccepted }
    }

    func registered(_ e: CaseRegistered, _ context: EventContext) async throws {
        let timers = String(decoding: try WireJSON.encoder.encode(Self.repairTimers(of: e.judgement)), as: UTF8.self)
        try await context.connection.query(
            """
            INSERT INTO case_directory (tenant_id, case_id, product_name, product_model, product_category, reported_fault, cancelled, updated_at,
                                        order_number, order_line, repair_timers)
            VALUES (\(context.tenant.uuid), \(e.caseID), \(e.productName), \(e.productModel), \(e.productCategory), \(e.reason), false, \(context.now),
                    \(e.orderNumber), \(e.orderLine), \(timers)::jsonb)
            ON CONFLICT (tenant_id, case_id) DO NOTHING
            """,
            logger: context.logger
        )
    }

    /// The repair timers of the case's stamped policy (none for a case Repairs does not know).
    func repairTimers(of caseID: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> [TimerRule] {
        let rows = try await connection.query(
            "SELECT repair_timers::text FROM case_directory WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID)",
            logger: logger
        )
        for try await text in rows.decode(String.self) { return try WireJSON.decoder.decode([TimerRule].self, from: Data(text.utf8)) }
        return []
    }

    func cancelled(_ e: CaseCancelled, _ context: EventContext) async throws {
        try await context.connection.query(
            "UPDATE case_directory SET cancelled = true, updated_at = \(context.now) WHERE tenant_id = \(context.tenant.uuid) AND case_id = \(e.caseID)",
            logger: context.logger
        )
    }

    func find(_ caseID: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> KnownCase? {
        let rows = try await connection.query(
            """
            SELECT product_name, product_model, product_category, reported_fault, cancelled FROM case_directory
            WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID)
            """,
            logger: logger
        )
        for try await (name, model, category, fault, cancelled) in rows.decode((String, String?, String?, String, Bool).self) {
            return KnownCase(productName: name, productModel: model, productCategory: category, reportedFault: fault, cancelled: cancelled)
        }
        return nil
    }

    /// The tenant's own checklist of `category`, nil when it has set none.
    func checklist(_ category: String, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> [String]? {
        let rows = try await connection.query(
            "SELECT items FROM qc_checklists WHERE tenant_id = \(tenant.uuid) AND category = \(category)",
            logger: logger
        )
        for try await items in rows.decode([String].self) { return items }
        return nil
    }

    func setChecklist(
        _ category: String,
        items: [String],
        now: Date,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO qc_checklists (tenant_id, category, items, updated_at) VALUES (\(tenant.uuid), \(category), \(items), \(now))
            ON CONFLICT (tenant_id, category) DO UPDATE SET items = EXCLUDED.items, updated_at = EXCLUDED.updated_at
            """,
            logger: logger
        )
    }
}
