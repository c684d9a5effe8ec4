-- The parts desk the service finds before the first request: 10,000 catalogued parts of the benchmark's
-- tenant, one workshop holding a billion of each (a run never exhausts them), and 100,000 earlier ledger
-- entries. Run by the harness as the superuser (row-level security does not apply) in the service's
-- database, followed by ANALYZE; :'tenant' is the token's tenant. Part i is 0192e3a0-0000-7000-8000-<i>.

INSERT INTO stock_locations (tenant_id, id, code, name, kind, created_at)
VALUES (:'tenant'::uuid, '0192e3a0-0000-7000-9000-000000000001', 'WS-1', '维修车间', 'workshop', now());

INSERT INTO parts (tenant_id, id, part_number, name, fitting_models, kind, unit_cost_currency, unit_cost_minor, created_at, search_text)
SELECT :'tenant'::uuid, ('0192e3a0-0000-7000-8000-' || lpad(i::text, 12, '0'))::uuid, 'BENCH-' || i, '微动开关 ' || i,
       ARRAY['G' || (i % 500)], 'oem_part', 'CNY', 1500, now(), '微动开关 ' || i
FROM generate_series(0, 9999) AS i;

INSERT INTO stock_levels (tenant_id, id, part_id, location_id, on_hand, reserved, updated_at)
SELECT :'tenant'::uuid, ('0192e3a0-0000-7000-a000-' || lpad(i::text, 12, '0'))::uuid,
       ('0192e3a0-0000-7000-8000-' || lpad(i::text, 12, '0'))::uuid, '0192e3a0-0000-7000-9000-000000000001', 1000000000, 0, now()
FROM generate_series(0, 9999) AS i;

INSERT INTO stock_movements (tenant_id, id, part_id, location_id, kind, on_hand_change, reserved_change, on_hand_after, reserved_after,
                             reason, actor, occurred_at)
SELECT :'tenant'::uuid, ('0191' || substr(md5('m/' || i::text), 5, 28))::uuid,
       ('0192e3a0-0000-7000-8000-' || lpad((i % 10000)::text, 12, '0'))::uuid, '0192e3a0-0000-7000-9000-000000000001',
       'adjustment', 1, 0, 1, 0, '期初库存', 'seed', now() - make_interval(secs => i)
FROM generate_series(1, 100000) AS i;
