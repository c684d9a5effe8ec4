import Foundation
import IntakeAPI
import Logging
import Models
import ServiceKit

/// One timeline per case (DESIGN §6): every step from every service in the order it happened, a page at a
/// time, narrowed to what the caller may see.
extension IntakeHandlers {
    func getCaseTimeline(_ input: Operations.GetCaseTimeline.Input) async throws -> Operations.GetCaseTimeline.Output {
        try await answering { caller in
            let request = input.request
            let caseID = try FieldChecks.uuid(request.caseId, "caseId")
            let binding = PageBinding(
                operation: "GetCaseTimeline",
                tenant: caller.tenant,
                merchantScope: caller.merchantScope,
                filter: caseID.wire
            )
            let page = try environment.pageTokens.request(pageSize: request.pageSize, pageToken: request.pageToken, binding: binding).get()
            let visible = CaseTimeline.visible(to: caller.principal.roles, merchant: caller.merchantScope)
            let entries = try await environment.read(caller) { [store] connection in
                // Another tenant's or another merchant's case is not found, as GetCase answers.
                guard
                    try await store.find(caseID, tenant: caller.tenant, merchant: caller.merchantScope, on: connection, logger: caller.logger) != nil
                else { throw ErrorBody.notFound("case \(caseID.wire)") }
                return try await CaseTimelineStore().page(
                    caseID,
                    tenant: caller.tenant,
                    visible: visible,
                    merchant: caller.merchantScope,
                    after: page.after,
                    limit: page.size + 1,
                    on: connection,
                    logger: caller.logger
                )
            }
            let result = environment.pageTokens.page(fetched: entries, request: page, binding: binding, id: \.eventID)
            return .ok(.init(entries: try result.rows.map(Components.Schemas.TimelineEntry.init), nextPageToken: result.nextPageToken))
        }
    }
}
