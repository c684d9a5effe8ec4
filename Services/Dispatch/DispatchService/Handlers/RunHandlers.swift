import DispatchAPI
import Foundation
import Models
import ServiceKit

/// The morning runs (rules.md §2(b)): a dispatcher builds the day's run for a region and a runner, the
/// runner reports each leg out and delivered, and the run sheet shows what is out, back and overdue.
extension DispatchHandlers {
    func buildDispatchRun(_ input: Operations.BuildDispatchRun.Input) async throws -> Operations.BuildDispatchRun.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let runDate = LocalDate(iso: request.runDate)
            if runDate == nil { checks.fail("runDate", "must be a date, YYYY-MM-DD") }
            let region = checks.text(request.region, "region", max: 50)
            let runner = checks.text(request.runner, "runner", max: 50)
            try checks.throwIfFailed()
            guard let runDate else { throw ErrorBody.internalError() }
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { connection in
                let store = DispatchRunStore()
                // The tenant's day: yesterday's intake goes out this morning; every leg is due by the day's end.
                let calendar = try await TenantCalendars.calendar(of: caller.tenant, on: connection, logger: caller.logger)
                let run = DispatchRun(id: .v7(), runDate: runDate, region: region, runner: runner, createdAt: now, items: [])
                guard
                    try await store.build(
                        run,
                        cutoff: calendar.startOfDay(runDate),
                        dueAt: calendar.startOfDay(runDate.adding(days: 1)),
                        by: caller.principal.subject,
                        tenant: caller.tenant,
                        on: connection,
                        logger: caller.logger
                    )
                else { throw ErrorBody.alreadyExists("runner", "has a run for \(region) on \(runDate) already") }
                guard let built = try await store.find(run.id, tenant: caller.tenant, on: connection, logger: caller.logger), !built.items.isEmpty
                else {
                    throw ErrorBody(code: .failedPrecondition, message: "nothing waits to be carried in \(region) for \(runDate)")
                }
                return Components.Schemas.RunSheet(built, now: now)
            }
            return .ok(answer)
        }
    }

    /// The runner reports a leg: delivered to the merchant starts its response clock (and tells Intake the
    /// case is dispatched); delivered back to the mall closes the merchant's part.
    func recordRunLeg(_ input: Operations.RecordRunLeg.Input) async throws -> Operations.RecordRunLeg.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let runID = checks.uuid(request.runId, "runId")
            let caseID = checks.uuid(request.caseId, "caseId")
            let tracking = checks.optionalText(request.trackingNumber, "trackingNumber", max: 40)
            try checks.throwIfFailed()
            guard let runID, let caseID, let leg = DispatchRun.Leg(rawValue: request.leg.rawValue),
                let next = DispatchRun.LegStatus(rawValue: request.status.rawValue)
            else { throw ErrorBody.internalError() }
            let now = environment.clock.now()
            let defaults = deadlines
            let answer = try await environment.mutate(caller) { [environment] connection in
                let store = DispatchRunStore()
                let writer = HandshakeWriter(environment, caller, connection, now: now)
                guard var run = try await store.find(runID, forUpdate: true, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                    throw ErrorBody.notFound("run \(runID.wire)")
                }
                guard let index = run.items.firstIndex(where: { $0.caseID == caseID && $0.leg == leg }) else {
                    throw ErrorBody.notFound("\(leg.rawValue) leg of case \(caseID.wire) on run \(runID.wire)")
                }
                guard try run.items[index].record(next, trackingNumber: tracking, at: now) else { return Components.Schemas.RunSheet(run, now: now) }
                try await store.saveLeg(run.items[index], of: runID, tenant: caller.tenant, on: connection, logger: caller.logger)
                if next == .delivered,
                    var record = try await writer.cases.lock(caseID, merchant: nil, tenant: caller.tenant, on: connection, logger: caller.logger)
                {
                    // The item moved whatever became of the case meanwhile; the case follows only from the state
                    // the leg was planned for (a case cancelled or reassigned since is left as it is).
                    if leg == .toMerchant, record.status == .awaitingDispatch, record.merchantID == run.items[index].merchantID {
                        try record.delivered(at: now, deadlines: try await writer.deadlines(for: record.merchantID, defaults: defaults))
                        try await writer.save(record)
                        if let fields = record.fields { try await writer.emit(CaseQueuedForMerchant(fields), about: caseID) }
                    } else if leg == .backToMall, record.status == .readyForPickup {
                        try record.returnedToMall()
                        try await writer.save(record)
                    }
                }
                return Components.Schemas.RunSheet(run, now: now)
            }
            return .ok(answer)
        }
    }

    func getRunSheet(_ input: Operations.GetRunSheet.Input) async throws -> Operations.GetRunSheet.Output {
        try await answering { caller in
            let runID = try FieldChecks.uuid(input.request.runId, "runId")
            let found = try await environment.read(caller) { connection in
                try await DispatchRunStore().find(runID, tenant: caller.tenant, on: connection, logger: caller.logger)
            }
            guard let found else { throw ErrorBody.notFound("run \(runID.wire)") }
            return .ok(Components.Schemas.RunSheet(found, now: environment.clock.now()))
        }
    }
}
