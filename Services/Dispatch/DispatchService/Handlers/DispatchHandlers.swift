import DispatchAPI
import Foundation
import Logging
import Models
import ServiceKit

/// Dispatch's operations: contract in, workflow, store, contract out.
struct DispatchHandlers: APIProtocol {
    let environment: ServiceEnvironment
    let partners: PartnerAccess
    /// The deployment's handshake deadlines, read from the settings once.
    let deadlines: HandshakeDeadlines
    let store = MerchantStore()
    let apiKeys = MerchantApiKeyStore()

    /// Who may call what (DESIGN §5). Onboarding merchants is the tenant's administration; everyone who
    /// handles cases reads the registry; a merchant reads only its own record.
    /// Suspension and API keys are the tenant admin's; a merchant lists and revokes its own keys, and
    /// exchanges a key for a token without one (the key is the credential).
    static let access: AccessTable = [
        "CreateMerchant": .mutates([.tenantAdmin, .supervisor]),
        "GetMerchant": .reads(staff.union([.merchant])),
        "ListMerchants": .reads(staff),
        "UpdateMerchant": .mutates([.tenantAdmin, .supervisor]),
        "SuspendMerchant": .mutates([.tenantAdmin]),
        "ReinstateMerchant": .mutates([.tenantAdmin]),
        "AcknowledgeCase": .mutates(merchantSteps),
        "GetDispatchCase": .reads(staff.union([.merchant])),
        "ListDispatchCases": .reads(staff.union([.merchant])),
        "RecordInspection": .mutates(merchantSteps),
        "ProposeResolution": .mutates(merchantSteps),
        "ShipItemBack": .mutates(merchantSteps),
        "HandBackCase": .mutates(merchantSteps),
        "AnswerProposal": .mutates([.csAgent, .intakeClerk, .dispatcherRunner, .supervisor, .tenantAdmin]),
        "AssignCase": .mutates(dispatchers),
        "BuildDispatchRun": .mutates(dispatchers),
        "RecordRunLeg": .mutates(dispatchers),
        "GetRunSheet": .reads(dispatchers.union([.escalationOfficer, .dashboardReader])),
        "ListDispatcherTasks": .reads(dispatchers),
        "CompleteDispatcherTask": .mutates(dispatchers),
        "EscalateCase": .mutates([.dispatcherRunner, .csAgent, .escalationOfficer, .supervisor, .tenantAdmin]),
        "ListEscalations": .reads(escalationDesk),
        "RecordEscalationContact": .mutates(escalationDesk),
        "CloseEscalation": .mutates(escalationDesk),
        "GetMerchantScorecard": .reads([.dashboardReader, .supervisor, .tenantAdmin, .escalationOfficer, .dispatcherRunner, .merchant]),
        "IssueMerchantApiKey": .mutatesWithoutReplay([.tenantAdmin]),
        "ListMerchantApiKeys": .reads([.tenantAdmin, .merchant]),
        "RevokeMerchantApiKey": .mutates([.tenantAdmin, .merchant]),
        "ExchangeApiKey": .exchangesCredentials,
        "/.well-known/jwks.json": .publicDocument,
    ]

    /// The merchant's own steps; staff take them on its behalf (a merchant that answers by phone).
    static let merchantSteps: Set<Role> = [.merchant, .dispatcherRunner, .supervisor, .tenantAdmin]
    static let dispatchers: Set<Role> = [.dispatcherRunner, .supervisor, .tenantAdmin]
    static let escalationDesk: Set<Role> = [.escalationOfficer, .supervisor, .tenantAdmin]

    static let staff: Set<Role> = [
        .tenantAdmin, .supervisor, .intakeClerk, .csAgent, .dispatcherRunner, .escalationOfficer, .technician,
        .partsClerk, .finance, .followUpAgent, .dashboardReader,
    ]

    func createMerchant(_ input: Operations.CreateMerchant.Input) async throws -> Operations.CreateMerchant.Output {
        try await answering { caller in
            let registration = try MerchantRegistration.validate(MerchantRegistration.Draft(input.request)).get()
            let merchant = Merchant(id: .v7(), status: .active, registration: registration, createdAt: environment.clock.now())
            let registered = try environment.outbox.entry(
                MerchantRegistered(merchant.summary),
                subjectID: merchant.id.wire,
                tenant: caller.tenant,
                now: merchant.createdAt
            )
            let answer = try await environment.mutate(caller, answering: Components.Schemas.Merchant(merchant)) { [store] connection in
                guard try await store.insert(merchant, announcing: registered, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                    throw ErrorBody.alreadyExists("name", "is already the name of a merchant of this tenant")
                }
            }
            caller.logger.info("merchant registered", metadata: ["merchant.id": "\(merchant.id.wire)"])
            return .ok(answer)
        }
    }

    func getMerchant(_ input: Operations.GetMerchant.Input) async throws -> Operations.GetMerchant.Output {
        try await answering { caller in
            let id = try FieldChecks.uuid(input.request.merchantId, "merchantId")
            // A merchant caller sees itself only; any other merchant is simply not found.
            if let scope = caller.merchantScope, scope != id { throw ErrorBody.notFound("merchant \(id.wire)") }
            let found = try await environment.read(caller) { [store] connection in
                try await store.find(id, tenant: caller.tenant, on: connection, logger: caller.logger)
            }
            guard let found else { throw ErrorBody.notFound("merchant \(id.wire)") }
            return .ok(Components.Schemas.Merchant(found))
        }
    }

    func listMerchants(_ input: Operations.ListMerchants.Input) async throws -> Operations.ListMerchants.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let region = checks.optionalText(request.region, "region", max: 50)
            try checks.throwIfFailed()
            let binding = PageBinding(
                operation: "ListMerchants",
                tenant: caller.tenant,
                merchantScope: caller.merchantScope,
                filter: "status=\(request.status?.rawValue ?? "")\u{1F}region=\(region ?? "")"
            )
            let page = try environment.pageTokens.request(pageSize: request.pageSize, pageToken: request.pageToken, binding: binding).get()
            let fetched = try await environment.read(caller) { [store] connection in
                try await store.list(
                    tenant: caller.tenant,
                    after: page.after,
                    limit: page.size + 1,
                    status: request.status,
                    region: region,
                    on: connection,
                    logger: caller.logger
                )
            }
            let result = environment.pageTokens.page(fetched: fetched, request: page, binding: binding, id: \.id)
            return .ok(.init(merchants: result.rows.map(Components.Schemas.Merchant.init), nextPageToken: result.nextPageToken))
        }
    }
}
