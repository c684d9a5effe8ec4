/// The first platform migration of every service: the function tenant row-level security policies call.
///
/// It raises when no tenant is set for the transaction, so a query that forgot to scope itself is an
/// error — never a silently empty (or, worse, unfiltered) result (DESIGN §5).
public enum TenancyMigration {
    public static let currentTenantFunction = Migration(
        "platform.0001_current_tenant_function",
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
            """,
            // For infrastructure tables: the worker sees every tenant (NULL here), anyone else exactly the
            // transaction's tenant, and raises like current_tenant() when none is set.
            """
            CREATE FUNCTION current_tenant_unless(worker name) RETURNS uuid
            LANGUAGE plpgsql STABLE AS $$
            BEGIN
                IF current_user = worker THEN
                    RETURN NULL;
                END IF;
                RETURN current_tenant();
            END
            $$
            """,
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

    /// Row-level security on a tenant table the service's worker also reads and writes across tenants (kept
    /// aggregates it folds): the app role sees exactly the transaction's tenant — a policy PostgreSQL turns
    /// into one check per statement, where ``infrastructurePolicy``'s function runs for every row — and the
    /// worker (a member of the app role) every row. `table` is a name from code, never input.
    public static func tenantPolicy(on table: String, workerSeesAll roles: DatabaseRoles) -> [String] {
        [
            "ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY",
            "ALTER TABLE \(table) FORCE ROW LEVEL SECURITY",
            """
            CREATE POLICY \(table)_tenant_isolation ON \(table) TO \(roles.app)
                USING (tenant_id = current_tenant()) WITH CHECK (tenant_id = current_tenant())
            """,
            "CREATE POLICY \(table)_worker ON \(table) TO \(roles.worker) USING (true) WITH CHECK (true)",
        ]
    }

    /// Row-level security on an infrastructure table (idempotency keys; later outbox, inbox, timers): the
    /// tenant's rows for everyone, every row for the service's worker, which claims work across tenants
    /// (DESIGN §5). `current_tenant_unless` never raises for the
    /// worker, yet is evaluated for everyone else even on an empty table (the planner folds it while
    /// estimating the equality), so an unscoped query raises rather than returning nothing.
    public static func infrastructurePolicy(on table: String, worker: String) -> [String] {
        let visible = "tenant_id = current_tenant_unless('\(worker)') OR current_user = '\(worker)'"
        return [
            "ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY",
            "ALTER TABLE \(table) FORCE ROW LEVEL SECURITY",
            "CREATE POLICY \(table)_tenant_isolation ON \(table) USING (\(visible)) WITH CHECK (\(visible))",
        ]
    }

    /// An append-only table (a ledger): a trigger refuses every update and delete, so a correction can only
    /// be a new row. `table` and `what` are names from code, never input.
    public static func appendOnly(_ table: String, what: String) -> [String] {
        [
            """
            CREATE FUNCTION \(table)_append_only() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '\(what) is append-only' USING ERRCODE = 'insufficient_privilege';
            END
            $$
            """,
            """
            CREATE TRIGGER \(table)_append_only BEFORE UPDATE OR DELETE ON \(table)
                FOR EACH ROW EXECUTE FUNCTION \(table)_append_only()
            """,
        ]
    }
}
