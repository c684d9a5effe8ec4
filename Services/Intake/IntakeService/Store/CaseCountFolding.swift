import Logging
import PostgresNIO
import ServiceKit

/// Folds the appended case-count changes into the kept counts, across tenants, as the worker role. Readers
/// sum both tables, so a statistic is exact whether or not a change is folded yet; folding only keeps the
/// change table short. Registrations append changes and never update a counter row, so they never wait
/// for one another on one.
struct CaseCountFolding {
    static let batch = 10_000
    /// The advisory lock a folding pass holds (an arbitrary constant of this service).
    static let lockKey: Int64 = 0x696E_7461_6B65_0007

    let database: Database
    let logger: Logger

    /// One batch, oldest changes first, in one transaction (moved, not copied: a change counts once).
    /// - Returns: whether a full batch was folded (more may wait).
    func fold() async throws -> Bool {
        try await database.withTransaction(logger: logger, deadline: nil) { connection in
            // One folder at a time across replicas (two would upsert the same counters in different orders).
            let turn = try await connection.query("SELECT pg_try_advisory_xact_lock(\(Self.lockKey))", logger: logger)
            for try await held in turn.decode(Bool.self) where !held { return false }
            let rows = try await connection.query(
                """
                WITH moved AS (
                    DELETE FROM case_count_changes AS c WHERE change_id IN (
                        SELECT change_id FROM case_count_changes ORDER BY change_id LIMIT \(Self.batch) FOR UPDATE SKIP LOCKED)
                    RETURNING c AS change
                ), summed AS (
                    INSERT INTO case_counts (tenant_id, dimension, day, value, cases)
                    SELECT (change).tenant_id, v.dimension, (change).day, v.value, sum((change).delta)
                    FROM moved, case_count_values(change) AS v GROUP BY 1, 2, 3, 4
                    ON CONFLICT (tenant_id, dimension, day, value) DO UPDATE SET cases = case_counts.cases + excluded.cases
                    RETURNING 1
                ), monthly AS (
                    INSERT INTO case_counts_monthly (tenant_id, dimension, month, value, cases)
                    SELECT (change).tenant_id, v.dimension, date_trunc('month', (change).day::timestamp)::date, v.value, sum((change).delta)
                    FROM moved, case_count_values(change) AS v GROUP BY 1, 2, 3, 4
                    ON CONFLICT (tenant_id, dimension, month, value) DO UPDATE SET cases = case_counts_monthly.cases + excluded.cases
                    RETURNING 1
                )
                SELECT (SELECT count(*) FROM moved)::bigint
                """,
                logger: logger
            )
            var moved: Int64 = 0
            for try await count in rows.decode(Int64.self) { moved = count }
            return moved >= Self.batch
        }
    }

    /// The worker's pass: fold, and report a failure without stopping.
    func pass() async -> Bool {
        do {
            return try await fold()
        } catch {
            logger.warning("case counts not folded", metadata: ["error": "\(String(reflecting: error))"])
            return false
        }
    }
}
