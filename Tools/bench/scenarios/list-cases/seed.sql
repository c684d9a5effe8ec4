-- The list-cases scenario's data (run once per cluster, as the superuser; harness/lists.py keeps the cluster):
-- :'tenants' is a JSON object {tenant id: number of cases}. Cases are spread over two years before now;
-- those older than 30 days are settled (closed, resolved or cancelled), the recent ones at every stage, with
-- the deadlines their stage runs against (many of them past: overdue). Ids are UUIDv7 of their registration
-- time, as the service makes them. The counts are computed once at the end (the counting trigger is off
-- while the rows go in: 1.4 million rows, one statement).
\set ON_ERROR_STOP 1
SET maintenance_work_mem = '512MB';
SET synchronous_commit = off;
SELECT setseed(0.20261201);

INSERT INTO tenants (tenant_id, settings_version, settings, preset, created_at, updated_at, updated_by)
SELECT key::uuid, 1, jsonb_build_object('name', 'bench ' || key, 'timeZone', 'Asia/Shanghai'), 'computer_mall', now(), now(), 'bench'
FROM jsonb_each_text(:'tenants'::jsonb)
ON CONFLICT DO NOTHING;

ALTER TABLE cases DISABLE TRIGGER cases_counted;

WITH drawn AS (
    SELECT t.key::uuid AS tenant, i, md5(t.key || ':' || i) AS h,
           now() - (random() * 730) * interval '1 day' AS created_at,
           random() AS r_status, random() AS r_product, random() AS r_merchant, random() AS r_channel,
           random() AS r_resolution, random() AS r_person, random() AS r_serial
    FROM jsonb_each_text(:'tenants'::jsonb) AS t, generate_series(1, t.value::int) AS i
), staged AS (
    SELECT d.*,
           CASE WHEN created_at < now() - interval '30 days' THEN
                    CASE WHEN r_status < 0.90 THEN 'closed' WHEN r_status < 0.97 THEN 'resolved' ELSE 'cancelled' END
                ELSE CASE WHEN r_status < 0.03 THEN 'recorded' WHEN r_status < 0.13 THEN 'dispatched_to_merchant'
                          WHEN r_status < 0.28 THEN 'at_merchant' WHEN r_status < 0.33 THEN 'merchant_response_overdue'
                          WHEN r_status < 0.36 THEN 'escalated' WHEN r_status < 0.56 THEN 'in_resolution'
                          WHEN r_status < 0.76 THEN 'resolved' WHEN r_status < 0.96 THEN 'closed' ELSE 'cancelled' END
           END AS status,
           floor(r_product * 10)::int AS product
    FROM drawn AS d
)
INSERT INTO cases (tenant_id, id, status, order_number, product_name, quantity, purchase_date, reason, requested_resolution,
                   merchant_id, created_at, created_day, channel, customer_name, customer_phone, product_category, product_brand,
                   serial_number, decided_resolution, decided_at, due_at, due_set_at)
SELECT tenant,
       (lpad(to_hex(floor(extract(epoch FROM created_at) * 1000)::bigint), 12, '0') || '7' || substr(h, 1, 3) || '8'
        || substr(h, 4, 15))::uuid,
       status,
       'ORD' || to_char(created_at, 'YYYYMMDD') || '-' || i,
       (ARRAY['小米空气净化器 4', '华为手表 GT4', '罗技无线鼠标 M330', '联想 ThinkPad X1 笔记本', '戴尔显示器 27寸',
              '美的电热水壶 1.5L', '苹果 iPhone 15', '索尼降噪耳机 WH-1000XM5', '海尔冰箱 BCD-470', '格力空调 KFR-35'])[product + 1],
       1, (created_at - interval '5 days')::date, '质量问题：开机后异常',
       (ARRAY['repair', 'exchange', 'refund_only', 'return_and_refund', 'repair', 'exchange', 'compensation', 'replace_new',
              'factory_warranty', 'reshipment'])[floor(r_resolution * 10)::int + 1],
       CASE WHEN r_merchant < 0.03 THEN NULL ELSE md5(tenant || ':merchant:' || floor(r_merchant * 200)::int)::uuid END,
       created_at, (created_at AT TIME ZONE 'Asia/Shanghai')::date,
       CASE WHEN r_channel < 0.60 THEN 'online' WHEN r_channel < 0.75 THEN 'phone' WHEN r_channel < 0.85 THEN 'walk_in'
            WHEN r_channel < 0.95 THEN 'chat' ELSE 'storefront' END,
       (ARRAY['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'])
           [floor(r_person * 20)::int + 1]
       || (ARRAY['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞'])
           [floor(r_person * 400)::int % 20 + 1],
       '+861' || (3 + floor(r_person * 7)::int) || lpad((('x' || substr(h, 20, 8))::bit(32)::bigint % 1000000000)::text, 9, '0'),
       (ARRAY['appliance', 'wearable', 'peripherals', 'laptop', 'monitor', 'kitchen', 'phone', 'audio', 'fridge', 'air_conditioner'])[product + 1],
       (ARRAY['Xiaomi', 'Huawei', 'Logitech', 'Lenovo', 'Dell', 'Midea', 'Apple', 'Sony', 'Haier', 'Gree'])[product + 1],
       CASE WHEN r_serial < 0.6 THEN 'SN' || upper(substr(h, 5, 12)) END,
       CASE WHEN status IN ('in_resolution', 'resolved', 'closed') AND r_serial < 0.8 THEN
           (ARRAY['repair', 'exchange', 'refund_only', 'return_and_refund'])[floor(r_resolution * 4)::int + 1] END,
       CASE WHEN status IN ('in_resolution', 'resolved', 'closed') AND r_serial < 0.8 THEN created_at + interval '1 day' END,
       CASE status WHEN 'dispatched_to_merchant' THEN created_at + interval '48 hours'
                   WHEN 'merchant_response_overdue' THEN created_at + interval '48 hours'
                   WHEN 'at_merchant' THEN created_at + interval '72 hours'
                   WHEN 'escalated' THEN created_at + interval '96 hours'
                   WHEN 'in_resolution' THEN created_at + interval '7 days' END,
       CASE WHEN status IN ('dispatched_to_merchant', 'merchant_response_overdue', 'at_merchant', 'escalated', 'in_resolution')
            THEN created_at END
FROM staged;

ALTER TABLE cases ENABLE TRIGGER cases_counted;

DELETE FROM case_counts WHERE tenant_id IN (SELECT key::uuid FROM jsonb_each_text(:'tenants'::jsonb));
INSERT INTO case_counts (tenant_id, dimension, day, value, cases)
SELECT tenant_id, d, created_day, v, count(*)
FROM cases, LATERAL (VALUES ('status', status), ('requested_resolution', requested_resolution),
                            ('decided_resolution', coalesce(decided_resolution, '')), ('merchant', coalesce(merchant_id::text, '')),
                            ('category', product_category), ('channel', channel)) AS x(d, v)
WHERE tenant_id IN (SELECT key::uuid FROM jsonb_each_text(:'tenants'::jsonb))
GROUP BY 1, 2, 3, 4;

DELETE FROM case_counts_monthly WHERE tenant_id IN (SELECT key::uuid FROM jsonb_each_text(:'tenants'::jsonb));
INSERT INTO case_counts_monthly (tenant_id, dimension, month, value, cases)
SELECT tenant_id, dimension, date_trunc('month', day::timestamp)::date, value, sum(cases)
FROM case_counts WHERE tenant_id IN (SELECT key::uuid FROM jsonb_each_text(:'tenants'::jsonb))
GROUP BY 1, 2, 3, 4;

VACUUM ANALYZE cases;
VACUUM ANALYZE case_counts;
VACUUM ANALYZE case_counts_monthly;
