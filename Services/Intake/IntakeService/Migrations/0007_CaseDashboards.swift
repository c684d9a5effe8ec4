import ServiceKit

extension IntakeMigrations {
    /// What dashboards read (rules.md §2(i), T-43): the resolution decided for a case and the deadline its
    /// current step runs against; the day it was registered on in the tenant's calendar; counts of cases by
    /// day and dimension kept as they change (so statistics never scan the cases); a text index over the
    /// customer, phone, order, serial and product (trigrams: Chinese too, the clusters being C.UTF-8); and
    /// the customer archive's hand-made merges.
    static let caseDashboards = Migration(
        "0007_case_dashboards",
        statements: [
            // A trusted extension: the database's owner may create it.
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            """
            ALTER TABLE cases
                ADD COLUMN decided_resolution text,
                ADD COLUMN decided_at timestamptz,
                ADD COLUMN due_at timestamptz,
                ADD COLUMN due_set_at timestamptz,
                ADD COLUMN created_day date
            """,
            // Counts by (day registered, dimension, value), folded from the changes by the worker. A change is
            // appended, never updated, so concurrent registrations never wait for one another on a counter row.
            """
            CREATE TABLE case_counts (
                tenant_id uuid NOT NULL,
                dimension text NOT NULL,
                day date NOT NULL,
                value text NOT NULL,
                cases bigint NOT NULL,
                PRIMARY KEY (tenant_id, dimension, day, value)
            )
            """,
            // A change is one row of the case's dimensions, +1 (registered, or its new values) or -1 (its old
            // values): one row a registration, two a change, whatever the number of dimensions.
            """
            CREATE TABLE case_count_changes (
                tenant_id uuid NOT NULL,
                change_id bigint GENERATED ALWAYS AS IDENTITY,
                day date NOT NULL,
                status text NOT NULL,
                requested_resolution text NOT NULL,
                decided_resolution text NOT NULL,
                merchant text NOT NULL,
                category text NOT NULL,
                channel text NOT NULL,
                delta integer NOT NULL CHECK (delta IN (-1, 1)),
                PRIMARY KEY (tenant_id, change_id)
            )
            """,
            // The same by month: a long period reads whole months here.
            """
            CREATE TABLE case_counts_monthly (
                tenant_id uuid NOT NULL,
                dimension text NOT NULL,
                month date NOT NULL CHECK (extract(day FROM month) = 1),
                value text NOT NULL,
                cases bigint NOT NULL,
                PRIMARY KEY (tenant_id, month, dimension, value)
            )
            """,
            // A period's counts, read from the index alone (the key leads with the dimension, for the ageing).
            "CREATE INDEX case_counts_by_day ON case_counts (tenant_id, day) INCLUDE (dimension, value, cases)",
            "CREATE INDEX case_count_changes_by_day ON case_count_changes (tenant_id, day)",
            "CREATE INDEX case_count_changes_in_order ON case_count_changes (change_id)",
            // A change row as (dimension, value) pairs: what the counts are kept by.
            """
            CREATE FUNCTION case_count_values(c case_count_changes) RETURNS TABLE (dimension text, value text)
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                VALUES ('status', c.status), ('requested_resolution', c.requested_resolution),
                       ('decided_resolution', c.decided_resolution), ('merchant', c.merchant), ('category', c.category),
                       ('channel', c.channel)
            $$
            """,
            // The cases of before (the owner is bound by the tables' policies, so it steps out of them for the
            // backfill, inside the migration's transaction): their day in their tenant's zone; the resolution
            // last agreed and the deadline of their latest step that carried one, from their timeline; counted.
            "ALTER TABLE cases NO FORCE ROW LEVEL SECURITY",
            "ALTER TABLE tenants NO FORCE ROW LEVEL SECURITY",
            "ALTER TABLE case_timeline NO FORCE ROW LEVEL SECURITY",
            """
            UPDATE cases SET created_day = (created_at AT TIME ZONE coalesce(
                (SELECT settings->>'timeZone' FROM tenants WHERE tenants.tenant_id = cases.tenant_id), 'Asia/Shanghai'))::date
            """,
            """
            UPDATE cases SET decided_resolution = agreed.resolution, decided_at = agreed.occurred_at
            FROM (SELECT DISTINCT ON (tenant_id, case_id) tenant_id, case_id, data->>'resolution' AS resolution, occurred_at
                  FROM case_timeline WHERE type = 'dispatch.resolution_agreed'
                  ORDER BY tenant_id, case_id, occurred_at DESC) AS agreed
            WHERE cases.tenant_id = agreed.tenant_id AND cases.id = agreed.case_id
            """,
            """
            UPDATE cases SET due_at = step.due_at, due_set_at = step.occurred_at
            FROM (SELECT DISTINCT ON (tenant_id, case_id) tenant_id, case_id, due_at, occurred_at
                  FROM case_timeline WHERE due_at IS NOT NULL
                  ORDER BY tenant_id, case_id, occurred_at DESC) AS step
            WHERE cases.tenant_id = step.tenant_id AND cases.id = step.case_id
              AND cases.status NOT IN ('resolved', 'closed', 'cancelled')
            """,
            """
            INSERT INTO case_counts (tenant_id, dimension, day, value, cases)
            SELECT tenant_id, d, created_day, v, count(*)
            FROM cases, LATERAL (VALUES ('status', status), ('requested_resolution', requested_resolution),
                                        ('decided_resolution', coalesce(decided_resolution, '')),
                                        ('merchant', coalesce(merchant_id::text, '')),
                                        ('category', product_category), ('channel', channel)) AS x(d, v)
            GROUP BY 1, 2, 3, 4
            """,
            """
            INSERT INTO case_counts_monthly (tenant_id, dimension, month, value, cases)
            SELECT tenant_id, dimension, date_trunc('month', day::timestamp)::date, value, sum(cases)
            FROM case_counts GROUP BY 1, 2, 3, 4
            """,
            "ALTER TABLE case_timeline FORCE ROW LEVEL SECURITY",
            "ALTER TABLE tenants FORCE ROW LEVEL SECURITY",
            "ALTER TABLE cases FORCE ROW LEVEL SECURITY",
            // The one place a case's day and closed deadline are kept right, whoever writes the row.
            """
            CREATE FUNCTION case_kept() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' AND NEW.created_day IS NULL THEN
                    NEW.created_day := (NEW.created_at AT TIME ZONE coalesce(
                        (SELECT settings->>'timeZone' FROM tenants WHERE tenant_id = NEW.tenant_id), 'Asia/Shanghai'))::date;
                END IF;
                IF NEW.status IN ('resolved', 'closed', 'cancelled') THEN
                    NEW.due_at := NULL;
                END IF;
                RETURN NEW;
            END
            $$
            """,
            "CREATE TRIGGER cases_kept BEFORE INSERT OR UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION case_kept()",
            "ALTER TABLE cases ALTER COLUMN created_day SET NOT NULL",
            """
            CREATE FUNCTION case_counted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'UPDATE' THEN
                    IF (OLD.status, OLD.requested_resolution, OLD.decided_resolution, OLD.merchant_id, OLD.product_category, OLD.channel)
                       IS NOT DISTINCT FROM
                       (NEW.status, NEW.requested_resolution, NEW.decided_resolution, NEW.merchant_id, NEW.product_category, NEW.channel)
                    THEN
                        RETURN NULL;
                    END IF;
                    INSERT INTO case_count_changes (tenant_id, day, status, requested_resolution, decided_resolution, merchant,
                                                    category, channel, delta)
                    VALUES (OLD.tenant_id, OLD.created_day, OLD.status, OLD.requested_resolution, coalesce(OLD.decided_resolution, ''),
                            coalesce(OLD.merchant_id::text, ''), OLD.product_category, OLD.channel, -1);
                END IF;
                INSERT INTO case_count_changes (tenant_id, day, status, requested_resolution, decided_resolution, merchant,
                                                category, channel, delta)
                VALUES (NEW.tenant_id, NEW.created_day, NEW.status, NEW.requested_resolution, coalesce(NEW.decided_resolution, ''),
                        coalesce(NEW.merchant_id::text, ''), NEW.product_category, NEW.channel, 1);
                RETURN NULL;
            END
            $$
            """,
            """
            CREATE TRIGGER cases_counted AFTER INSERT OR UPDATE OF status, requested_resolution, decided_resolution,
                merchant_id, product_category, channel ON cases FOR EACH ROW EXECUTE FUNCTION case_counted()
            """,
            // The deadline as a column of its own (none: infinity, sorted last): a plain column's comparisons
            // are leakproof, so they stay index conditions under the table's policy (an expression would not).
            """
            ALTER TABLE cases ADD COLUMN deadline timestamptz NOT NULL
                GENERATED ALWAYS AS (coalesce(due_at, 'infinity'::timestamptz)) STORED
            """,
            // Lists, newest first (registration time, then id): all of them, a period, by merchant, status or
            // category; by deadline (none last; overdue is a range of it); by the phone's last four digits.
            "DROP INDEX cases_by_created",
            "CREATE INDEX cases_by_created ON cases (tenant_id, created_at, id)",
            "DROP INDEX cases_by_merchant",
            "CREATE INDEX cases_by_merchant ON cases (tenant_id, merchant_id, created_at, id)",
            // (The deadline included: the overdue count reads a status's cases from the index alone.)
            "CREATE INDEX cases_by_status ON cases (tenant_id, status, created_at, id) INCLUDE (deadline)",
            "CREATE INDEX cases_by_category ON cases (tenant_id, product_category, created_at, id)",
            "CREATE INDEX cases_by_phone_last4 ON cases (tenant_id, right(customer_phone, 4), created_at, id)",
            "CREATE INDEX cases_by_deadline ON cases (tenant_id, deadline, id)",
            // The archive looks a device up by its serial; two-character searches are a customer's name.
            "CREATE INDEX cases_by_serial ON cases (tenant_id, serial_number) WHERE serial_number IS NOT NULL",
            "CREATE INDEX cases_by_customer_name ON cases (tenant_id, customer_name text_pattern_ops)",
            // One text per case over the fields a search matches, the unit separator between them so a match
            // never spans two fields.
            """
            CREATE FUNCTION case_search_text(name text, phone text, order_number text, serial text, product text)
            RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
            RETURN name || chr(31) || phone || chr(31) || order_number || chr(31) || coalesce(serial, '') || chr(31) || product
            """,
            """
            CREATE INDEX cases_search ON cases
                USING gin (case_search_text(customer_name, customer_phone, order_number, serial_number, product_name) gin_trgm_ops)
            """,
            // Text searches read the tenant's cases through a view that selects them itself: under the table's
            // policy PostgreSQL filters rows by tenant before any condition that is not leakproof — LIKE, the
            // trigram index's operator — so a search could only scan every case. The view's condition is the
            // policy's (current_tenant() raises when no tenant is set); its owner, the definer role, bypasses
            // the policy; the app role may only read the view.
            "CREATE VIEW tenant_cases AS SELECT * FROM cases WHERE tenant_id = current_tenant()",
            "GRANT SELECT ON cases TO \(IntakeService.roles.definer)",
            "REVOKE ALL ON tenant_cases FROM \(IntakeService.roles.app)",
            "GRANT SELECT ON tenant_cases TO \(IntakeService.roles.app)",
            "ALTER VIEW tenant_cases OWNER TO \(IntakeService.roles.definer)",
            // A customer's other phones, merged by hand into the customer kept (the archive's identity is its
            // phone): where each phone leads now, and every merge as it was made — who, when, why, into whom —
            // never rewritten.
            """
            CREATE TABLE customer_links (
                tenant_id uuid NOT NULL,
                phone text NOT NULL,
                customer_phone text NOT NULL CHECK (customer_phone <> phone),
                PRIMARY KEY (tenant_id, phone)
            )
            """,
            "CREATE INDEX customer_links_by_customer ON customer_links (tenant_id, customer_phone)",
            """
            CREATE TABLE customer_merges (
                tenant_id uuid NOT NULL,
                merge_id uuid NOT NULL,
                phone text NOT NULL,
                merged_into text NOT NULL,
                merged_at timestamptz NOT NULL,
                merged_by text NOT NULL,
                reason text NOT NULL,
                PRIMARY KEY (tenant_id, merge_id)
            )
            """,
            "CREATE INDEX customer_merges_by_phone ON customer_merges (tenant_id, phone)",
        ] + TenancyMigration.tenantPolicy(on: "case_counts", workerSeesAll: IntakeService.roles)
            + TenancyMigration.tenantPolicy(on: "case_count_changes", workerSeesAll: IntakeService.roles)
            + TenancyMigration.tenantPolicy(on: "case_counts_monthly", workerSeesAll: IntakeService.roles)
            + TenancyMigration.tenantPolicy(on: "customer_links") + TenancyMigration.tenantPolicy(on: "customer_merges")
            + TenancyMigration.appendOnly("customer_merges", what: "the customer merge log")
    )
}
