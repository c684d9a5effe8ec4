import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Satisfaction surveys (one per resolved case) and their results.
struct SurveyStore {
    static let columns = "id, case_id, merchant_id, product_category, sent_at, score, comment, answered_at"

    /// Records `survey` unless its case has one; true when recorded.
    func insert(_ survey: SatisfactionSurvey, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO satisfaction_surveys (tenant_id, id, case_id, merchant_id, product_category, sent_at)
            VALUES (\(tenant.uuid), \(survey.id), \(survey.caseID), \(survey.merchantID), \(survey.productCategory), \(survey.sentAt))
            ON CONFLICT (tenant_id, case_id) DO NOTHING
            RETURNING id
            """,
            logger: logger
        )
        for try await _ in rows { return true }
        return false
    }

    /// Records the answer; nil when there is no such survey, the survey as it was when it is answered already.
    func answer(
        _ id: UUID,
        score: Int,
        comment: String?,
        now: Date,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> (survey: SatisfactionSurvey, recorded: Bool)? {
        let updated = try await connection.query(
            """
            UPDATE satisfaction_surveys SET score = \(score), comment = \(comment), answered_at = \(now)
            WHERE tenant_id = \(tenant.uuid) AND id = \(id) AND answered_at IS NULL
            RETURNING \(unescaped: Self.columns)
            """,
            logger: logger
        )
        for try await row in updated { return (try Self.survey(row), true) }
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.columns) FROM satisfaction_surveys WHERE tenant_id = \(tenant.uuid) AND id = \(id)",
            logger: logger
        )
        for try await row in rows { return (try Self.survey(row), false) }
        return nil
    }

    struct Group: Sendable {
        let key: String
        let sent: Int
        let responses: Int
        let scoreSum: Int
        let counts: [Int]
    }

    /// Surveys sent in [from, to) grouped by `groupBy` (`merchant`, `category`, or a period of the tenant's
    /// calendar: `day`, `week`, `month`), with the answers' score counts.
    func results(
        from: Date,
        to: Date,
        groupBy: String,
        timeZone: String,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [Group] {
        // A period truncates in the tenant's zone; merchant and category group by their column.
        let unit = ["week", "month"].contains(groupBy) ? groupBy : "day"
        let query: PostgresQuery = """
            SELECT CASE \(groupBy) WHEN 'merchant' THEN coalesce(merchant_id::text, '')
                                   WHEN 'category' THEN coalesce(product_category, '')
                                   ELSE to_char(date_trunc(\(unit), sent_at AT TIME ZONE \(timeZone)), 'YYYY-MM-DD') END AS key,
                   count(*)::int AS sent, count(score)::int AS responses, coalesce(sum(score), 0)::int AS score_sum,
                   count(*) FILTER (WHERE score = 1)::int, count(*) FILTER (WHERE score = 2)::int, count(*) FILTER (WHERE score = 3)::int,
                   count(*) FILTER (WHERE score = 4)::int, count(*) FILTER (WHERE score = 5)::int
            FROM satisfaction_surveys
            WHERE tenant_id = \(tenant.uuid) AND sent_at >= \(from) AND sent_at < \(to)
            GROUP BY 1 ORDER BY 1
            """
        let rows = try await connection.query(query, logger: logger)
        var groups: [Group] = []
        for try await (key, sent, responses, sum, one, two, three, four, five) in rows.decode((String, Int, Int, Int, Int, Int, Int, Int, Int).self) {
            groups.append(Group(key: key, sent: sent, responses: responses, scoreSum: sum, counts: [one, two, three, four, five]))
        }
        return groups
    }

    static func survey(_ row: PostgresRow) throws -> SatisfactionSurvey {
        let c = row.makeRandomAccess()
        return SatisfactionSurvey(
            id: try c["id"].decode(UUID.self),
            caseID: try c["case_id"].decode(UUID.self),
            merchantID: try c["merchant_id"].decode(UUID?.self),
            productCategory: try c["product_category"].decode(String?.self),
            sentAt: try c["sent_at"].decode(Date.self),
            score: try c["score"].decode(Int?.self),
            comment: try c["comment"].decode(String?.self),
            answeredAt: try c["answered_at"].decode(Date?.self)
        )
    }
}
