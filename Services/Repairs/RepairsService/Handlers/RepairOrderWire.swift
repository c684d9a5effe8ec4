import Models
import RepairsAPI
import ServiceKit

extension Components.Schemas.RepairOrder {
    /// A repair order as the contract shows it.
    init(_ order: RepairOrder) {
        let registration = order.registration
        self.init(
            repairOrderId: order.id.wire,
            caseId: registration.caseID?.wire,
            device: .init(
                productName: registration.device.productName,
                model: registration.device.model,
                serialNumber: registration.device.serialNumber
            ),
            reportedFault: registration.reportedFault,
            accompanyingItems: registration.accompanyingItems,
            status: order.status,
            createdAt: order.createdAt
        )
    }
}

extension RepairRegistration.Draft {
    /// The request's fields as received, for the workflow to check.
    init(_ request: Components.Schemas.CreateRepairOrderRequest) {
        self.init(
            caseID: request.caseId,
            device: Device(productName: request.device.productName, model: request.device.model, serialNumber: request.device.serialNumber),
            reportedFault: request.reportedFault,
            accompanyingItems: request.accompanyingItems ?? []
        )
    }
}
