import Foundation
import Logging
import Models
import PartsAPI
import ServiceKit

/// Parts' operations: contract in, workflow, store, contract out. Expected failures are returned as
/// documented error responses, not thrown.
struct PartsHandlers: APIProtocol {
    let environment: ServiceEnvironment
    let store = PartStore()

    /// Who may call what (DESIGN §5): the parts clerk keeps the catalogue; whoever quotes or repairs reads it.
    static let access: AccessTable = [
        "CreatePart": .mutates([.tenantAdmin, .partsClerk, .supervisor]),
        "GetPart": .reads([.tenantAdmin, .partsClerk, .supervisor, .technician, .csAgent, .finance, .dashboardReader]),
    ]

    func createPart(_ input: Operations.CreatePart.Input) async throws -> Operations.CreatePart.Output {
        guard let caller = TenantCaller.current else { return .failure(.unauthenticatedCaller) }
        let request: Components.Schemas.CreatePartRequest
        switch input.body { case .json(let body): request = body }
        let draft = PartCataloguing.Draft(
            partNumber: request.partNumber, name: request.name, fittingModels: request.fittingModels ?? [],
            kind: request.kind, unitCost: request.unitCost
        )
        let cataloguing: PartCataloguing
        switch PartCataloguing.validate(draft) {
        case .success(let valid): cataloguing = valid
        case .failure(let error): return .failure(error)
        }
        let part = Part(id: .v7(), cataloguing: cataloguing, createdAt: environment.clock.now())
        do {
            let answer = try await environment.mutate(tenant: caller.tenant, logger: caller.logger) { connection in
                guard try await store.insert(part, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                    throw ErrorBody.alreadyExists("partNumber", "is already catalogued in this tenant")
                }
                caller.logger.info("part catalogued", metadata: ["part.id": "\(part.id.wire)"])
                return Components.Schemas.Part(part)
            }
            return .ok(.init(body: .json(answer)))
        } catch let error as ErrorBody {
            return .failure(error)
        }
    }

    func getPart(_ input: Operations.GetPart.Input) async throws -> Operations.GetPart.Output {
        guard let caller = TenantCaller.current else { return .failure(.unauthenticatedCaller) }
        let request: Components.Schemas.GetPartRequest
        switch input.body { case .json(let body): request = body }
        var checks = FieldChecks()
        var id: UUID?
        var partNumber: String?
        switch (request.partId, request.partNumber) {
        case (let text?, nil): id = checks.uuid(text, "partId")
        case (nil, let number?): partNumber = PartCataloguing.normalizedPartNumber(number, &checks)
        default:
            checks.fail("partId", "give exactly one of partId and partNumber")
            checks.fail("partNumber", "give exactly one of partId and partNumber")
        }
        if let error = checks.error { return .failure(error) }
        let found = try await environment.database.withTenantTransaction(caller.tenant, logger: caller.logger) { [id, partNumber] connection in
            try await store.find(id: id, partNumber: partNumber, tenant: caller.tenant, on: connection, logger: caller.logger)
        }
        guard let found else { return .failure(.notFound("part \(request.partId ?? partNumber ?? "")")) }
        return .ok(.init(body: .json(Components.Schemas.Part(found))))
    }
}

extension Components.Schemas.Part {
    /// A catalogued part as the contract shows it.
    init(_ part: Part) {
        let item = part.cataloguing
        self.init(
            partId: part.id.wire, partNumber: item.partNumber, name: item.name, fittingModels: item.fittingModels,
            kind: item.kind, unitCost: item.unitCost, createdAt: part.createdAt
        )
    }
}

// The documented error response of each operation, recorded for the request log and metrics.
extension Operations.CreatePart.Output {
    static func failure(_ error: ErrorBody) -> Self { .default(statusCode: error.code.httpStatus, .init(body: .json(error.reported()))) }
}

extension Operations.GetPart.Output {
    static func failure(_ error: ErrorBody) -> Self { .default(statusCode: error.code.httpStatus, .init(body: .json(error.reported()))) }
}
