import ServiceKit

/// Notifications' schema, in order. Before the first release migrations may still be edited (a
/// development database is recreated); after it they are append-only (DESIGN §6).
enum NotificationsMigrations {
    static func all(roles: DatabaseRoles) -> [Migration] {
        [
            TenancyMigration.currentTenantFunction,
            createWebhookEndpoints,
            IdempotencyMigration.keysTable(worker: roles.worker),
            EventMigration.tables(worker: roles.worker),
        ]
    }

    static let createWebhookEndpoints = Migration(
        "0001_create_webhook_endpoints",
        statements: [
            """
            CREATE TABLE webhook_endpoints (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                merchant_id uuid NOT NULL,
                url text NOT NULL,
                event_types text[] NOT NULL,
                description text,
                status text NOT NULL,
                created_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, id),
                -- A merchant registers a URL once; more event types are added to that endpoint.
                UNIQUE (tenant_id, merchant_id, url)
            )
            """,
        ] + TenancyMigration.tenantPolicy(on: "webhook_endpoints")
    )
}
