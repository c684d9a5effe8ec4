public import Foundation
public import Models

/// Intake's own steps on a case's timeline: corrections, withdrawal, and the judgement revised by new facts.
extension TimelineEntry {
    /// The entry of an event Intake itself announced about `caseID` (its id is the event's).
    public init<P: EventPayload>(
        own payload: P,
        eventID: UUID,
        caseID: UUID,
        at occurredAt: Date,
        actorRole: String,
        visibility: TimelineVisibility,
        merchantID: UUID?,
        data: String
    ) {
        self.init(
            eventID: eventID,
            caseID: caseID,
            type: P.type,
            occurredAt: occurredAt,
            producer: P.producer,
            actorRole: actorRole,
            visibility: visibility,
            merchantID: merchantID,
            dueAt: nil,
            data: data
        )
    }
}

/// Re-judging a case on its merchant's inspection (issue: re-evaluation on new facts). Pure.
public enum CaseRejudging {
    /// The case with the inspection's facts applied: the facts it established added, and the reported
    /// quality issue ruled out when no fault was found (confirmed when the fault was).
    public static func applying(_ inspection: InspectionRecorded, to record: AfterSalesCase) -> AfterSalesCase {
        var updated = record
        var flags = Set(record.inspectionFlags).union(inspection.establishedFacts)
        switch inspection.outcome {
        case .noFaultFound:
            updated.qualityIssueRuledOut = true
            flags.remove(.qualityIssue)
        case .faultConfirmed:
            updated.qualityIssueRuledOut = false
            flags.insert(.qualityIssue)
        case .differsFromReport:
            break
        }
        updated.inspectionFlags = flags.sorted()
        return updated
    }
}
