import DispatchAPI
import Models
import ServiceKit

extension Components.Schemas.DispatchCase {
    /// A queued case as the contract shows it.
    init(_ record: DispatchCase) {
        self.init(
            caseId: record.caseID.wire,
            merchantId: record.merchantID.wire,
            status: Components.Schemas.DispatchCase.StatusPayload(rawValue: record.status.rawValue)!,
            queuedAt: record.queuedAt,
            respondBy: record.respondBy,
            acknowledgedAt: record.acknowledgedAt
        )
    }
}
