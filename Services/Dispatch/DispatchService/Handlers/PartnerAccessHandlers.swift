import DispatchAPI
import Foundation
import Logging
import Models
import ServiceKit

/// Partner access (DESIGN §5): the tenant admin issues a merchant's API keys; the merchant lists and revokes
/// its own; a partner exchanges a key for a short-lived merchant token signed by Dispatch, verifiable
/// against the key set published at /.well-known/jwks.json.
extension DispatchHandlers {
    /// The key is in this answer only. The operation takes no Idempotency-Key: a recorded answer would keep
    /// the secret in the database for a day; a retry issues another key (revoke the one never received).
    func issueMerchantApiKey(_ input: Operations.IssueMerchantApiKey.Input) async throws -> Operations.IssueMerchantApiKey.Output {
        try await answering { caller in
            let request = input.request
            let merchantID = try FieldChecks.uuid(request.merchantId, "merchantId")
            var checks = FieldChecks()
            let name = checks.text(request.name, "name", max: 50)
            try checks.throwIfFailed()
            let now = environment.clock.now()
            let expiresAt = try MerchantApiKey.expiry(request.expiresAt, now: now).get()
            let id = UUID.v7()
            let secret = PartnerApiKeySecret.mint(tenant: caller.tenant, keyID: id)
            let key = MerchantApiKey(
                id: id,
                merchantID: merchantID,
                name: name,
                hint: secret.hint,
                createdBy: caller.principal.subject,
                createdAt: now,
                expiresAt: expiresAt
            )
            // No Idempotency-Key reaches here (the access table says so): nothing is recorded for replay.
            _ = try await environment.mutate(caller) { [store, apiKeys] connection in
                guard let merchant = try await store.lock(merchantID, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                    throw ErrorBody.notFound("merchant \(merchantID.wire)")
                }
                guard merchant.status == .active else {
                    throw ErrorBody(code: .failedPrecondition, message: "the merchant is suspended: reinstate it first")
                }
                guard try await apiKeys.insert(key, secretHash: secret.hash, tenant: caller.tenant, now: now, on: connection, logger: caller.logger)
                else {
                    throw ErrorBody(
                        code: .failedPrecondition,
                        message: "the merchant holds \(MerchantApiKey.activeLimit) active keys: revoke one before issuing another"
                    )
                }
                return true
            }
            caller.logger.info("merchant api key issued", metadata: ["merchant.id": "\(merchantID.wire)", "api_key.id": "\(id.wire)"])
            return .ok(.init(apiKey: secret.presented, key: .init(key, now: now)))
        }
    }

    func listMerchantApiKeys(_ input: Operations.ListMerchantApiKeys.Input) async throws -> Operations.ListMerchantApiKeys.Output {
        try await answering { caller in
            let request = input.request
            var merchantID = try request.merchantId.map { try FieldChecks.uuid($0, "merchantId") }
            if let scope = caller.merchantScope {
                // A merchant lists its own keys; naming another merchant finds nothing.
                if let named = merchantID, named != scope { throw ErrorBody.notFound("merchant \(named.wire)") }
                merchantID = scope
            }
            guard let merchantID else {
                throw ErrorBody.invalidArgument([FieldViolation(field: "merchantId", reason: "is required")])
            }
            let binding = PageBinding(
                operation: "ListMerchantApiKeys",
                tenant: caller.tenant,
                merchantScope: caller.merchantScope,
                filter: merchantID.wire
            )
            let page = try environment.pageTokens.request(pageSize: request.pageSize, pageToken: request.pageToken, binding: binding).get()
            let fetched = try await environment.read(caller) { [store, apiKeys] connection in
                guard try await store.find(merchantID, tenant: caller.tenant, on: connection, logger: caller.logger) != nil else {
                    throw ErrorBody.notFound("merchant \(merchantID.wire)")
                }
                return try await apiKeys.list(
                    merchant: merchantID,
                    tenant: caller.tenant,
                    before: page.after,
                    limit: page.size + 1,
                    on: connection,
                    logger: caller.logger
                )
            }
            let now = environment.clock.now()
            let result = environment.pageTokens.page(fetched: fetched, request: page, binding: binding, id: \.id)
            return .ok(.init(keys: result.rows.map { .init($0, now: now) }, nextPageToken: result.nextPageToken))
        }
    }

    func revokeMerchantApiKey(_ input: Operations.RevokeMerchantApiKey.Input) async throws -> Operations.RevokeMerchantApiKey.Output {
        try await answering { caller in
            let id = try FieldChecks.uuid(input.request.apiKeyId, "apiKeyId")
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { [apiKeys] connection in
                guard
                    var (key, _) = try await apiKeys.lock(
                        id,
                        merchant: caller.merchantScope,
                        tenant: caller.tenant,
                        on: connection,
                        logger: caller.logger
                    )
                else { throw ErrorBody.notFound("API key \(id.wire)") }
                if key.revoke(at: now) {
                    try await apiKeys.update(key, tenant: caller.tenant, on: connection, logger: caller.logger)
                }
                return Components.Schemas.MerchantApiKey(key, now: now)
            }
            caller.logger.info("merchant api key revoked", metadata: ["api_key.id": "\(id.wire)"])
            return .ok(answer)
        }
    }

    func getPartnerKeySet(_ input: Operations.GetPartnerKeySet.Input) async throws -> Operations.GetPartnerKeySet.Output {
        .ok(.init(keys: partners.publishedKeys.map { .init(kty: .okp, crv: .ed25519, alg: .edDSA, use: .sig, kid: $0.kid, x: $0.x) }))
    }

    func exchangeApiKey(_ input: Operations.ExchangeApiKey.Input) async throws -> Operations.ExchangeApiKey.Output {
        guard let scope = RequestScope.current else { return .failure(.unauthenticatedCaller) }
        do {
            let exchange = ApiKeyExchange(environment: environment, partners: partners, store: store, apiKeys: apiKeys, scope: scope)
            return .ok(try await exchange.token(for: input.request.apiKey))
        } catch let error as ErrorBody {
            return .failure(error)
        }
    }
}
