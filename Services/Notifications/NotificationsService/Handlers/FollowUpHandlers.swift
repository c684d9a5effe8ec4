import Foundation
import Logging
import Models
import NotificationsAPI
import PostgresNIO
import ServiceKit

/// Follow-up calls (rules.md §2(g), T-28, T-29, FU-07): the agents' worklist by due time, assignment, and the
/// call log — a first call that reached the customer opens the second; a complaint raised in a call is
/// registered with its timers.
extension NotificationsHandlers {
    func listFollowUpTasks(_ input: Operations.ListFollowUpTasks.Input) async throws -> Operations.ListFollowUpTasks.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let assignee = checks.optionalText(request.assignee, "assignee", max: 100)
            let limit = checks.number(request.limit, "limit", range: 1...200, fallback: 50)
            checks.choice(request.status, "status")
            try checks.throwIfFailed()
            let status = request.status.flatMap { FollowUpTaskStatus(rawValue: $0.rawValue) } ?? .open
            let now = environment.clock.now()
            let tasks = try await environment.read(caller) { connection in
                try await FollowUpStore().list(
                    status: status,
                    dueOnly: request.dueOnly ?? false,
                    overdueOnly: request.overdueOnly ?? false,
                    assignee: assignee,
                    now: now,
                    limit: limit,
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
            }
            return .ok(.init(followUpTasks: tasks.map { .init($0, now: now) }))
        }
    }

    func assignFollowUpTask(_ input: Operations.AssignFollowUpTask.Input) async throws -> Operations.AssignFollowUpTask.Output {
        try await answering { caller in
            var checks = FieldChecks()
            let id = checks.uuid(input.request.followUpTaskId, "followUpTaskId")
            let assignee = checks.text(input.request.assignee, "assignee", max: 100)
            try checks.throwIfFailed()
            guard let id else { throw ErrorBody.invalidArgument([]) }
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { connection in
                let store = FollowUpStore()
                guard var task = try await store.find(id, tenant: caller.tenant, forUpdate: true, on: connection, logger: caller.logger) else {
                    throw Self.taskNotFound
                }
                guard task.status == .open else { throw Self.taskDone }
                try await store.assign(id, to: assignee, tenant: caller.tenant, on: connection, logger: caller.logger)
                task.assignee = assignee
                return Components.Schemas.FollowUpTask(task, now: now)
            }
            return .ok(answer)
        }
    }

    func logFollowUpCall(_ input: Operations.LogFollowUpCall.Input) async throws -> Operations.LogFollowUpCall.Output {
        try await answering { caller in
            let request = input.request
            let now = environment.clock.now()
            var checks = FieldChecks()
            let id = checks.uuid(request.followUpTaskId, "followUpTaskId")
            let notes = checks.optionalText(request.notes, "notes", max: 2000)
            let raised = request.complaint
            let category = raised.map { checks.text($0.category, "complaint.category", max: 50) }
            let summary = raised.map { checks.text($0.summary, "complaint.summary", max: 2000) }
            if let next = request.nextContactAt, next <= now { checks.fail("nextContactAt", "must be after now") }
            checks.choice(raised?.urgency, "complaint.urgency")
            try checks.throwIfFailed()
            guard let id, let outcome = FollowUpOutcome(rawValue: request.outcome.rawValue) else { throw ErrorBody.invalidArgument([]) }
            let agent = caller.principal.subject
            let answer = try await environment.mutate(caller) { connection in
                let store = FollowUpStore()
                guard var task = try await store.find(id, tenant: caller.tenant, forUpdate: true, on: connection, logger: caller.logger) else {
                    throw Self.taskNotFound
                }
                guard task.status == .open else { throw Self.taskDone }
                // T-28: the call that counts is made in its window (an earlier one is logged as not reached).
                if outcome == .reached, now < task.opensAt {
                    throw ErrorBody(
                        code: .failedPrecondition,
                        message: "the call's window opens at \(RFC3339.string(task.opensAt))",
                        details: [FieldViolation(field: "followUpTaskId", reason: "is not due yet")]
                    )
                }
                var complaint: Complaint?
                if let category, let summary {
                    let careCase = try await CareCaseStore().find(task.caseID, tenant: caller.tenant, on: connection, logger: caller.logger)
                    guard let name = careCase?.customerName, let phone = careCase?.customerPhone else {
                        throw ErrorBody(
                            code: .failedPrecondition,
                            message: "the case has no customer on record: register the complaint with RegisterComplaint",
                            details: [FieldViolation(field: "complaint", reason: "the case has no customer on record")]
                        )
                    }
                    let registered = Complaint.received(
                        caseID: task.caseID,
                        channel: .followUpCall,
                        customerName: name,
                        customerPhone: phone,
                        category: category,
                        urgency: raised?.urgency.flatMap { ComplaintUrgency(rawValue: $0.rawValue) } ?? .normal,
                        summary: summary,
                        owner: agent,
                        by: agent,
                        at: now
                    )
                    try await ComplaintDesk().register(registered, tenant: caller.tenant, now: now, on: connection, logger: caller.logger)
                    complaint = registered
                }
                let call = FollowUpCall(
                    id: .v7(),
                    taskID: id,
                    calledAt: now,
                    agent: agent,
                    outcome: outcome,
                    notes: notes,
                    complaintID: complaint?.id,
                    nextContactAt: request.nextContactAt
                )
                try await store.log(call, tenant: caller.tenant, on: connection, logger: caller.logger)
                var next: FollowUpTask?
                if outcome == .reached {
                    try await store.markDone(id, at: now, tenant: caller.tenant, on: connection, logger: caller.logger)
                    task.status = .done
                    task.doneAt = now
                    if task.sequence == 1 {
                        next = try await Self.openSecond(after: task, at: now, caller: caller, on: connection)
                    }
                }
                return Components.Schemas.LogFollowUpCallResponse(
                    call: .init(call),
                    followUpTask: .init(task, now: now),
                    nextFollowUpTask: next.map { .init($0, now: now) },
                    complaint: complaint.map { .init($0, now: now) }
                )
            }
            caller.logger.info("follow-up call logged", metadata: ["follow_up_task.id": "\(id.wire)", "outcome": "\(outcome.rawValue)"])
            return .ok(answer)
        }
    }

    /// The second call's task (T-29), its window from the first call.
    static func openSecond(
        after first: FollowUpTask,
        at now: Date,
        caller: TenantCaller,
        on connection: PostgresConnection
    ) async throws -> FollowUpTask? {
        let schedule = try await FollowUps.schedule(caseID: first.caseID, tenant: caller.tenant, on: connection, logger: caller.logger)
        let window = schedule.second(firstCallAt: now)
        let store = FollowUpStore()
        let anchor = try await store.anchor(of: first.id, tenant: caller.tenant, on: connection, logger: caller.logger) ?? first.caseID
        let second = FollowUpTask(
            id: .v7(),
            caseID: first.caseID,
            repairOrderID: first.repairOrderID,
            sequence: 2,
            opensAt: window.opensAt,
            dueBy: window.dueBy,
            status: .open,
            assignee: first.assignee,
            createdAt: now
        )
        guard try await store.insert(second, anchor: anchor, tenant: caller.tenant, on: connection, logger: caller.logger) else { return nil }
        return second
    }

    static let taskNotFound = ErrorBody(
        code: .notFound,
        message: "no such follow-up task",
        details: [FieldViolation(field: "followUpTaskId", reason: "was not found")]
    )
    static let taskDone = ErrorBody(
        code: .failedPrecondition,
        message: "the follow-up task is done",
        details: [FieldViolation(field: "followUpTaskId", reason: "is done")]
    )
}
