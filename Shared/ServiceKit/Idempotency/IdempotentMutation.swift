public import Foundation
public import Logging
public import Models
public import PostgresNIO

extension ServiceEnvironment {
    /// Runs a mutation's effect in a transaction scoped to `tenant`. When the request carries an
    /// `Idempotency-Key`, the key is claimed in the same transaction and the encoded answer is recorded
    /// before commit; a retry gets the recorded answer and `work` does not run again.
    ///
    /// `work` throwing (an ``ErrorBody`` for an expected failure) rolls back the effect and the claim, so a
    /// failed request leaves its key free for a corrected retry.
    ///
    /// After the commit the relay is woken, so events the effect appended leave at once.
    public func mutate<Answer: Codable & Sendable>(
        tenant: TenantID,
        logger: Logger,
        _ work: @escaping @Sendable (PostgresConnection) async throws -> Answer
    ) async throws -> Answer {
        let answer = try await mutateOnce(tenant: tenant, logger: logger, work)
        relayWakeup.signal()
        return answer
    }

    private func mutateOnce<Answer: Codable & Sendable>(
        tenant: TenantID,
        logger: Logger,
        _ work: @escaping @Sendable (PostgresConnection) async throws -> Answer
    ) async throws -> Answer {
        guard let scope = RequestScope.current, let claim = scope.idempotency else {
            return try await database.withTenantTransaction(tenant, logger: logger, work)
        }
        let now = clock.now()
        let expiresAt = now.addingTimeInterval(TimeInterval(settings.int(CommonSettings.idempotencyRetentionHours) * 3600))
        let wait = Duration.milliseconds(settings.int(CommonSettings.idempotencyInFlightWaitMs))
        let store = IdempotencyStore()
        let faults = self.faults
        do {
            return try await database.withTenantTransaction(tenant, logger: logger) { connection in
                switch try await store.claim(claim, tenant: tenant, now: now, expiresAt: expiresAt, wait: wait, on: connection, logger: logger) {
                case .stored(let requestHash, let status, let body):
                    guard requestHash == claim.requestHash else {
                        throw ErrorBody.invalidArgument([
                            FieldViolation(field: IdempotencyClaim.header, reason: "was already used with a different request body")
                        ])
                    }
                    let stored = StoredAnswer(status: status, body: body, replayed: true)
                    scope.outcome.record(stored)
                    // The recorded bytes are what is sent; when this build can no longer read them (the
                    // answer's shape changed since), they are sent without going through the handler.
                    guard let answer = try? WireJSON.decoder.decode(Answer.self, from: Data(body)) else {
                        throw StoredAnswerReplay(answer: stored)
                    }
                    return answer
                case .claimed:
                    let answer = try await work(connection)
                    let body = Array(try WireJSON.encoder.encode(answer))
                    try await store.complete(claim, tenant: tenant, status: 200, body: body, on: connection, logger: logger)
                    scope.outcome.record(StoredAnswer(status: 200, body: body, replayed: false))
                    if let faults, faults.trip(.beforeEffectCommits) {
                        try await faults.hold()
                        throw InjectedFault(point: .beforeEffectCommits)
                    }
                    return answer
                }
            }
        } catch let error as PSQLError {
            throw Self.inFlight(error) ?? error
        }
    }

    /// The wait for an in-flight duplicate ran out (lock_not_available).
    private static func inFlight(_ error: PSQLError) -> ErrorBody? {
        guard error.serverInfo?[.sqlState] == "55P03" else { return nil }
        return ErrorBody(code: .aborted, message: "a request with this Idempotency-Key is still in flight; retry shortly")
    }
}

/// Carries a recorded answer past a handler that cannot decode it, to be sent as recorded.
struct StoredAnswerReplay: Error {
    let answer: StoredAnswer
}

/// JSON as answers are recorded: RFC 3339 instants (as the generated server writes them), sorted keys so
/// the recorded bytes do not depend on dictionary order.
public enum WireJSON {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
