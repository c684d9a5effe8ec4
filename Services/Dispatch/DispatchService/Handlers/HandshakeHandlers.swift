import DispatchAPI
import Foundation
import Models
import ServiceKit

/// The merchant's steps (rules.md §2(b)) and the front desk's answer: inspect, propose (or reject), answer,
/// give the item back, hand the case back. Each is one transaction with its events, tasks and deadline.
extension DispatchHandlers {
    func recordInspection(_ input: Operations.RecordInspection.Input) async throws -> Operations.RecordInspection.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let caseID = checks.uuid(request.caseId, "caseId")
            let findings = checks.text(request.findings, "findings", max: 2000)
            if (request.establishedFacts?.count ?? 0) > 20 { checks.fail("establishedFacts", "must have at most 20 items") }
            try checks.throwIfFailed()
            guard let caseID else { throw ErrorBody.internalError() }
            let facts = Array(Set(request.establishedFacts ?? [])).sorted()
            return .ok(
                try await step(caseID, caller) { record, writer, deadlines in
                    let inspection = DispatchCase.Inspection(
                        outcome: request.outcome,
                        findings: findings,
                        establishedFacts: facts,
                        inspectedAt: writer.now
                    )
                    let differs = try record.inspect(inspection, deadlines: deadlines)
                    guard let merchantID = record.merchantID else { return }
                    try await writer.save(record)
                    if differs {
                        try await writer.task(.callCustomer, for: record, note: "检测结果与客户描述不符: \(findings)")
                    }
                    try await writer.emit(
                        InspectionRecorded(
                            caseID: caseID,
                            merchantID: merchantID,
                            outcome: request.outcome,
                            findings: findings,
                            establishedFacts: facts
                        ),
                        about: caseID
                    )
                }
            )
        }
    }

    func proposeResolution(_ input: Operations.ProposeResolution.Input) async throws -> Operations.ProposeResolution.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let caseID = checks.uuid(request.caseId, "caseId")
            let rejection = checks.optionalText(request.rejectionReason, "rejectionReason", max: 500)
            let note = checks.optionalText(request.note, "note", max: 1000)
            let outOfStockUntil = request.outOfStockUntil.flatMap(LocalDate.init(iso:))
            if request.outOfStockUntil != nil && outOfStockUntil == nil { checks.fail("outOfStockUntil", "must be a date, YYYY-MM-DD") }
            if request.outOfStockUntil != nil && request.resolution == nil { checks.fail("outOfStockUntil", "is given only with a resolution") }
            if (request.resolution == nil) == (rejection == nil) {
                checks.fail(request.resolution == nil ? "resolution" : "rejectionReason", "give exactly one of resolution and rejectionReason")
            }
            try checks.throwIfFailed()
            guard let caseID else { throw ErrorBody.internalError() }
            return .ok(
                try await step(caseID, caller) { record, writer, deadlines in
                    let answerBy = writer.now.addingTimeInterval(TimeInterval(deadlines.proposalAnswerHours) * 3600)
                    let proposal = DispatchCase.Proposal(
                        resolution: request.resolution,
                        rejectionReason: rejection,
                        outOfStockUntil: outOfStockUntil,
                        note: note,
                        proposedAt: writer.now,
                        answerBy: answerBy
                    )
                    let automatic = try record.propose(proposal, deadlines: deadlines)
                    guard let merchantID = record.merchantID else { return }
                    try await writer.save(record)
                    if let resolution = request.resolution {
                        try await writer.emit(
                            ResolutionProposed(caseID: caseID, merchantID: merchantID, resolution: resolution, dueAt: answerBy),
                            about: caseID
                        )
                    } else if let rejection {
                        try await writer.emit(
                            ClaimRejected(caseID: caseID, merchantID: merchantID, reason: rejection, dueAt: answerBy),
                            about: caseID
                        )
                    }
                    if automatic { try await writer.agreed(record) }
                }
            )
        }
    }

    /// The front desk answers on the customer's behalf: accepted, the resolution is agreed; declined (or a
    /// rejection disputed), the escalation desk has the case.
    func answerProposal(_ input: Operations.AnswerProposal.Input) async throws -> Operations.AnswerProposal.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let caseID = checks.uuid(request.caseId, "caseId")
            let reason = checks.optionalText(request.reason, "reason", max: 500)
            if !request.accept && reason == nil { checks.fail("reason", "is required when declining") }
            if !request.accept && request.carriedOutBy != nil { checks.fail("carriedOutBy", "is given only when accepting") }
            try checks.throwIfFailed()
            guard let caseID else { throw ErrorBody.internalError() }
            return .ok(
                try await step(caseID, caller) { record, writer, deadlines in
                    if try record.answer(accept: request.accept, carriedOutBy: request.carriedOutBy, at: writer.now, deadlines: deadlines) {
                        try await writer.save(record)
                        try await writer.agreed(record)
                    } else {
                        try await writer.save(record)
                        _ = try await writer.openEscalation(
                            record,
                            reason: reason ?? "",
                            trigger: .proposalDeclined,
                            hours: deadlines.escalationHours
                        )
                    }
                }
            )
        }
    }

    func shipItemBack(_ input: Operations.ShipItemBack.Input) async throws -> Operations.ShipItemBack.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let caseID = checks.uuid(request.caseId, "caseId")
            let tracking = checks.optionalText(request.trackingNumber, "trackingNumber", max: 40)
            let carrier = checks.optionalText(request.carrier, "carrier", max: 50)
            if let tracking,
                tracking.count < 4
                    || !tracking.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") })
            {
                checks.fail("trackingNumber", "must be 4–40 letters, digits or hyphens")
            }
            if request.method == .shipped && tracking == nil { checks.fail("trackingNumber", "is required when the item is shipped") }
            try checks.throwIfFailed()
            guard let caseID else { throw ErrorBody.internalError() }
            return .ok(
                try await step(caseID, caller) { record, writer, _ in
                    try record.giveBack(DispatchCase.ItemReturn(method: request.method, trackingNumber: tracking, carrier: carrier, at: writer.now))
                    guard let merchantID = record.merchantID, let agreement = record.agreement else { return }
                    try await writer.save(record)
                    // Shipped instead of collected: the pickup planned on a run is off.
                    if request.method == .shipped {
                        try await DispatchRunStore().unplan(caseID, tenant: writer.tenant, on: writer.connection, logger: writer.logger)
                    }
                    try await writer.emit(
                        ItemShippedBack(
                            caseID: caseID,
                            merchantID: merchantID,
                            resolution: agreement.resolution,
                            method: request.method,
                            trackingNumber: tracking,
                            carrier: carrier
                        ),
                        about: caseID
                    )
                }
            )
        }
    }

    /// The merchant declines the case: back to the routing queue with the reason.
    func handBackCase(_ input: Operations.HandBackCase.Input) async throws -> Operations.HandBackCase.Output {
        try await answering { caller in
            var checks = FieldChecks()
            let caseID = checks.uuid(input.request.caseId, "caseId")
            let reason = checks.text(input.request.reason, "reason", max: 500)
            try checks.throwIfFailed()
            guard let caseID else { throw ErrorBody.internalError() }
            return .ok(
                try await step(caseID, caller) { record, writer, _ in
                    let merchant = try record.handBack(.merchantDeclined)
                    try await writer.save(record)
                    try await writer.leftTheMerchant(caseID, why: "the merchant handed the case back")
                    try await writer.cases.endAssignment(
                        caseID,
                        reason: "merchant_declined",
                        at: writer.now,
                        tenant: writer.tenant,
                        on: writer.connection,
                        logger: writer.logger
                    )
                    try await writer.emit(
                        CaseHandedBack(caseID: caseID, merchantID: merchant, cause: .merchantDeclined, reason: reason),
                        about: caseID
                    )
                }
            )
        }
    }
}
