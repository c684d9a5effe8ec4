import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// All of Intake's SQL about cases. Every statement binds its values; every call runs inside a
/// tenant-scoped transaction, so row-level security applies on top of the explicit tenant filter.
struct CaseStore {
    /// What recording a new case came to.
    enum Recording: Equatable {
        case recorded
        /// The settings or policy the case was judged under are no longer current: judge again.
        case staleJudgement
        case unknownMerchant
        /// An open case for the same order line exists (its id, when the statement's snapshot saw it).
        case duplicate(UUID?)
    }

    /// Records the case and appends the event announcing it (and the customer's contact, for Notifications), in one statement — only if the judgement's
    /// settings and policy versions are current, the merchant is one the tenant has, and no open case has
    /// the order line.
    func insert(
        _ record: AfterSalesCase,
        settingsVersion: Int,
        policyVersion: Int,
        announcing event: OutboxEntry,
        contact: OutboxEntry,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Recording {
        let r = record.registration
        let tenant = record.tenantID.uuid
        // The judgement and evidence are taken from the event that carries them: encoded once, in Swift.
        let columns = try CaseColumns(record, withDocuments: false)
        let rows = try await connection.query(
            """
            WITH checks AS (
                SELECT (SELECT max(version) FROM policy_versions WHERE tenant_id = \(tenant)) = \(policyVersion)
                       AND (SELECT settings_version FROM tenants WHERE tenant_id = \(tenant)) = \(settingsVersion) AS current,
                       (\(r.merchantID)::uuid IS NULL OR EXISTS (
                           SELECT 1 FROM merchant_directory WHERE tenant_id = \(tenant) AND merchant_id = \(r.merchantID))) AS merchant_known
            ), recorded AS (
                INSERT INTO cases (
                    tenant_id, id, status, order_number, product_name, product_model, quantity, purchase_date,
                    reason, requested_resolution, merchant_id, created_at, registered_by_role,
                    channel, customer_name, customer_phone, customer_address, order_line, invoice_number, price_paid_minor,
                    currency, product_category, product_brand, serial_number, group_buy_date, shipped_date, delivery_date,
                    signed_for_date, signed_for_at,
                    issue_kind, evidence, item_condition, flags, notes, policy_version, judgement
                )
                SELECT \(tenant), \(record.id), \(record.status.rawValue), \(r.orderNumber), \(r.product.name), \(r.product.model),
                       \(r.quantity), \(r.purchaseDate.description)::date, \(r.reason), \(r.requestedResolution.rawValue),
                       \(r.merchantID), \(record.createdAt), \(record.registeredByRole?.rawValue),
                       \(r.channel.rawValue), \(r.customer.name), \(r.customer.phone.e164), \(r.customer.address), \(r.orderLineKey),
                       \(r.invoiceNumber), \(r.pricePaid.amountMinor), \(r.pricePaid.currency), \(r.product.category), \(r.product.brand),
                       \(r.product.serialNumber), \(r.groupBuySucceededDate?.description)::date, \(r.shippedDate?.description)::date,
                       \(r.deliveryDate?.description)::date, \(r.signedForDate?.description)::date,
                       \(r.signedForAt), \(r.issueKind.rawValue), coalesce(event.envelope -> 'data' -> 'evidence', '[]'),
                       \(columns.condition)::jsonb, \(columns.flags), \(r.notes), \(columns.policyVersion),
                       event.envelope -> 'data' -> 'judgement'
                FROM checks, (SELECT \(event.envelope)::jsonb AS envelope) AS event WHERE current AND merchant_known
                ON CONFLICT (tenant_id, order_number, order_line) WHERE status NOT IN ('resolved', 'closed', 'cancelled') DO NOTHING
                RETURNING id
            ), \(outbox: event, onlyIf: "recorded"),
            -- The contact after the event (reading its row orders the two appends).
            \(outbox: contact, as: "contact", onlyIf: "outbox_event")
            SELECT checks.current, checks.merchant_known, EXISTS (SELECT 1 FROM recorded) AS inserted,
                   -- The open case in the way, looked up only when nothing was recorded.
                   CASE WHEN NOT EXISTS (SELECT 1 FROM recorded) AND checks.current AND checks.merchant_known THEN
                       (SELECT id FROM cases WHERE tenant_id = \(tenant) AND order_number = \(r.orderNumber)
                          AND order_line = \(r.orderLineKey) AND status NOT IN ('resolved', 'closed', 'cancelled') LIMIT 1)
                   END AS existing
            FROM checks
            """,
            logger: logger
        )
        for try await (current, merchantKnown, inserted, existing) in rows.decode((Bool?, Bool, Bool, UUID?).self) {
            if inserted { return .recorded }
            if current != true { return .staleJudgement }
            if !merchantKnown { return .unknownMerchant }
            return .duplicate(existing)
        }
        throw StoredValueError(table: "cases", id: record.id)
    }

    /// The case, if it belongs to `tenant` and — for a merchant caller — to `merchant`; locked for an
    /// update when `forUpdate`.
    func find(
        _ id: UUID,
        tenant: TenantID,
        merchant: UUID?,
        forUpdate: Bool = false,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> AfterSalesCase? {
        var query: PostgresQuery = """
            SELECT \(unescaped: CaseColumns.selected)
            FROM cases WHERE tenant_id = \(tenant.uuid) AND id = \(id)
              AND (\(merchant)::uuid IS NULL OR merchant_id = \(merchant))
            """
        if forUpdate { query.sql += " FOR UPDATE" }
        let rows = try await connection.query(query, logger: logger)
        for try await row in rows {
            return try CaseColumns.decode(row, tenant: tenant)
        }
        return nil
    }

    /// The caller's case locked for a change; not found (another tenant's too) otherwise.
    func locked(_ id: UUID, caller: TenantCaller, on connection: PostgresConnection) async throws -> AfterSalesCase {
        guard let record = try await find(id, tenant: caller.tenant, merchant: nil, forUpdate: true, on: connection, logger: caller.logger)
        else { throw ErrorBody.notFound("case \(id.wire)") }
        return record
    }

    /// Writes a corrected registration, its judgement and version (the row is locked by ``find``).
    /// - Returns: the id of another open case with the new order line, when that refused the change.
    func update(
        _ record: AfterSalesCase,
        announcing event: OutboxEntry,
        contact: OutboxEntry,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> UUID? {
        let r = record.registration
        let tenant = record.tenantID.uuid
        let columns = try CaseColumns(record)
        let clash = try await connection.query(
            """
            SELECT id FROM cases WHERE tenant_id = \(tenant) AND order_number = \(r.orderNumber) AND order_line = \(r.orderLineKey)
              AND status NOT IN ('resolved', 'closed', 'cancelled') AND id <> \(record.id) LIMIT 1
            """,
            logger: logger
        )
        for try await (other) in clash.decode(UUID.self) { return other }
        try await connection.query(
            """
            WITH changed AS (
                UPDATE cases SET
                    order_number = \(r.orderNumber), product_name = \(r.product.name), product_model = \(r.product.model),
                    quantity = \(r.quantity), purchase_date = \(r.purchaseDate.description)::date, reason = \(r.reason),
                    requested_resolution = \(r.requestedResolution.rawValue), channel = \(r.channel.rawValue),
                    customer_name = \(r.customer.name), customer_phone = \(r.customer.phone.e164), customer_address = \(r.customer.address),
                    order_line = \(r.orderLineKey), invoice_number = \(r.invoiceNumber), price_paid_minor = \(r.pricePaid.amountMinor),
                    currency = \(r.pricePaid.currency), product_category = \(r.product.category), product_brand = \(r.product.brand),
                    serial_number = \(r.product.serialNumber), delivery_date = \(r.deliveryDate?.description)::date,
                    group_buy_date = \(r.groupBuySucceededDate?.description)::date, shipped_date = \(r.shippedDate?.description)::date,
                    signed_for_date = \(r.signedForDate?.description)::date, signed_for_at = \(r.signedForAt),
                    issue_kind = \(r.issueKind.rawValue), evidence = \(columns.evidence)::jsonb, item_condition = \(columns.condition)::jsonb,
                    flags = \(columns.flags), notes = \(r.notes), policy_version = \(columns.policyVersion),
                    judgement = \(columns.judgement)::jsonb, version = \(record.version), updated_at = \(record.updatedAt)
                WHERE tenant_id = \(tenant) AND id = \(record.id)
                RETURNING id
            ), \(outbox: event, onlyIf: "changed"), \(outbox: contact, as: "contact", onlyIf: "outbox_event")
            SELECT 1
            """,
            logger: logger
        )
        return nil
    }

    /// Cancels the case (locked by ``find``) with its reason and appends the event.
    func cancel(_ record: AfterSalesCase, announcing event: OutboxEntry, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            WITH cancelled AS (
                UPDATE cases SET status = 'cancelled', cancellation_reason = \(record.cancellation), updated_at = \(record.updatedAt)
                WHERE tenant_id = \(record.tenantID.uuid) AND id = \(record.id)
                RETURNING id
            ), \(outbox: event, onlyIf: "cancelled")
            SELECT 1
            """,
            logger: logger
        )
    }

    /// A revised judgement and the new facts it rests on — the inspection's, the repairs' (in the inbox's transaction).
    func revise(
        _ record: AfterSalesCase,
        announcing event: OutboxEntry?,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let columns = try CaseColumns(record)
        if let event {
            try await connection.query(
                """
                WITH revised AS (
                    UPDATE cases SET inspection_flags = \(record.inspectionFlags.map(\.rawValue)),
                           quality_issue_ruled_out = \(record.qualityIssueRuledOut), judgement = \(columns.judgement)::jsonb,
                           repair_facts = \(columns.repairFacts)::jsonb
                    WHERE tenant_id = \(record.tenantID.uuid) AND id = \(record.id)
                    RETURNING id
                ), \(outbox: event, onlyIf: "revised")
                SELECT 1
                """,
                logger: logger
            )
        } else {
            try await connection.query(
                """
                UPDATE cases SET inspection_flags = \(record.inspectionFlags.map(\.rawValue)),
                       quality_issue_ruled_out = \(record.qualityIssueRuledOut), repair_facts = \(columns.repairFacts)::jsonb
                WHERE tenant_id = \(record.tenantID.uuid) AND id = \(record.id)
                """,
                logger: logger
            )
        }
    }
}

extension CaseStore {
    /// The tenant's cases registered since `since`, newest first, at most `limit`.
    func registered(since: Date, limit: Int, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> [AfterSalesCase] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: CaseColumns.selected) FROM cases
            WHERE tenant_id = \(tenant.uuid) AND created_at >= \(since)
            ORDER BY created_at DESC, id DESC LIMIT \(limit)
            """,
            logger: logger
        )
        var cases: [AfterSalesCase] = []
        for try await row in rows { cases.append(try CaseColumns.decode(row, tenant: tenant)) }
        return cases
    }
}
