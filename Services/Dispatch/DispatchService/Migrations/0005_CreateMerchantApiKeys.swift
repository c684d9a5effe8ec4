import ServiceKit

extension DispatchMigrations {
    /// Merchants' API keys (DESIGN §5): the SHA-256 of the secret, never the secret; named, expiring,
    /// revocable, with their last use.
    static let createMerchantApiKeys = Migration(
        "0005_create_merchant_api_keys",
        statements: [
            """
            CREATE TABLE merchant_api_keys (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                merchant_id uuid NOT NULL,
                name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
                secret_hash text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
                hint text NOT NULL,
                created_by text NOT NULL,
                created_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
                revoked_at timestamptz,
                last_used_at timestamptz,
                PRIMARY KEY (tenant_id, id),
                FOREIGN KEY (tenant_id, merchant_id) REFERENCES merchants (tenant_id, id)
            )
            """,
            // A merchant's keys, newest first (ids are UUIDv7: time-ordered).
            "CREATE INDEX merchant_api_keys_by_merchant ON merchant_api_keys (tenant_id, merchant_id, id DESC)",
        ] + TenancyMigration.tenantPolicy(on: "merchant_api_keys")
    )
}
