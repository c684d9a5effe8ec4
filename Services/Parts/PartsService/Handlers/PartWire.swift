import Models
import PartsAPI
import ServiceKit

extension Components.Schemas.Part {
    /// A catalogued part as the contract shows it.
    init(_ part: Part) {
        let item = part.cataloguing
        self.init(
            partId: part.id.wire,
            partNumber: item.partNumber,
            name: item.name,
            fittingModels: item.fittingModels,
            kind: item.kind,
            unitCost: item.unitCost,
            createdAt: part.createdAt
        )
    }
}

extension PartCataloguing.Draft {
    /// The request's fields as received, for the workflow to check.
    init(_ request: Components.Schemas.CreatePartRequest) {
        self.init(
            partNumber: request.partNumber,
            name: request.name,
            fittingModels: request.fittingModels ?? [],
            kind: request.kind,
            unitCost: request.unitCost
        )
    }
}
