import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// A case count's dimension, as `case_counts` keys it (the trigger of migration 0007 writes them).
enum CaseCountDimension: String, Sendable, CaseIterable {
    case status
    case requestedResolution = "requested_resolution"
    case decidedResolution = "decided_resolution"
    case merchant, category, channel
}

/// What the statistics store reads: counts by dimension and value, the registrations per period, the open
/// cases by age and the overdue ones.
struct CaseStatsFigures: Sendable, Equatable {
    var counts: [CaseCountDimension: [String: Int64]] = [:]
    /// Cases registered per period start (the periods with none are absent).
    var series: [LocalDate: Int64] = [:]
    /// Open cases by days since registration: 0–2, 3–7, 8–14, 15 or more.
    var ageing: [Int64] = [0, 0, 0, 0]
    var overdue: Int64 = 0
}

/// Intake's SQL of statistics: the kept counts (folded and not yet folded changes summed), never the cases
/// themselves — except the overdue count, a range of the deadline index.
struct CaseStatsStore {
    static let openStatuses = CaseStatus.allCases.filter { ![.resolved, .closed, .cancelled].contains($0) }.map(\.rawValue)

    func figures(
        from: LocalDate,
        to: LocalDate,
        period: StatsPeriod,
        now: Date,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> CaseStatsFigures {
        var figures = CaseStatsFigures()
        let first = from.description
        let last = to.description
        // Whole months inside the period are read from the monthly counts, the days around them from the
        // daily ones (a year: 12 × the values instead of 365 ×).
        let (monthsFrom, monthsUntil) = StatsPeriod.wholeMonths(from: from, to: to)
        let counted = try await connection.query(
            """
            WITH counted AS (
                SELECT dimension, month AS day, value, cases FROM case_counts_monthly
                WHERE tenant_id = \(tenant.uuid) AND month >= \(monthsFrom.description)::date AND month < \(monthsUntil.description)::date
                UNION ALL
                SELECT dimension, day, value, cases FROM case_counts
                WHERE tenant_id = \(tenant.uuid) AND day BETWEEN \(first)::date AND \(last)::date
                  AND NOT (day >= \(monthsFrom.description)::date AND day < \(monthsUntil.description)::date)
                UNION ALL
                SELECT v.dimension, c.day, v.value, c.delta FROM case_count_changes AS c, case_count_values(c) AS v
                WHERE c.tenant_id = \(tenant.uuid) AND c.day BETWEEN \(first)::date AND \(last)::date
            ), registered AS (
                -- Every case has one channel: the channel counts are the registrations; by day unless by month.
                SELECT day, cases FROM counted WHERE dimension = 'channel' AND \(period == .month)
                UNION ALL
                SELECT day, cases FROM case_counts
                WHERE tenant_id = \(tenant.uuid) AND dimension = 'channel' AND day BETWEEN \(first)::date AND \(last)::date
                  AND NOT \(period == .month)
                UNION ALL
                SELECT day, delta FROM case_count_changes
                WHERE tenant_id = \(tenant.uuid) AND day BETWEEN \(first)::date AND \(last)::date AND NOT \(period == .month)
            )
            SELECT dimension, value, NULL::text AS period, sum(cases)::bigint FROM counted GROUP BY dimension, value
            UNION ALL
            SELECT 'series', '', date_trunc(\(period.rawValue), day::timestamp)::date::text, sum(cases)::bigint FROM registered GROUP BY 3
            """,
            logger: logger
        )
        for try await (dimension, value, period, cases) in counted.decode((String, String, String?, Int64).self) {
            if let period, let start = LocalDate(iso: period) {
                if cases != 0 { figures.series[start] = cases }
            } else if let dimension = CaseCountDimension(rawValue: dimension), cases != 0 {
                figures.counts[dimension, default: [:]][value] = cases
            }
        }
        let open = try await connection.query(
            """
            WITH today AS (
                SELECT (\(now)::timestamptz AT TIME ZONE coalesce(
                    (SELECT settings->>'timeZone' FROM tenants WHERE tenant_id = \(tenant.uuid)), 'Asia/Shanghai'))::date AS d
            ), open AS (
                SELECT day, cases FROM case_counts
                WHERE tenant_id = \(tenant.uuid) AND dimension = 'status' AND value = ANY(\(Self.openStatuses)::text[])
                UNION ALL
                SELECT day, delta FROM case_count_changes
                WHERE tenant_id = \(tenant.uuid) AND status = ANY(\(Self.openStatuses)::text[])
            )
            SELECT coalesce(sum(cases) FILTER (WHERE day >= d - 2), 0)::bigint,
                   coalesce(sum(cases) FILTER (WHERE day < d - 2 AND day >= d - 7), 0)::bigint,
                   coalesce(sum(cases) FILTER (WHERE day < d - 7 AND day >= d - 14), 0)::bigint,
                   coalesce(sum(cases) FILTER (WHERE day < d - 14), 0)::bigint,
                   -- Overdue: a passed deadline, or a missed one kept by its status; two index ranges, not one OR.
                   (SELECT count(*) FROM cases
                    WHERE tenant_id = \(tenant.uuid) AND deadline < \(now))
                   + (SELECT count(*) FROM cases
                      WHERE tenant_id = \(tenant.uuid) AND status = 'merchant_response_overdue'
                        AND deadline >= \(now))
            FROM open, today GROUP BY d
            """,
            logger: logger
        )
        for try await (young, week, fortnight, old, overdue) in open.decode((Int64, Int64, Int64, Int64, Int64).self) {
            figures.ageing = [young, week, fortnight, old]
            figures.overdue = overdue
        }
        return figures
    }
}

/// The period of a statistics series (weeks run Monday to Sunday, as PostgreSQL's `date_trunc`).
enum StatsPeriod: String, Sendable {
    case day, week, month

    /// Every period start from the one holding `from` to the one holding `to`.
    func starts(from: LocalDate, to: LocalDate) -> [LocalDate] {
        var starts: [LocalDate] = []
        var start = self.start(of: from)
        while start <= to {
            starts.append(start)
            start = next(after: start)
        }
        return starts
    }

    /// The whole months inside `from`…`to`: the first one's first day, and the first day after the last one
    /// (equal when there is none).
    static func wholeMonths(from: LocalDate, to: LocalDate) -> (from: LocalDate, until: LocalDate) {
        let first = from.day == 1 ? from : Self.month.next(after: Self.month.start(of: from))
        let afterTo = to.adding(days: 1)
        let until = afterTo.day == 1 ? afterTo : Self.month.start(of: to)
        return first < until ? (first, until) : (first, first)
    }

    func start(of day: LocalDate) -> LocalDate {
        switch self {
        case .day: day
        case .week: day.adding(days: -(day.isoWeekday - 1))
        case .month: LocalDate(year: day.year, month: day.month, day: 1)!
        }
    }

    func next(after start: LocalDate) -> LocalDate {
        switch self {
        case .day: start.adding(days: 1)
        case .week: start.adding(days: 7)
        case .month:
            start.month == 12 ? LocalDate(year: start.year + 1, month: 1, day: 1)! : LocalDate(year: start.year, month: start.month + 1, day: 1)!
        }
    }
}
