import IntakeAPI
import Models
import ServiceKit

extension Components.Schemas.Case {
    /// A recorded case as the contract shows it.
    init(_ record: AfterSalesCase) {
        let registration = record.registration
        self.init(
            caseId: record.id.wire,
            status: record.status,
            orderNumber: registration.orderNumber,
            productName: registration.productName,
            productModel: registration.productModel,
            quantity: Int64(registration.quantity),
            purchaseDate: registration.purchaseDate.description,
            reason: registration.reason,
            requestedResolution: registration.requestedResolution,
            merchantId: registration.merchantID.wire,
            createdAt: record.createdAt
        )
    }
}

extension CaseRegistration.Draft {
    /// The request's fields as received, for the workflow to check.
    init(_ request: Components.Schemas.CreateCaseRequest) {
        self.init(
            orderNumber: request.orderNumber,
            productName: request.productName,
            productModel: request.productModel,
            quantity: Int(request.quantity),
            purchaseDate: request.purchaseDate,
            reason: request.reason,
            requestedResolution: request.requestedResolution,
            merchantID: request.merchantId
        )
    }
}

extension CaseRegistered {
    /// The event of a case just registered.
    init(_ record: AfterSalesCase) {
        let registration = record.registration
        self.init(
            caseID: record.id,
            orderNumber: registration.orderNumber,
            productName: registration.productName,
            productModel: registration.productModel,
            quantity: registration.quantity,
            purchaseDate: registration.purchaseDate,
            reason: registration.reason,
            requestedResolution: registration.requestedResolution,
            merchantID: registration.merchantID
        )
    }
}
