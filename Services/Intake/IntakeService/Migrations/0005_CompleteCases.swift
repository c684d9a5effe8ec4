import ServiceKit

extension IntakeMigrations {
    /// The complete case (rules.md §2(a)): customer, channel, order line, invoice, price paid, product
    /// category, brand and serial, the dates the policy counts from, the nature of the issue, evidence
    /// references, item condition, notes — and the policy's judgement stamped with its version. Cases from
    /// before keep their rows: their new columns are empty, their order line unknown (NULL, never a duplicate).
    static let completeCases = Migration(
        "0005_complete_cases",
        statements: [
            """
            ALTER TABLE cases
                ALTER COLUMN merchant_id DROP NOT NULL,
                ADD COLUMN channel text NOT NULL DEFAULT 'online'
                    CHECK (channel IN ('online', 'phone', 'walk_in', 'chat', 'storefront')),
                ADD COLUMN customer_name text NOT NULL DEFAULT '',
                ADD COLUMN customer_phone text NOT NULL DEFAULT '',
                ADD COLUMN customer_address text,
                ADD COLUMN order_line text,
                ADD COLUMN invoice_number text,
                ADD COLUMN price_paid_minor bigint NOT NULL DEFAULT 0 CHECK (price_paid_minor >= 0),
                ADD COLUMN currency text NOT NULL DEFAULT 'CNY',
                ADD COLUMN product_category text NOT NULL DEFAULT '',
                ADD COLUMN product_brand text,
                ADD COLUMN serial_number text,
                ADD COLUMN group_buy_date date,
                ADD COLUMN shipped_date date,
                ADD COLUMN delivery_date date,
                ADD COLUMN signed_for_date date,
                ADD COLUMN signed_for_at timestamptz,
                ADD COLUMN issue_kind text NOT NULL DEFAULT 'quality_issue' CHECK (issue_kind IN ('quality_issue', 'non_quality')),
                ADD COLUMN evidence jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(evidence) = 'array'),
                ADD COLUMN item_condition jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(item_condition) = 'object'),
                ADD COLUMN flags text[] NOT NULL DEFAULT '{}',
                ADD COLUMN notes text,
                ADD COLUMN policy_version integer,
                ADD COLUMN judgement jsonb CHECK (jsonb_typeof(judgement) = 'object'),
                ADD COLUMN inspection_flags text[] NOT NULL DEFAULT '{}',
                ADD COLUMN quality_issue_ruled_out boolean NOT NULL DEFAULT false,
                ADD COLUMN version integer NOT NULL DEFAULT 1,
                ADD COLUMN updated_at timestamptz,
                ADD COLUMN cancellation_reason text,
                ADD CONSTRAINT cases_judged CHECK ((policy_version IS NULL) = (judgement IS NULL))
            """,
            // One open case per order line: a second is refused naming the first (already_exists).
            """
            CREATE UNIQUE INDEX cases_open_per_order_line ON cases (tenant_id, order_number, order_line)
                WHERE status NOT IN ('resolved', 'closed', 'cancelled')
            """,
            // Customer service finds a customer's cases by phone, however it was typed (normalised).
            "CREATE INDEX cases_by_customer_phone ON cases (tenant_id, customer_phone, id)",
            // SimulatePolicy reads the tenant's cases of the last N days.
            "CREATE INDEX cases_by_created ON cases (tenant_id, created_at)",
        ]
    )
}
