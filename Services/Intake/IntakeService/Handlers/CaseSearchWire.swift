import IntakeAPI
import Models
import ServiceKit

extension Components.Schemas.CaseSummary {
    /// A found case as the list shows it.
    init(_ found: CaseStore.Found) {
        self.init(
            caseId: found.id.wire,
            status: found.status,
            orderNumber: found.orderNumber,
            orderLine: found.orderLine,
            productName: found.productName,
            customerName: found.customerName,
            requestedResolution: found.requestedResolution,
            judgementStatus: found.judgementStatus.flatMap { .init(rawValue: $0.rawValue) },
            createdAt: found.createdAt
        )
    }
}
