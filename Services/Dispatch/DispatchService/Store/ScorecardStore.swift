import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// A merchant's figures over a period (issue: the merchant scorecard), computed by the database from the
/// assignment history and the cases' own instants — read through the merchant indexes, never a scan of
/// the tenant's cases.
struct MerchantScorecard: Sendable, Equatable {
    struct Percentiles: Sendable, Equatable {
        var p50: Int?
        var p90: Int?
    }

    let merchantID: UUID
    var casesQueued = 0
    var acknowledged = 0
    var acknowledgementSeconds = Percentiles()
    var resolutionSeconds = Percentiles()
    var overdue = 0
    var chases = 0
    var escalated = 0
    var handedBack = 0
    var outcomes: [Resolution: Int] = [:]
}

struct ScorecardStore {
    /// Per merchant with an assignment in [from, to): assignments (`casesQueued`) and hand-backs from the
    /// history; acknowledgement and agreement times (nearest-rank p50/p90, whole seconds), overdue cases,
    /// chases, escalations and agreed resolutions of the cases it holds that were queued to it in the period.
    func scorecards(
        tenant: TenantID,
        from: Date,
        to: Date,
        merchant: UUID?,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws
        -> [MerchantScorecard]
    {
        var cards: [UUID: MerchantScorecard] = [:]
        let assignments = try await connection.query(
            """
            SELECT merchant_id, count(*), count(*) FILTER (WHERE end_reason = 'merchant_declined')
            FROM case_assignments
            WHERE tenant_id = \(tenant.uuid) AND assigned_at >= \(from) AND assigned_at < \(to) AND (\(merchant)::uuid IS NULL OR merchant_id = \(merchant))
            GROUP BY merchant_id
            """,
            logger: logger
        )
        for try await (id, queued, declined) in assignments.decode((UUID, Int, Int).self) {
            cards[id] = MerchantScorecard(merchantID: id, casesQueued: queued, handedBack: declined)
        }
        let cases = try await connection.query(
            """
            WITH held AS (
                SELECT c.merchant_id, c.queued_at, c.acknowledged_at, c.overdue_at, c.chases_total,
                       (c.agreement->>'agreedAt')::timestamptz AS agreed_at,
                       EXISTS (
                           SELECT 1 FROM escalations e
                           WHERE e.tenant_id = c.tenant_id AND e.case_id = c.case_id AND e.merchant_id = c.merchant_id
                       ) AS escalated
                FROM dispatch_cases c
                WHERE c.tenant_id = \(tenant.uuid) AND c.merchant_id IS NOT NULL AND c.queued_at >= \(from) AND c.queued_at < \(to)
                  AND (\(merchant)::uuid IS NULL OR c.merchant_id = \(merchant))
            )
            SELECT merchant_id, count(acknowledged_at),
                   percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - queued_at)::bigint),
                   percentile_disc(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - queued_at)::bigint),
                   percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM agreed_at - queued_at)::bigint),
                   percentile_disc(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM agreed_at - queued_at)::bigint),
                   count(overdue_at), coalesce(sum(chases_total), 0)::bigint, count(*) FILTER (WHERE escalated)
            FROM held GROUP BY merchant_id
            """,
            logger: logger
        )
        for try await (id, acknowledged, ack50, ack90, res50, res90, overdue, chases, escalated)
            in cases.decode((UUID, Int, Int?, Int?, Int?, Int?, Int, Int, Int).self)
        {
            var card = cards[id] ?? MerchantScorecard(merchantID: id)
            card.acknowledged = acknowledged
            card.acknowledgementSeconds = .init(p50: ack50, p90: ack90)
            card.resolutionSeconds = .init(p50: res50, p90: res90)
            card.overdue = overdue
            card.chases = chases
            card.escalated = escalated
            cards[id] = card
        }
        let outcomes = try await connection.query(
            """
            SELECT merchant_id, agreement->>'resolution', count(*) FROM dispatch_cases
            WHERE tenant_id = \(tenant.uuid) AND merchant_id IS NOT NULL AND queued_at >= \(from) AND queued_at < \(to)
              AND (\(merchant)::uuid IS NULL OR merchant_id = \(merchant)) AND agreement IS NOT NULL
            GROUP BY 1, 2
            """,
            logger: logger
        )
        for try await (id, resolution, count) in outcomes.decode((UUID, String, Int).self) {
            guard let resolution = Resolution(rawValue: resolution) else { continue }
            cards[id, default: MerchantScorecard(merchantID: id)].outcomes[resolution] = count
        }
        return cards.values.sorted { $0.merchantID.uuidString < $1.merchantID.uuidString }
    }
}
