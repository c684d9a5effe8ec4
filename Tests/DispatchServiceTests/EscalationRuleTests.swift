import DispatchService
import Foundation
import Models
import Testing

/// The escalation desk without I/O (rules.md §2(c) E1/E2/E10, §5 T-39): its SLA, age and overdue; an outcome
/// decided once, with a resolution only when one is agreed and the carrier the resolution allows.
@Suite struct EscalationRuleTests {
    static let now = Date(timeIntervalSince1970: 1_773_108_000)
    static let record = DispatchCase.queued(UUID(), merchant: UUID(), at: now, deadlines: HandshakeDeadlines())

    static func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return (error as? ErrorBody).map { "\($0.code.rawValue) \($0.details.map(\.field).joined(separator: ","))" }
        }
    }

    @Test func anEscalationIsDueAfterItsHoursOrAtTheGivenInstant() {
        let escalation = Escalation.open(Self.record, reason: "催两次未回复", trigger: .chasedOut, at: Self.now, hours: 24)
        #expect(escalation.dueAt == Self.now.addingTimeInterval(24 * 3600) && escalation.status == .open)
        #expect(escalation.ageHours(at: Self.now.addingTimeInterval(5 * 3600 + 59 * 60)) == 5)
        #expect(!escalation.isOverdue(at: Self.now.addingTimeInterval(24 * 3600 - 1)) && escalation.isOverdue(at: escalation.dueAt))
        let endOfDay = Self.now.addingTimeInterval(14 * 3600)
        let doa = Escalation.open(Self.record, reason: "开箱即坏", trigger: .deadOnArrival, at: Self.now, due: endOfDay)
        #expect(doa.dueAt == endOfDay && doa.merchantID == Self.record.merchantID)
    }

    @Test func anOutcomeIsDecidedOnceWithTheRightFields() throws {
        var escalation = Escalation.open(Self.record, reason: "r", trigger: .onDemand, at: Self.now, hours: 24)
        #expect(
            Self.code { try escalation.close(.resolutionAgreed, resolution: nil, carriedOutBy: nil, note: "n", at: Self.now) }
                == "invalid_argument resolution"
        )
        #expect(
            Self.code { try escalation.close(.resolutionAgreed, resolution: .refundOnly, carriedOutBy: .merchant, note: "n", at: Self.now) }
                == "invalid_argument carriedOutBy"
        )
        #expect(
            Self.code { try escalation.close(.returnedToMerchant, resolution: .repair, carriedOutBy: nil, note: "n", at: Self.now) }
                == "invalid_argument resolution"
        )
        #expect(escalation.status == .open, "a refused decision changes nothing")
        try escalation.close(.resolutionAgreed, resolution: .repair, carriedOutBy: nil, note: "商家同意维修", at: Self.now)
        #expect(escalation.status == .closed && escalation.carriedOutBy == .merchant && escalation.closedAt == Self.now)
        #expect(!escalation.isOverdue(at: escalation.dueAt), "a closed escalation is never overdue")
        #expect(Self.code { try escalation.mustBeOpen() } == "failed_precondition ")
        #expect(
            Self.code { try escalation.close(.returnedToMerchant, resolution: nil, carriedOutBy: nil, note: "n", at: Self.now) }
                == "failed_precondition "
        )
    }
}
