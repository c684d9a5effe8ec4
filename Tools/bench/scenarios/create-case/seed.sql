-- Data the service finds before the first request, so CreateCase writes into tables and indexes of a
-- realistic size instead of empty ones: 200,000 earlier cases spread over 20 tenants (the benchmark's among
-- them) and 50,000 answered idempotency keys of the benchmark's tenant, half of them past retention.
-- Run by the harness as the superuser (row-level security does not apply) in the service's database,
-- followed by ANALYZE; :'tenant' is the token's tenant.

INSERT INTO cases (tenant_id, id, status, order_number, product_name, product_model, quantity, purchase_date,
                   reason, requested_resolution, merchant_id, created_at)
SELECT CASE WHEN t = 0 THEN :'tenant'::uuid ELSE ('0190e3a0-0000-7000-8000-' || lpad(t::text, 12, '0'))::uuid END,
       -- Ids of earlier UUIDv7 shape: they sort before those the service mints now.
       ('0191' || substr(md5(t::text || '/' || i::text), 5, 28))::uuid,
       'recorded',
       'PDD-SEED-' || t || '-' || i,
       (ARRAY['罗技无线鼠标', '小米空气净化器', '华硕笔记本电脑', '真皮沙发', '运动鞋'])[1 + i % 5],
       CASE WHEN i % 3 = 0 THEN NULL ELSE 'M-' || (i % 97) END,
       1 + i % 3,
       date '2026-01-01' + (i % 300),
       '收到时外包装破损，商品无法正常使用',
       (ARRAY['refund_only', 'return_and_refund', 'exchange', 'repair'])[1 + i % 4],
       ('0190e3a0-0000-7000-8000-0000000' || lpad((i % 50)::text, 5, '0'))::uuid,
       timestamptz '2026-01-01 00:00:00+08' + make_interval(secs => i * 60)
FROM generate_series(0, 19) AS t, generate_series(1, 10000) AS i;

INSERT INTO idempotency_keys (tenant_id, principal, operation, key, request_hash, response_status, response_body,
                              created_at, expires_at)
SELECT :'tenant'::uuid, 'aftersales-operator' || chr(31) || 'seed-clerk-' || (i % 20) || chr(31),
       '/aftersales.intake.v1.IntakeService/CreateCase', md5('seed-key-' || i)::uuid::text,
       encode(sha256(('seed-' || i)::bytea), 'hex'), 200, convert_to(repeat('{"seeded":true}', 30), 'UTF8'),
       now() - make_interval(secs => (50000 - i) * 3), now() - make_interval(secs => (50000 - i) * 3) + interval '24 hours'
FROM generate_series(1, 50000) AS i;

-- The seeded registrations' count changes folded as Intake's worker folds them (where the schema keeps
-- counts), so the measured run does not spend its first minute folding 200,000 changes the seed appended.
DO $$
BEGIN
    IF to_regclass('case_count_changes') IS NOT NULL THEN
        INSERT INTO case_counts (tenant_id, dimension, day, value, cases)
        SELECT (c).tenant_id, v.dimension, (c).day, v.value, sum((c).delta)
        FROM case_count_changes AS c, case_count_values(c) AS v GROUP BY 1, 2, 3, 4
        ON CONFLICT (tenant_id, dimension, day, value) DO UPDATE SET cases = case_counts.cases + excluded.cases;
        INSERT INTO case_counts_monthly (tenant_id, dimension, month, value, cases)
        SELECT (c).tenant_id, v.dimension, date_trunc('month', (c).day::timestamp)::date, v.value, sum((c).delta)
        FROM case_count_changes AS c, case_count_values(c) AS v GROUP BY 1, 2, 3, 4
        ON CONFLICT (tenant_id, dimension, month, value) DO UPDATE SET cases = case_counts_monthly.cases + excluded.cases;
        TRUNCATE case_count_changes;
    END IF;
END
$$;
