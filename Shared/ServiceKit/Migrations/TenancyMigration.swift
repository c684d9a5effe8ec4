/// The first migration of every service: the function tenant row-level security policies call.
///
/// It raises when no tenant is set for the transaction, so a query that forgot to scope itself is an
/// error — never a silently empty (or, worse, unfiltered) result (DESIGN §5).
public enum TenancyMigration {
    public static let currentTenantFunction = Migration(
        "0000_current_tenant_function",
        statements: [
            """
            CREATE FUNCTION current_tenant() RETURNS uuid
            LANGUAGE plpgsql STABLE AS $$
            DECLARE
                tenant text := current_setting('app.tenant_id', true);
            BEGIN
                IF tenant IS NULL OR tenant = '' THEN
                    RAISE EXCEPTION 'no tenant is set for this transaction'
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
                RETURN tenant::uuid;
            END
            $$
            """
        ]
    )

    /// Row-level security on a tenant table, enabled and forced (the owner is bound too), with one policy
    /// for reads and writes. `table` is a name from code, never input.
    public static func tenantPolicy(on table: String) -> [String] {
        [
            "ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY",
            "ALTER TABLE \(table) FORCE ROW LEVEL SECURITY",
            """
            CREATE POLICY \(table)_tenant_isolation ON \(table)
                USING (tenant_id = current_tenant())
                WITH CHECK (tenant_id = current_tenant())
            """,
        ]
    }

    /// Row-level security on an infrastructure table (idempotency keys; later outbox, inbox, timers): the
    /// tenant's rows for everyone, every row for the service's worker, which claims work across tenants
    /// (DESIGN §5). One policy with a CASE, so the raising `current_tenant()` is never evaluated for the
    /// worker — permissive policies are OR'ed in no promised order.
    public static func infrastructurePolicy(on table: String, worker: String) -> [String] {
        let visible = "CASE WHEN current_user = '\(worker)' THEN true ELSE tenant_id = current_tenant() END"
        return [
            "ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY",
            "ALTER TABLE \(table) FORCE ROW LEVEL SECURITY",
            "CREATE POLICY \(table)_tenant_isolation ON \(table) USING (\(visible)) WITH CHECK (\(visible))",
        ]
    }
}
