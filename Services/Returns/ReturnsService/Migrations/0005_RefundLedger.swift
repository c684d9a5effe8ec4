import ServiceKit

extension ReturnsMigrations {
    /// The refund ledger (rules.md §3.3, §3.5, §3.9, §3.10): immutable entries per case, signed from the
    /// customer's side (+ owed to the customer, − taken off or owed by them; a settled payout or charge
    /// brings the case back to zero), the payments that settle them at the provider — one per approved
    /// refund, which is what makes a payout exactly-once — the discrepancies reconciliation finds, and
    /// exchanges with their price difference and the replacement's shipment.
    static let refundLedger = Migration(
        "0005_refund_ledger",
        statements: [
            """
            CREATE TABLE payments (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                case_id uuid NOT NULL,
                return_request_id uuid,
                merchant_id uuid,
                direction text NOT NULL CHECK (direction IN ('payout', 'charge')),
                purpose text NOT NULL CHECK (purpose IN ('refund', 'compensation', 'price_difference', 'correction')),
                amount_minor bigint NOT NULL CHECK (amount_minor > 0),
                currency char(3) NOT NULL,
                status text NOT NULL CHECK (status IN ('waiting', 'uncertain', 'paid', 'failed')),
                attempt integer NOT NULL CHECK (attempt >= 1),
                provider_reference text,
                failure text,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                settled_at timestamptz,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            // One refund and one price difference per request, whatever retries or duplicates do.
            "CREATE UNIQUE INDEX payments_once_per_request ON payments (tenant_id, return_request_id, purpose) WHERE return_request_id IS NOT NULL",
            "CREATE INDEX payments_by_status ON payments (tenant_id, status, id)",
            "CREATE INDEX payments_by_case ON payments (tenant_id, case_id, id)",
            """
            CREATE TABLE ledger_entries (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                case_id uuid NOT NULL,
                return_request_id uuid,
                merchant_id uuid,
                payment_id uuid,
                kind text NOT NULL CHECK (kind IN ('refund', 'refund_over_price', 'deduction', 'shipping', 'compensation',
                                                   'price_difference', 'payout', 'charge', 'correction')),
                amount_minor bigint NOT NULL,
                currency char(3) NOT NULL,
                rule_ids text[] NOT NULL,
                note text,
                corrects uuid,
                recorded_by text NOT NULL,
                recorded_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            "CREATE INDEX ledger_entries_by_case ON ledger_entries (tenant_id, case_id, recorded_at, id)",
            // Refunds by day and merchant read the settled payouts only.
            "CREATE INDEX ledger_entries_payouts ON ledger_entries (tenant_id, recorded_at) WHERE kind = 'payout'",
        ] + TenancyMigration.appendOnly("ledger_entries", what: "the refund ledger") + [
            """
            CREATE TABLE payment_discrepancies (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                kind text NOT NULL CHECK (kind IN ('missing_in_ledger', 'missing_at_provider', 'amount_mismatch', 'status_mismatch')),
                payment_id uuid,
                provider_reference text,
                detail text NOT NULL,
                found_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            // Found once: a later sweep over the same period reports nothing new.
            """
            CREATE UNIQUE INDEX payment_discrepancies_once ON payment_discrepancies
                (tenant_id, kind, coalesce(payment_id::text, ''), coalesce(provider_reference, ''))
            """,
            """
            CREATE TABLE exchanges (
                tenant_id uuid NOT NULL,
                return_request_id uuid NOT NULL,
                case_id uuid NOT NULL,
                order_number text,
                replacement jsonb NOT NULL,
                currency char(3) NOT NULL,
                price_paid_minor bigint NOT NULL,
                replacement_price_minor bigint NOT NULL,
                payment_id uuid,
                status text NOT NULL CHECK (status IN ('awaiting_payment', 'ready_to_ship', 'shipped')),
                shipment jsonb,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, return_request_id)
            )
            """,
            "CREATE INDEX exchanges_by_order ON exchanges (tenant_id, order_number)",
            // The order a case is about: a second return or exchange on it is refused where LG-14 applies.
            "ALTER TABLE case_directory ADD COLUMN order_number text",
        ] + TenancyMigration.tenantPolicy(on: "payments") + TenancyMigration.tenantPolicy(on: "ledger_entries")
            + TenancyMigration.tenantPolicy(on: "payment_discrepancies") + TenancyMigration.tenantPolicy(on: "exchanges")
    )
}
