import Foundation
import Logging
import Models
import ServiceKit

/// The merchant's inspection is new facts: the case is judged again at the registration's moment
/// (``CaseRevision``).
enum InspectionJudging {
    static func rejudge(_ inspection: InspectionRecorded, header: EventHeader, context: EventContext) async throws {
        guard
            let record = try await CaseStore().find(
                inspection.caseID,
                tenant: context.tenant,
                merchant: nil,
                on: context.connection,
                logger: context.logger
            )
        else { return }
        let inspected = CaseRejudging.applying(inspection, to: record)
        try await CaseRevision.revise(record, to: inspected, cause: header, context)
    }
}
