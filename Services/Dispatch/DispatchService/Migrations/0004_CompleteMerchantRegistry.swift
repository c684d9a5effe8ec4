import ServiceKit

extension DispatchMigrations {
    /// The complete profile (categories, brands, the merchant's own response deadlines), its version and
    /// suspension; the routing queue, where a case for a suspended merchant waits instead of reaching it.
    static let completeMerchantRegistry = Migration(
        "0004_complete_merchant_registry",
        statements: [
            """
            ALTER TABLE merchants
                ADD COLUMN categories text[] NOT NULL DEFAULT '{}',
                ADD COLUMN brands text[] NOT NULL DEFAULT '{}',
                ADD COLUMN response_deadlines jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(response_deadlines) = 'object'),
                ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
                ADD COLUMN updated_at timestamptz,
                ADD COLUMN suspension_reason text,
                ADD CONSTRAINT merchants_status CHECK (status IN ('active', 'suspended')),
                ADD CONSTRAINT merchants_suspension CHECK ((status = 'suspended') = (suspension_reason IS NOT NULL))
            """,
            """
            CREATE TABLE routing_queue (
                tenant_id uuid NOT NULL,
                case_id uuid NOT NULL,
                merchant_id uuid NOT NULL,
                reason text NOT NULL CHECK (reason IN ('merchant_suspended')),
                queued_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, case_id)
            )
            """,
        ] + TenancyMigration.tenantPolicy(on: "routing_queue")
    )
}
