/// The idempotency keys table every service with mutations has (DESIGN §4), under infrastructure
/// row-level security: tenant-scoped for requests, cross-tenant for the worker's purge.
public enum IdempotencyMigration {
    public static func keysTable(worker: String) -> Migration {
        Migration(
            "platform.0002_idempotency_keys",
            statements: [
                """
                CREATE TABLE idempotency_keys (
                    tenant_id uuid NOT NULL,
                    principal text NOT NULL,
                    operation text NOT NULL,
                    key text NOT NULL,
                    request_hash text NOT NULL,
                    response_status integer,
                    response_body bytea,
                    created_at timestamptz NOT NULL,
                    expires_at timestamptz NOT NULL,
                    PRIMARY KEY (tenant_id, principal, operation, key)
                )
                """,
                // The purge walks keys by expiry across tenants.
                "CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at)",
            ] + TenancyMigration.infrastructurePolicy(on: "idempotency_keys", worker: worker)
        )
    }
}
