import ServiceKit

extension IntakeMigrations {
    /// Each tenant's settings (DESIGN §6: Intake owns them) and every version of its policy, kept with who
    /// put it; versions are never rewritten (a case stamps the version it was judged under).
    static let createTenants = Migration(
        "0002_create_tenants",
        statements: [
            """
            CREATE TABLE tenants (
                tenant_id uuid PRIMARY KEY,
                settings_version integer NOT NULL CHECK (settings_version >= 1),
                settings jsonb NOT NULL,
                preset text NOT NULL,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                updated_by text NOT NULL
            )
            """,
            """
            CREATE TABLE policy_versions (
                tenant_id uuid NOT NULL,
                version integer NOT NULL CHECK (version >= 1),
                document jsonb NOT NULL,
                changed_by text NOT NULL,
                changed_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, version)
            )
            """,
        ] + TenancyMigration.tenantPolicy(on: "tenants") + TenancyMigration.tenantPolicy(on: "policy_versions")
    )
}
