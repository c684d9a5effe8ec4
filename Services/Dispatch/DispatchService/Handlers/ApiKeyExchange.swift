import DispatchAPI
import Foundation
import Logging
import Models
import ServiceKit

/// One partner token exchange: the presented API key checked (shape, throttles, the stored hash, expiry,
/// revocation, the merchant's status), its use recorded, a merchant token signed. Every failure to
/// authenticate answers the same `unauthenticated`, so a guesser cannot tell an unknown key from a revoked
/// one, and counts against the key and the source address.
struct ApiKeyExchange {
    let environment: ServiceEnvironment
    let partners: PartnerAccess
    let store: MerchantStore
    let apiKeys: MerchantApiKeyStore
    let scope: RequestScope

    private enum Outcome: Sendable {
        case valid(MerchantApiKey)
        case merchantSuspended
        /// `keyExists`: the key id is one of the tenant's (a wrong secret, or revoked or expired) — only then
        /// does the failure count against the key, so made-up key ids cannot fill the per-key counters.
        case invalid(keyExists: Bool)
    }

    func token(for presented: String) async throws -> Components.Schemas.PartnerToken {
        guard let signer = partners.signer else {
            throw ErrorBody(code: .failedPrecondition, message: "this deployment signs no partner tokens (partner_tokens.signing_key is not set)")
        }
        let parsed = PartnerApiKeySecret.parse(presented)
        let sourceKey = "source:" + (scope.source ?? "unknown")
        let keyKey = parsed.map { "key:" + $0.tenant.description + "/" + $0.keyID.wire }
        let waits = [partners.sourceThrottle.retryAfter(sourceKey), keyKey.flatMap(partners.keyThrottle.retryAfter)].compactMap { $0 }
        if let wait = waits.max() {
            throw ErrorAnswer.throttled("too many failed exchanges: try again later", retryAfter: wait.wholeSecondsRoundedUp)
        }
        guard let parsed else {
            partners.sourceThrottle.recordFailure(sourceKey)
            throw ErrorBody.invalidArgument([FieldViolation(field: "apiKey", reason: "is not a merchant API key (ask_…)")])
        }
        let now = environment.clock.now()
        let outcome = try await environment.database.withTenantTransaction(parsed.tenant, logger: scope.logger, deadline: scope.deadline) {
            [store, apiKeys] connection -> Outcome in
            guard
                case (var key, let hash)? = try await apiKeys.lock(
                    parsed.keyID,
                    merchant: nil,
                    tenant: parsed.tenant,
                    on: connection,
                    logger: scope.logger
                )
            else { return .invalid(keyExists: false) }
            guard parsed.matches(hash), key.status(at: now) == .active else { return .invalid(keyExists: true) }
            guard try await store.find(key.merchantID, tenant: parsed.tenant, on: connection, logger: scope.logger)?.status == .active else {
                return .merchantSuspended
            }
            key.lastUsedAt = now
            try await apiKeys.update(key, tenant: parsed.tenant, on: connection, logger: scope.logger)
            return .valid(key)
        }
        switch outcome {
        case .invalid(let keyExists):
            partners.sourceThrottle.recordFailure(sourceKey)
            if keyExists, let keyKey { partners.keyThrottle.recordFailure(keyKey) }
            scope.logger.info("api key exchange refused", metadata: ["api_key.id": "\(parsed.keyID.wire)"])
            throw ErrorBody(code: .unauthenticated, message: "the API key is not valid: unknown, revoked or expired")
        case .merchantSuspended:
            throw ErrorBody(code: .permissionDenied, message: "the merchant is suspended: its API keys mint no token")
        case .valid(let key):
            let token = try await signer.token(tenant: parsed.tenant, merchant: key.merchantID, apiKey: key.id)
            scope.logger.info("api key exchanged", metadata: ["api_key.id": "\(key.id.wire)", "merchant.id": "\(key.merchantID.wire)"])
            return .init(
                accessToken: token,
                tokenType: .bearer,
                expiresIn: Int64(signer.lifetime.components.seconds),
                merchantId: key.merchantID.wire,
                tenantId: parsed.tenant.description
            )
        }
    }
}
