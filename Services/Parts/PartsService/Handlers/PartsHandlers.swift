import Foundation
import Logging
import Models
import PartsAPI
import ServiceKit

/// Parts' operations: contract in, workflow, store, contract out.
struct PartsHandlers: APIProtocol {
    let environment: ServiceEnvironment
    let store = PartStore()

    /// Who may call what (DESIGN §5): the parts desk keeps the catalogue; those who quote and repair read it.
    static let access: AccessTable = [
        "CreatePart": .mutates([.tenantAdmin, .partsClerk, .supervisor]),
        "GetPart": .reads([.tenantAdmin, .partsClerk, .supervisor, .technician, .csAgent, .finance, .dashboardReader]),
    ]

    func createPart(_ input: Operations.CreatePart.Input) async throws -> Operations.CreatePart.Output {
        try await answering { caller in
            let cataloguing = try PartCataloguing.validate(PartCataloguing.Draft(input.request)).get()
            let part = Part(id: .v7(), cataloguing: cataloguing, createdAt: environment.clock.now())
            let answer = try await environment.mutate(caller, answering: Components.Schemas.Part(part)) { [store] connection in
                guard try await store.insert(part, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                    throw ErrorBody.alreadyExists("partNumber", "is already catalogued in this tenant")
                }
            }
            caller.logger.info("part catalogued", metadata: ["part.id": "\(part.id.wire)"])
            return .ok(answer)
        }
    }

    func getPart(_ input: Operations.GetPart.Input) async throws -> Operations.GetPart.Output {
        try await answering { caller in
            let request = input.request
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
            try checks.throwIfFailed()
            let found = try await environment.read(caller) { [store, id, partNumber] connection in
                try await store.find(id: id, partNumber: partNumber, tenant: caller.tenant, on: connection, logger: caller.logger)
            }
            guard let found else { throw ErrorBody.notFound("part \(request.partId ?? partNumber ?? "")") }
            return .ok(Components.Schemas.Part(found))
        }
    }
}
