import Foundation
import Models
import RepairsAPI
import ServiceKit

/// Reception and the workshop's own steps (rules.md §2(e), WS-07, LG-22): check-in, an agreed discrepancy,
/// the technician, holds for a special situation, the work finished, a cancellation.
extension RepairsHandlers {
    func checkInRepairOrder(_ input: Operations.CheckInRepairOrder.Input) async throws -> Operations.CheckInRepairOrder.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let received = checks.texts(request.receivedItems ?? [], "receivedItems", count: 0...30, max: 100)
            let exterior = checks.text(request.exteriorCondition, "exteriorCondition", max: 500)
            let signature = checks.text(request.customerSignatureRef, "customerSignatureRef", max: 200)
            let discrepancy = checks.optionalText(request.discrepancy, "discrepancy", max: 500)
            let technician = checks.optionalText(request.technician, "technician", max: 100)
            let serial = checks.optionalText(request.serialNumber, "serialNumber", max: 64)
            if !request.matchesEvidence, discrepancy == nil {
                checks.fail("discrepancy", "say how the item differs from the case's photos")
            }
            try checks.throwIfFailed()
            let step = RepairOrderStep.checkIn(matchesEvidence: request.matchesEvidence)
            return .ok(
                try await take(step, on: request.repairOrderId, caller) { order, context in
                    order.checkIn = CheckIn(
                        receivedItems: received,
                        exteriorCondition: exterior,
                        customerSignatureRef: signature,
                        matchesEvidence: request.matchesEvidence,
                        discrepancy: request.matchesEvidence ? nil : discrepancy,
                        checkedInAt: context.now,
                        checkedInBy: context.actor
                    )
                    if let technician { order.technician = technician }
                    if let serial { order.device.serialNumber = serial }
                    if !request.matchesEvidence { order.hold = Hold(kind: .discrepancy, reason: discrepancy!, since: context.now) }
                    return []
                }
            )
        }
    }

    func agreeDiscrepancy(_ input: Operations.AgreeDiscrepancy.Input) async throws -> Operations.AgreeDiscrepancy.Output {
        try await answering { caller in
            let agreement = try FieldChecks.text(input.request.agreement, "agreement", max: 500)
            return .ok(
                try await take(.discrepancyAgreed, on: input.request.repairOrderId, caller) { order, context in
                    order.checkIn?.discrepancyAgreement = agreement
                    order.releaseHold(agreement: agreement, at: context.now)
                    return []
                }
            )
        }
    }

    func assignTechnician(_ input: Operations.AssignTechnician.Input) async throws -> Operations.AssignTechnician.Output {
        try await answering { caller in
            let technician = try FieldChecks.text(input.request.technician, "technician", max: 100)
            return .ok(
                try await amend(on: input.request.repairOrderId, caller, named: "technician_assigned") { order, _ in
                    order.technician = technician
                    return []
                }
            )
        }
    }

    func holdRepair(_ input: Operations.HoldRepair.Input) async throws -> Operations.HoldRepair.Output {
        try await answering { caller in
            let reason = try FieldChecks.text(input.request.reason, "reason", max: 500)
            return .ok(
                try await take(.holdSpecial, on: input.request.repairOrderId, caller) { order, context in
                    order.hold = Hold(kind: .special, reason: reason, since: context.now)
                    return []
                }
            )
        }
    }

    func resumeRepair(_ input: Operations.ResumeRepair.Input) async throws -> Operations.ResumeRepair.Output {
        try await answering { caller in
            let agreement = try FieldChecks.text(input.request.agreement, "agreement", max: 500)
            return .ok(
                try await take(.resumeSpecial, on: input.request.repairOrderId, caller) { order, context in
                    order.releaseHold(agreement: agreement, at: context.now)
                    return []
                }
            )
        }
    }

    func finishRepair(_ input: Operations.FinishRepair.Input) async throws -> Operations.FinishRepair.Output {
        try await answering { caller in
            let work = try FieldChecks.text(input.request.workDone, "workDone", max: 2000)
            return .ok(
                try await take(.finishRepair, on: input.request.repairOrderId, caller) { order, _ in
                    order.workDone = work
                    return []
                }
            )
        }
    }

    func cancelRepairOrder(_ input: Operations.CancelRepairOrder.Input) async throws -> Operations.CancelRepairOrder.Output {
        try await answering { caller in
            let reason = try FieldChecks.text(input.request.reason, "reason", max: 500)
            return .ok(
                try await take(.cancel, on: input.request.repairOrderId, caller) { order, context in
                    order.cancellation = Cancellation(reason: reason, cancelledAt: context.now, cancelledBy: context.actor)
                    order.hold = nil
                    // Whatever Parts holds or awaits for it is no longer needed.
                    return order.quote?.answer?.accepted == true ? [.settle(.unused, reason: reason)] : []
                }
            )
        }
    }
}
