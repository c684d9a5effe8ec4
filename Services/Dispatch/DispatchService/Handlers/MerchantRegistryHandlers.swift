import DispatchAPI
import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// The registry's changes (rules.md §1, §2(b)): a profile replaced, a merchant suspended or reinstated. Each
/// change, its new version and the event announcing it commit together.
extension DispatchHandlers {
    func updateMerchant(_ input: Operations.UpdateMerchant.Input) async throws -> Operations.UpdateMerchant.Output {
        try await answering { caller in
            let request = input.request
            let id = try FieldChecks.uuid(request.merchantId, "merchantId")
            let registration = try MerchantRegistration.validate(MerchantRegistration.Draft(request)).get()
            let expected = request.expectedVersion.map(Int.init)
            return .ok(
                try await change(id, caller) { merchant, now in
                    if let expected, expected != merchant.version {
                        throw ErrorBody(code: .aborted, message: "the merchant is at version \(merchant.version), not \(expected): read it again")
                    }
                    merchant.update(registration, at: now)
                    return { try environment.outbox.entry(MerchantUpdated($0.summary), subjectID: id.wire, tenant: caller.tenant, now: now) }
                }
            )
        }
    }

    func suspendMerchant(_ input: Operations.SuspendMerchant.Input) async throws -> Operations.SuspendMerchant.Output {
        try await answering { caller in
            let id = try FieldChecks.uuid(input.request.merchantId, "merchantId")
            var checks = FieldChecks()
            let reason = checks.text(input.request.reason, "reason", max: 200)
            try checks.throwIfFailed()
            return .ok(
                try await change(
                    id,
                    caller,
                    then: { connection, now in
                        // Its open cases wait for routing: no deadline runs on a merchant that cannot answer.
                        try await HandshakeEvents.merchantSuspended(
                            id,
                            reason: reason,
                            writer: HandshakeWriter(environment, caller, connection, now: now)
                        )
                    }
                ) { merchant, now in
                    try merchant.suspend(reason: reason, at: now)
                    return {
                        try environment.outbox.entry(
                            MerchantSuspended($0.summary, reason: reason),
                            subjectID: id.wire,
                            tenant: caller.tenant,
                            now: now
                        )
                    }
                }
            )
        }
    }

    func reinstateMerchant(_ input: Operations.ReinstateMerchant.Input) async throws -> Operations.ReinstateMerchant.Output {
        try await answering { caller in
            let id = try FieldChecks.uuid(input.request.merchantId, "merchantId")
            return .ok(
                try await change(id, caller) { merchant, now in
                    try merchant.reinstate(at: now)
                    return { try environment.outbox.entry(MerchantReinstated($0.summary), subjectID: id.wire, tenant: caller.tenant, now: now) }
                }
            )
        }
    }

    /// Locks the merchant, applies `apply` (which throws the refusal, or returns how to announce the
    /// result) and saves it with its event — one transaction, honouring the caller's Idempotency-Key.
    private func change(
        _ id: UUID,
        _ caller: TenantCaller,
        then more: (@Sendable (PostgresConnection, Date) async throws -> Void)? = nil,
        _ apply: @escaping @Sendable (inout Merchant, Date) throws -> @Sendable (Merchant) throws -> OutboxEntry
    ) async throws -> Components.Schemas.Merchant {
        let now = environment.clock.now()
        let answer = try await environment.mutate(caller) { [store] connection in
            guard var merchant = try await store.lock(id, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                throw ErrorBody.notFound("merchant \(id.wire)")
            }
            let announce = try apply(&merchant, now)
            guard try await store.save(merchant, announcing: try announce(merchant), tenant: caller.tenant, on: connection, logger: caller.logger)
            else { throw ErrorBody.alreadyExists("name", "is already the name of a merchant of this tenant") }
            try await more?(connection, now)
            return Components.Schemas.Merchant(merchant)
        }
        caller.logger.info("merchant changed", metadata: ["merchant.id": "\(id.wire)", "merchant.status": "\(answer.status.rawValue)"])
        return answer
    }
}
