import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Models
public import PostgresNIO

extension ServiceEnvironment {
    /// Reads in one transaction scoped to the caller's tenant (row-level security applies).
    public func read<Result: Sendable>(
        _ caller: TenantCaller,
        _ work: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await database.withTenantTransaction(caller.tenant, logger: caller.logger, deadline: caller.deadline, work)
    }

    /// Runs a mutation's effect in a transaction scoped to the caller's tenant. When the request carries an
    /// `Idempotency-Key`, the key is claimed in the same transaction and the encoded answer is recorded
    /// before commit; a retry meets the recorded answer, which is sent as recorded (``IdempotentReplay``,
    /// thrown past the handler) and `work` does not run again.
    ///
    /// `work` throwing (an ``ErrorBody`` for an expected failure) rolls back the effect and the claim, so a
    /// failed request leaves its key free for a corrected retry. After the commit the relay is woken, so
    /// events the effect appended leave at once.
    ///
    /// Round trips besides `work`'s own statements: `BEGIN`, the claim (which also sets the tenant), the
    /// answer, `COMMIT` — or without a key `BEGIN`, the tenant, `COMMIT`. When the answer is known before the
    /// effect, ``mutate(_:answering:_:)`` records it with the claim and saves one.
    public func mutate<Answer: Encodable & Sendable>(
        _ caller: TenantCaller,
        _ work: @escaping @Sendable (PostgresConnection) async throws -> Answer
    ) async throws -> Answer {
        guard let claim = caller.idempotency else {
            let answer = try await database.withTenantTransaction(caller.tenant, logger: caller.logger, deadline: caller.deadline, work)
            relayWakeup.signal()
            return answer
        }
        let answer = try await keyed(claim, caller: caller, recorded: nil) { connection in
            let answer = try await work(connection)
            return (answer, StoredAnswer(status: 200, body: Array(try WireJSON.encoder.encode(answer))))
        }
        return try afterCommit(answer)
    }

    /// ``mutate(_:_:)`` for an effect whose answer is known before it runs (a record made in Swift, then
    /// written): with an `Idempotency-Key`, the answer is recorded by the claim itself.
    public func mutate<Answer: Encodable & Sendable>(
        _ caller: TenantCaller,
        answering answer: Answer,
        _ work: @escaping @Sendable (PostgresConnection) async throws -> Void
    ) async throws -> Answer {
        guard let claim = caller.idempotency else {
            try await database.withTenantTransaction(caller.tenant, logger: caller.logger, deadline: caller.deadline, work)
            relayWakeup.signal()
            return answer
        }
        let recorded = StoredAnswer(status: 200, body: Array(try WireJSON.encode(answer)))
        let committed = try await keyed(claim, caller: caller, recorded: recorded) { connection in
            try await work(connection)
            return (answer, recorded)
        }
        return try afterCommit(committed)
    }

    /// ``mutate(_:answering:_:)`` for a large answer (a case with its judgement), encoded once: with an
    /// `Idempotency-Key` the bytes recorded for the key are sent as they are, thrown past the generated server
    /// as an ``IdempotentReplay`` that is not a replay — instead of the generated code encoding the answer a
    /// second time. `committed` runs after the commit either way; nothing after this call runs on the keyed
    /// path, so it is an operation's last step.
    public func mutateSendingRecorded<Answer: Encodable & Sendable>(
        _ caller: TenantCaller,
        answering answer: Answer,
        committed: () -> Void = {},
        _ work: @escaping @Sendable (PostgresConnection) async throws -> Void
    ) async throws -> Answer {
        guard let claim = caller.idempotency else {
            let answer = try await mutate(caller, answering: answer, work)
            committed()
            return answer
        }
        let recorded = StoredAnswer(status: 200, body: Array(try WireJSON.encode(answer)))
        _ = try await keyed(claim, caller: caller, recorded: recorded) { connection in
            try await work(connection)
            return ((), recorded)
        }
        _ = try afterCommit(())
        committed()
        throw IdempotentReplay(answer: recorded, replayed: false)
    }

    private func afterCommit<Answer>(_ answer: Answer) throws -> Answer {
        relayWakeup.signal()
        if let faults, faults.trip(.afterEffectCommitted) { throw InjectedFault(point: .afterEffectCommitted) }
        return answer
    }

    /// The keyed transaction: the claim (with `recorded` when the answer is known), the effect, the answer
    /// recorded unless it was, the commit.
    private func keyed<Answer: Sendable>(
        _ claim: IdempotencyClaim,
        caller: TenantCaller,
        recorded: StoredAnswer?,
        _ effect: @escaping @Sendable (PostgresConnection) async throws -> (Answer, StoredAnswer)
    ) async throws -> Answer {
        let now = clock.now()
        let expiresAt = now.addingTimeInterval(TimeInterval(settings.int(CommonSettings.idempotencyRetentionHours) * 3600))
        let wait = Duration.milliseconds(settings.int(CommonSettings.idempotencyInFlightWaitMs))
        let store = IdempotencyStore()
        let faults = self.faults
        let (tenant, logger) = (caller.tenant, caller.logger)
        do {
            return try await database.withTransaction(logger: logger, deadline: caller.deadline) { connection in
                let outcome = try await store.claim(
                    claim,
                    tenant: tenant,
                    now: now,
                    expiresAt: expiresAt,
                    wait: wait,
                    answer: recorded,
                    on: connection,
                    logger: logger
                )
                guard case .claimed = outcome else {
                    let stored = try await store.storedAnswer(claim, tenant: tenant, on: connection, logger: logger)
                    guard stored.requestHash == claim.requestHash else {
                        throw ErrorBody.invalidArgument([
                            FieldViolation(field: IdempotencyClaim.header, reason: "was already used with a different request body")
                        ])
                    }
                    throw IdempotentReplay(answer: StoredAnswer(status: stored.status, body: stored.body))
                }
                let (answer, encoded) = try await effect(connection)
                if recorded == nil {
                    try await store.complete(claim, tenant: tenant, answer: encoded, on: connection, logger: logger)
                }
                if let faults, faults.trip(.beforeEffectCommits) {
                    try await faults.hold()
                    throw InjectedFault(point: .beforeEffectCommits)
                }
                return answer
            }
        } catch let error as PSQLError {
            throw Self.inFlight(error) ?? error
        }
    }

    /// The wait for a lock ran out (lock_not_available): a duplicate with this key still in flight, or — the
    /// lock timeout holds for the whole keyed transaction — another request changing the same record.
    private static func inFlight(_ error: PSQLError) -> ErrorBody? {
        guard error.serverInfo?[.sqlState] == "55P03" else { return nil }
        return ErrorBody(
            code: .aborted,
            message: "a request with this Idempotency-Key, or another change of the same record, is still in flight; retry shortly"
        )
    }
}

/// A retry of a mutation that already committed: its recorded answer, sent byte for byte as recorded with
/// `Idempotent-Replayed: true` by ``RequestMiddleware`` — the one way a replay reaches the wire, whatever
/// the handler's answer type is today. Thrown by ``ServiceEnvironment/mutate(_:_:)``.
public struct IdempotentReplay: Error {
    public let answer: StoredAnswer
    /// False for the first answer sent as recorded (``ServiceEnvironment/mutateSendingRecorded(_:answering:committed:_:)``).
    public var replayed = true

    public init(answer: StoredAnswer, replayed: Bool = true) {
        self.answer = answer
        self.replayed = replayed
    }

    var response: Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if replayed { headers[.idempotentReplayed] = "true" }
        return Response(
            status: HTTPResponse.Status(code: answer.status),
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: answer.body))
        )
    }
}
