import ServiceKit

extension NotificationsMigrations {
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
            """
        ] + TenancyMigration.tenantPolicy(on: "webhook_endpoints")
    )
}
