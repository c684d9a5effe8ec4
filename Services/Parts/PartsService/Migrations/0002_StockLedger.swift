import ServiceKit

extension PartsMigrations {
    /// The complete catalogue, suppliers, stock locations, the stock ledger with its balances,
    /// reservations, requisitions and purchase requests, stocktakes and replacements (issue 18).
    static let stockLedger = Migration(
        "0002_stock_ledger",
        statements: [
            // Search by name, category and fitting model, Chinese too: trigrams over one lower-cased text.
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            """
            ALTER TABLE parts
                ADD COLUMN category text,
                ADD COLUMN value_class text NOT NULL DEFAULT 'a' CHECK (value_class IN ('a', 'b', 'c', 'd')),
                ADD COLUMN unit_price_currency char(3),
                ADD COLUMN unit_price_minor bigint CHECK (unit_price_minor >= 0),
                ADD COLUMN suppliers jsonb NOT NULL DEFAULT '[]',
                ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
                ADD COLUMN retired_at timestamptz,
                ADD COLUMN retired_reason text,
                ADD COLUMN version bigint NOT NULL DEFAULT 1,
                ADD COLUMN search_text text NOT NULL DEFAULT ''
            """,
            "CREATE INDEX parts_search ON parts USING gin (search_text gin_trgm_ops)",
            """
            CREATE TABLE suppliers (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                name text NOT NULL,
                contact_name text,
                phone text,
                lead_time_days integer NOT NULL CHECK (lead_time_days BETWEEN 0 AND 365),
                created_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            // Supplier names compare as merchants' do: lower() of the cluster's locale.
            "CREATE UNIQUE INDEX suppliers_by_name ON suppliers (tenant_id, lower(name))",
            """
            CREATE TABLE stock_locations (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                code text NOT NULL CHECK (code = upper(code)),
                name text NOT NULL,
                kind text NOT NULL CHECK (kind IN ('warehouse', 'workshop', 'van')),
                created_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, id),
                UNIQUE (tenant_id, code)
            )
            """,
            // The balances the ledger adds up to, written in the statement of every entry: the checks are
            // what keeps available from going below zero when reservations race for the last units.
            """
            CREATE TABLE stock_levels (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                part_id uuid NOT NULL,
                location_id uuid NOT NULL,
                on_hand bigint NOT NULL CONSTRAINT stock_on_hand_not_negative CHECK (on_hand >= 0),
                reserved bigint NOT NULL CONSTRAINT stock_reserved_not_negative CHECK (reserved >= 0),
                on_order bigint NOT NULL DEFAULT 0 CHECK (on_order >= 0),
                safety_stock bigint NOT NULL DEFAULT 0 CHECK (safety_stock >= 0),
                safety_source text NOT NULL DEFAULT 'none' CHECK (safety_source IN ('none', 'manual', 'suggested')),
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, part_id, location_id),
                UNIQUE (tenant_id, id),
                CONSTRAINT stock_available_not_negative CHECK (reserved <= on_hand),
                FOREIGN KEY (tenant_id, part_id) REFERENCES parts (tenant_id, id),
                FOREIGN KEY (tenant_id, location_id) REFERENCES stock_locations (tenant_id, id)
            )
            """,
            "CREATE INDEX stock_levels_by_location ON stock_levels (tenant_id, location_id, part_id)",
            """
            CREATE TABLE stock_movements (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                part_id uuid NOT NULL,
                location_id uuid NOT NULL,
                kind text NOT NULL CHECK (kind IN ('receipt', 'reservation', 'release', 'consumption', 'transfer_out', 'transfer_in', 'adjustment')),
                on_hand_change bigint NOT NULL,
                reserved_change bigint NOT NULL,
                on_hand_after bigint NOT NULL,
                reserved_after bigint NOT NULL,
                reference_kind text CHECK (reference_kind IN ('reservation', 'purchase_request', 'transfer', 'stocktake')),
                reference_id uuid,
                reason text,
                actor text NOT NULL,
                occurred_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            "CREATE INDEX stock_movements_by_part ON stock_movements (tenant_id, part_id, location_id, id)",
            // The ledger is append-only: a correction is a new entry, never an edit.
        ] + TenancyMigration.appendOnly("stock_movements", what: "the stock ledger") + [
            """
            CREATE TABLE reservations (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                part_id uuid NOT NULL,
                location_id uuid NOT NULL,
                quantity bigint NOT NULL CHECK (quantity > 0),
                repair_order_id uuid NOT NULL,
                case_id uuid,
                status text NOT NULL CHECK (status IN ('held', 'released', 'consumed', 'expired')),
                expires_at timestamptz NOT NULL,
                created_at timestamptz NOT NULL,
                closed_at timestamptz,
                close_reason text,
                replacement_id uuid,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            // What a repair order still holds, when it is fitted or no longer needed.
            "CREATE INDEX reservations_held_by_order ON reservations (tenant_id, repair_order_id) WHERE status = 'held'",
            """
            CREATE TABLE requisitions (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                part_id uuid NOT NULL,
                quantity bigint NOT NULL CHECK (quantity > 0),
                device_model text NOT NULL,
                fault_cause text NOT NULL,
                repair_order_id uuid,
                case_id uuid,
                location_id uuid,
                status text NOT NULL CHECK (status IN ('requested', 'verified', 'rejected', 'ordered', 'received', 'cancelled')),
                requested_by text NOT NULL,
                verified_by text,
                verification_note text,
                purchase_request_id uuid,
                expected_arrival timestamptz,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, id),
                FOREIGN KEY (tenant_id, part_id) REFERENCES parts (tenant_id, id)
            )
            """,
            "CREATE INDEX requisitions_by_status ON requisitions (tenant_id, status, id)",
            "CREATE INDEX requisitions_by_purchase ON requisitions (tenant_id, purchase_request_id) WHERE purchase_request_id IS NOT NULL",
            """
            CREATE TABLE purchase_requests (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                supplier_id uuid NOT NULL,
                location_id uuid NOT NULL,
                status text NOT NULL CHECK (status IN ('submitted', 'partially_received', 'received', 'cancelled')),
                expected_arrival timestamptz NOT NULL,
                requisition_ids uuid[] NOT NULL,
                chase_count integer NOT NULL DEFAULT 0,
                cancelled_reason text,
                reschedule_reason text,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, id),
                FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id),
                FOREIGN KEY (tenant_id, location_id) REFERENCES stock_locations (tenant_id, id)
            )
            """,
            "CREATE INDEX purchase_requests_by_status ON purchase_requests (tenant_id, status, expected_arrival, id)",
            """
            CREATE TABLE purchase_lines (
                tenant_id uuid NOT NULL,
                purchase_request_id uuid NOT NULL,
                part_id uuid NOT NULL,
                position integer NOT NULL,
                quantity bigint NOT NULL CHECK (quantity > 0),
                received bigint NOT NULL DEFAULT 0 CHECK (received BETWEEN 0 AND quantity),
                device_models text[] NOT NULL,
                PRIMARY KEY (tenant_id, purchase_request_id, part_id),
                FOREIGN KEY (tenant_id, part_id) REFERENCES parts (tenant_id, id)
            )
            """,
            """
            CREATE TABLE stocktakes (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                location_id uuid NOT NULL,
                status text NOT NULL CHECK (status IN ('counting', 'posted', 'cancelled')),
                started_by text NOT NULL,
                started_at timestamptz NOT NULL,
                posted_by text,
                posted_at timestamptz,
                post_reason text,
                cancelled_by text,
                cancelled_at timestamptz,
                cancel_reason text,
                PRIMARY KEY (tenant_id, id),
                FOREIGN KEY (tenant_id, location_id) REFERENCES stock_locations (tenant_id, id)
            )
            """,
            // One count open per location at a time.
            "CREATE UNIQUE INDEX stocktakes_one_open ON stocktakes (tenant_id, location_id) WHERE status = 'counting'",
            """
            CREATE TABLE stocktake_lines (
                tenant_id uuid NOT NULL,
                stocktake_id uuid NOT NULL,
                part_id uuid NOT NULL,
                counted bigint NOT NULL CHECK (counted >= 0),
                book_at_count bigint NOT NULL,
                counted_by text NOT NULL,
                counted_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, stocktake_id, part_id),
                FOREIGN KEY (tenant_id, part_id) REFERENCES parts (tenant_id, id)
            )
            """,
            """
            CREATE TABLE replacements (
                tenant_id uuid NOT NULL,
                id uuid NOT NULL,
                part_id uuid NOT NULL,
                supplier_id uuid,
                serial text NOT NULL,
                repair_order_id uuid NOT NULL,
                case_id uuid,
                reservation_id uuid,
                installed_at timestamptz NOT NULL,
                failed_at timestamptz,
                failure_description text,
                PRIMARY KEY (tenant_id, id)
            )
            """,
            "CREATE INDEX replacements_by_serial ON replacements (tenant_id, serial, id)",
            "CREATE INDEX replacements_by_part ON replacements (tenant_id, part_id, installed_at)",
        ]
            + [
                "suppliers", "stock_locations", "stock_levels", "stock_movements", "reservations", "requisitions", "purchase_requests",
                "purchase_lines", "stocktakes", "stocktake_lines", "replacements",
            ].flatMap(TenancyMigration.tenantPolicy(on:))
    )
}
