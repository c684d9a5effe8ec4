import DispatchAPI
import Foundation
import Models
import ServiceKit

/// The dispatcher's task list and the escalation desk (rules.md §2(b) steps 3–4, §2(c) E1/E2).
extension DispatchHandlers {
    func listDispatcherTasks(_ input: Operations.ListDispatcherTasks.Input) async throws -> Operations.ListDispatcherTasks.Output {
        try await answering { caller in
            let request = input.request
            let includeDone = request.includeDone ?? false
            let binding = PageBinding(
                operation: "ListDispatcherTasks",
                tenant: caller.tenant,
                merchantScope: caller.merchantScope,
                filter: "kind=\(request.kind?.rawValue ?? "")\u{1F}done=\(includeDone)"
            )
            let page = try environment.pageTokens.request(pageSize: request.pageSize, pageToken: request.pageToken, binding: binding).get()
            let fetched = try await environment.read(caller) { connection in
                try await DispatcherTaskStore().list(
                    tenant: caller.tenant,
                    kind: request.kind,
                    includeDone: includeDone,
                    after: page.after,
                    limit: page.size + 1,
                    on: connection,
                    logger: caller.logger
                )
            }
            let result = environment.pageTokens.page(fetched: fetched, request: page, binding: binding, id: \.id)
            return .ok(.init(tasks: result.rows.map(Components.Schemas.DispatcherTask.init), nextPageToken: result.nextPageToken))
        }
    }

    /// The dispatcher records the call; a consultation done sends the case back to its merchant to propose.
    func completeDispatcherTask(_ input: Operations.CompleteDispatcherTask.Input) async throws -> Operations.CompleteDispatcherTask.Output {
        try await answering { caller in
            var checks = FieldChecks()
            let taskID = checks.uuid(input.request.taskId, "taskId")
            let outcome = checks.text(input.request.outcome, "outcome", max: 1000)
            try checks.throwIfFailed()
            guard let taskID else { throw ErrorBody.internalError() }
            let now = environment.clock.now()
            let defaults = deadlines
            let answer = try await environment.mutate(caller) { [environment] connection in
                let writer = HandshakeWriter(environment, caller, connection, now: now)
                let tasks = DispatcherTaskStore()
                guard var task = try await tasks.lock(taskID, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                    throw ErrorBody.notFound("task \(taskID.wire)")
                }
                try task.complete(outcome: outcome, by: caller.principal.subject, at: now)
                try await tasks.complete(task, tenant: caller.tenant, on: connection, logger: caller.logger)
                if task.kind == .callCustomer,
                    var record = try await writer.cases.lock(
                        task.caseID,
                        merchant: nil,
                        tenant: caller.tenant,
                        on: connection,
                        logger: caller.logger
                    ),
                    record.status == .customerConsultation
                {
                    try record.consulted(at: now, deadlines: try await writer.deadlines(for: record.merchantID, defaults: defaults))
                    try await writer.save(record)
                }
                return Components.Schemas.DispatcherTask(task)
            }
            return .ok(answer)
        }
    }

    func escalateCase(_ input: Operations.EscalateCase.Input) async throws -> Operations.EscalateCase.Output {
        try await answering { caller in
            var checks = FieldChecks()
            let caseID = checks.uuid(input.request.caseId, "caseId")
            let reason = checks.text(input.request.reason, "reason", max: 500)
            try checks.throwIfFailed()
            guard let caseID else { throw ErrorBody.internalError() }
            let now = environment.clock.now()
            let defaults = deadlines
            let answer = try await environment.mutate(caller) { [environment] connection in
                let writer = HandshakeWriter(environment, caller, connection, now: now)
                guard var record = try await writer.cases.lock(caseID, merchant: nil, tenant: caller.tenant, on: connection, logger: caller.logger)
                else {
                    throw ErrorBody.notFound("case \(caseID.wire)")
                }
                try record.escalate()
                try await writer.save(record)
                let escalation: Escalation
                if input.request.deadOnArrival == true {
                    // E10/T-39: the customer sends the item back the same day — by the end of the tenant's day.
                    let calendar = try await TenantCalendars.calendar(of: caller.tenant, on: connection, logger: caller.logger)
                    let endOfDay = calendar.startOfDay(calendar.localDate(of: now).adding(days: 1))
                    escalation = try await writer.openEscalation(record, reason: reason, trigger: .deadOnArrival, due: endOfDay)
                } else {
                    escalation = try await writer.openEscalation(record, reason: reason, trigger: .onDemand, hours: defaults.escalationHours)
                }
                return Components.Schemas.Escalation(escalation, now: now)
            }
            return .ok(answer)
        }
    }

    func listEscalations(_ input: Operations.ListEscalations.Input) async throws -> Operations.ListEscalations.Output {
        try await answering { caller in
            let request = input.request
            let binding = PageBinding(
                operation: "ListEscalations",
                tenant: caller.tenant,
                merchantScope: caller.merchantScope,
                filter: "status=\(request.status?.rawValue ?? "")"
            )
            let page = try environment.pageTokens.request(pageSize: request.pageSize, pageToken: request.pageToken, binding: binding).get()
            let fetched = try await environment.read(caller) { connection in
                try await EscalationStore().list(
                    tenant: caller.tenant,
                    status: request.status,
                    after: page.after,
                    limit: page.size + 1,
                    on: connection,
                    logger: caller.logger
                )
            }
            let now = environment.clock.now()
            let result = environment.pageTokens.page(fetched: fetched, request: page, binding: binding, id: \.id)
            return .ok(.init(escalations: result.rows.map { Components.Schemas.Escalation($0, now: now) }, nextPageToken: result.nextPageToken))
        }
    }

    func recordEscalationContact(_ input: Operations.RecordEscalationContact.Input) async throws -> Operations.RecordEscalationContact.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let id = checks.uuid(request.escalationId, "escalationId")
            let note = checks.text(request.note, "note", max: 1000)
            try checks.throwIfFailed()
            guard let id, let party = Escalation.Party(rawValue: request.party.rawValue),
                let channel = Escalation.Channel(rawValue: request.channel.rawValue)
            else { throw ErrorBody.internalError() }
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { connection in
                let store = EscalationStore()
                guard var escalation = try await store.lock(id, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                    throw ErrorBody.notFound("escalation \(id.wire)")
                }
                try escalation.mustBeOpen()
                let contact = Escalation.Contact(party: party, channel: channel, note: note, at: now, recordedBy: caller.principal.subject)
                try await store.addContact(contact, to: id, tenant: caller.tenant, on: connection, logger: caller.logger)
                escalation.contacts.append(contact)
                return Components.Schemas.Escalation(escalation, now: now)
            }
            return .ok(answer)
        }
    }

    /// The escalation officer decides: a resolution agreed at the desk, or the case returned to its merchant.
    func closeEscalation(_ input: Operations.CloseEscalation.Input) async throws -> Operations.CloseEscalation.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let id = checks.uuid(request.escalationId, "escalationId")
            let note = checks.text(request.note, "note", max: 1000)
            try checks.throwIfFailed()
            guard let id, let outcome = Escalation.Outcome(rawValue: request.outcome.rawValue) else { throw ErrorBody.internalError() }
            let now = environment.clock.now()
            let defaults = deadlines
            let answer = try await environment.mutate(caller) { [environment] connection in
                let writer = HandshakeWriter(environment, caller, connection, now: now)
                let store = EscalationStore()
                guard var escalation = try await store.lock(id, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                    throw ErrorBody.notFound("escalation \(id.wire)")
                }
                try escalation.close(outcome, resolution: request.resolution, carriedOutBy: request.carriedOutBy, note: note, at: now)
                guard
                    var record = try await writer.cases.lock(
                        escalation.caseID,
                        merchant: nil,
                        tenant: caller.tenant,
                        on: connection,
                        logger: caller.logger
                    )
                else { throw ErrorBody.notFound("case \(escalation.caseID.wire)") }
                let deadlines = try await writer.deadlines(for: record.merchantID, defaults: defaults)
                switch outcome {
                case .resolutionAgreed:
                    guard let resolution = escalation.resolution, let carrier = escalation.carriedOutBy, record.merchantID != nil, !record.isClosed,
                        record.status != .resolutionAgreed
                    else {
                        throw record.refusal("no resolution can be agreed")
                    }
                    record.agree(resolution, by: carrier, at: now, deadlines: deadlines)
                    try await writer.save(record)
                    try await writer.agreed(record)
                case .returnedToMerchant:
                    let merchant = try await MerchantStore().find(
                        record.merchantID ?? UUID(),
                        tenant: caller.tenant,
                        on: connection,
                        logger: caller.logger
                    )
                    guard merchant?.status == .active else {
                        throw record.refusal("its merchant is suspended: agree a resolution, or cancel the case")
                    }
                    try record.returnToMerchant(at: now, deadlines: deadlines)
                    try await writer.save(record)
                case .withdrawn:
                    break  // refused by close(): only a cancellation sets it
                }
                try await store.close(escalation, by: caller.principal.subject, tenant: caller.tenant, on: connection, logger: caller.logger)
                try await environment.timers.cancel(
                    HandshakeWriter.escalationKind,
                    subject: EventSubject(kind: "escalation", id: id.wire),
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
                return Components.Schemas.Escalation(escalation, now: now)
            }
            return .ok(answer)
        }
    }
}
