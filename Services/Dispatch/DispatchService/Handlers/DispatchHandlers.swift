import DispatchAPI
import Foundation
import Logging
import Models
import ServiceKit

/// Dispatch's operations: contract in, workflow, store, contract out. Expected failures are returned as
/// documented error responses, not thrown.
struct DispatchHandlers: APIProtocol {
    let environment: ServiceEnvironment
    let store = MerchantStore()

    /// Who may call what (DESIGN §5). Onboarding merchants is the tenant's administration; everyone who
    /// handles cases reads the registry; a merchant reads only its own record.
    static let access: AccessTable = [
        "CreateMerchant": .mutates([.tenantAdmin, .supervisor]),
        "GetMerchant": .reads(staff.union([.merchant])),
        "ListMerchants": .reads(staff),
        "AcknowledgeCase": .mutates([.merchant, .dispatcherRunner, .supervisor, .tenantAdmin]),
    ]

    static let staff: Set<Role> = [
        .tenantAdmin, .supervisor, .intakeClerk, .csAgent, .dispatcherRunner, .escalationOfficer, .technician,
        .partsClerk, .finance, .followUpAgent, .dashboardReader,
    ]

    func createMerchant(_ input: Operations.CreateMerchant.Input) async throws -> Operations.CreateMerchant.Output {
        guard let caller = TenantCaller.current else { return .failure(.unauthenticatedCaller) }
        let request: Components.Schemas.CreateMerchantRequest
        switch input.body { case .json(let body): request = body }
        let draft = MerchantRegistration.Draft(
            name: request.name, contacts: request.contacts.map(MerchantContact.init), regions: request.regions
        )
        let registration: MerchantRegistration
        switch MerchantRegistration.validate(draft) {
        case .success(let valid): registration = valid
        case .failure(let error): return .failure(error)
        }
        let merchant = Merchant(id: .v7(), status: .active, registration: registration, createdAt: environment.clock.now())
        do {
            let answer = try await environment.mutate(tenant: caller.tenant, logger: caller.logger) { connection in
                guard try await store.insert(merchant, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                    throw ErrorBody.alreadyExists("name", "is already the name of a merchant of this tenant")
                }
                caller.logger.info("merchant registered", metadata: ["merchant.id": "\(merchant.id.wire)"])
                return Components.Schemas.Merchant(merchant)
            }
            return .ok(.init(body: .json(answer)))
        } catch let error as ErrorBody {
            return .failure(error)
        }
    }

    func getMerchant(_ input: Operations.GetMerchant.Input) async throws -> Operations.GetMerchant.Output {
        guard let caller = TenantCaller.current else { return .failure(.unauthenticatedCaller) }
        let request: Components.Schemas.GetMerchantRequest
        switch input.body { case .json(let body): request = body }
        var checks = FieldChecks()
        let id = checks.uuid(request.merchantId, "merchantId")
        guard let id else { return .failure(checks.error ?? .invalidArgument([])) }
        // A merchant caller sees itself only; any other merchant is simply not found.
        if let scope = caller.merchantScope, scope != id { return .failure(.notFound("merchant \(id.wire)")) }
        let found = try await environment.database.withTenantTransaction(caller.tenant, logger: caller.logger) { connection in
            try await store.find(id, tenant: caller.tenant, on: connection, logger: caller.logger)
        }
        guard let found else { return .failure(.notFound("merchant \(id.wire)")) }
        return .ok(.init(body: .json(Components.Schemas.Merchant(found))))
    }

    func listMerchants(_ input: Operations.ListMerchants.Input) async throws -> Operations.ListMerchants.Output {
        guard let caller = TenantCaller.current else { return .failure(.unauthenticatedCaller) }
        let request: Components.Schemas.ListMerchantsRequest
        switch input.body { case .json(let body): request = body }
        var checks = FieldChecks()
        let region = checks.optionalText(request.region, "region", max: 50)
        if let error = checks.error { return .failure(error) }
        let binding = PageBinding(
            operation: "ListMerchants", tenant: caller.tenant, merchantScope: caller.merchantScope,
            filter: "status=\(request.status?.rawValue ?? "")\u{1F}region=\(region ?? "")"
        )
        let page: PageRequest
        switch PageToken.request(pageSize: request.pageSize, pageToken: request.pageToken, binding: binding) {
        case .success(let valid): page = valid
        case .failure(let error): return .failure(error)
        }
        let fetched = try await environment.database.withTenantTransaction(caller.tenant, logger: caller.logger) { connection in
            try await store.list(
                tenant: caller.tenant, after: page.after, limit: page.size + 1, status: request.status, region: region,
                on: connection, logger: caller.logger
            )
        }
        let result = Page(fetched: fetched, request: page, binding: binding, id: \.id)
        return .ok(.init(body: .json(.init(merchants: result.rows.map(Components.Schemas.Merchant.init), nextPageToken: result.nextPageToken))))
    }
}
