import Models
import ReturnsAPI
import ServiceKit

extension Components.Schemas.ReturnRequest {
    /// A return request as the contract shows it.
    init(_ request: ReturnRequest) {
        let application = request.application
        self.init(
            returnRequestId: request.id.wire,
            caseId: application.caseID.wire,
            merchantId: application.merchantID.wire,
            _type: application.type,
            amount: application.amount,
            reason: application.reason,
            status: request.status,
            createdAt: request.createdAt
        )
    }
}

extension ReturnApplication.Draft {
    /// The request's fields as received, for the workflow to check.
    init(_ request: Components.Schemas.CreateReturnRequestRequest) {
        self.init(caseID: request.caseId, merchantID: request.merchantId, type: request._type, amount: request.amount, reason: request.reason)
    }
}
