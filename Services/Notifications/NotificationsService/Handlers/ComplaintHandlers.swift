import Foundation
import Logging
import Models
import NotificationsAPI
import PostgresNIO
import ServiceKit

/// Complaints (rules.md §2(h)): registered from any channel, answered (the first answer settles the 2-hour
/// SLA; a promised next reply time is tracked), closed with the outcome and the customer's satisfaction;
/// read one by one, listed, and reported per period.
extension NotificationsHandlers {
    func registerComplaint(_ input: Operations.RegisterComplaint.Input) async throws -> Operations.RegisterComplaint.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let caseID = checks.optionalUUID(request.caseId, "caseId")
            let name = checks.optionalText(request.customerName, "customerName", max: 100)
            let typedPhone = checks.optionalText(request.customerPhone, "customerPhone", max: 40)
            let phone = typedPhone.flatMap(PhoneNumber.init)
            if typedPhone != nil, phone == nil { checks.fail("customerPhone", "is not a phone number") }
            let category = checks.text(request.category, "category", max: 50)
            let summary = checks.text(request.summary, "summary", max: 2000)
            let owner = checks.optionalText(request.owner, "owner", max: 100)
            checks.choice(request.urgency, "urgency")
            if caseID == nil, request.caseId == nil {
                if name == nil { checks.fail("customerName", "is required without a case") }
                if typedPhone == nil { checks.fail("customerPhone", "is required without a case") }
            }
            try checks.throwIfFailed()
            guard let channel = ComplaintChannel(rawValue: request.channel.rawValue) else { throw ErrorBody.invalidArgument([]) }
            let urgency = request.urgency.flatMap { ComplaintUrgency(rawValue: $0.rawValue) } ?? .normal
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { connection in
                var customer = (name: name, phone: phone?.e164)
                if let caseID {
                    guard let careCase = try await CareCaseStore().find(caseID, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                        // An unknown reference across services (DESIGN §6): the case is not in the read model.
                        throw ErrorBody(
                            code: .failedPrecondition,
                            message: "unknown case",
                            details: [FieldViolation(field: "caseId", reason: "is not a case of the tenant")]
                        )
                    }
                    customer = (name ?? careCase.customerName, customer.phone ?? careCase.customerPhone)
                }
                guard let customerName = customer.name, let customerPhone = customer.phone else {
                    throw ErrorBody.invalidArgument("customerPhone", "is required: the case has no customer on record")
                }
                let complaint = Complaint.received(
                    caseID: caseID,
                    channel: channel,
                    customerName: customerName,
                    customerPhone: customerPhone,
                    category: category,
                    urgency: urgency,
                    summary: summary,
                    owner: owner,
                    by: caller.principal.subject,
                    at: now
                )
                try await ComplaintDesk().register(complaint, tenant: caller.tenant, now: now, on: connection, logger: caller.logger)
                return Components.Schemas.Complaint(complaint, now: now)
            }
            caller.logger.info("complaint registered", metadata: ["complaint.id": "\(answer.complaintId)", "channel": "\(channel.rawValue)"])
            return .ok(answer)
        }
    }

    func respondToComplaint(_ input: Operations.RespondToComplaint.Input) async throws -> Operations.RespondToComplaint.Output {
        try await answering { caller in
            let request = input.request
            let now = environment.clock.now()
            var checks = FieldChecks()
            let id = checks.uuid(request.complaintId, "complaintId")
            let reply = checks.text(request.reply, "reply", max: 2000)
            if let promised = request.promisedReplyAt, promised <= now { checks.fail("promisedReplyAt", "must be after now") }
            try checks.throwIfFailed()
            guard let id else { throw ErrorBody.invalidArgument([]) }
            let answer = try await environment.mutate(caller) { [environment] connection in
                var complaint = try await Self.lockedComplaint(id, cancelling: [.firstResponse, .replyDue], caller: caller, on: connection)
                // The answer's time is when the complaint is held (a timer may have fired meanwhile).
                let now = environment.clock.now()
                try await ComplaintDesk().respond(
                    &complaint,
                    reply: reply,
                    promisedReplyAt: request.promisedReplyAt,
                    by: caller.principal.subject,
                    tenant: caller.tenant,
                    now: now,
                    on: connection,
                    logger: caller.logger
                )
                return Components.Schemas.Complaint(complaint, now: now)
            }
            return .ok(answer)
        }
    }

    func closeComplaint(_ input: Operations.CloseComplaint.Input) async throws -> Operations.CloseComplaint.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let id = checks.uuid(request.complaintId, "complaintId")
            let outcome = checks.text(request.outcome, "outcome", max: 2000)
            try checks.throwIfFailed()
            guard let id else { throw ErrorBody.invalidArgument([]) }
            let answer = try await environment.mutate(caller) { [environment] connection in
                var complaint = try await Self.lockedComplaint(id, cancelling: ComplaintDesk.TimerKind.allCases, caller: caller, on: connection)
                let now = environment.clock.now()
                try await ComplaintDesk().close(
                    &complaint,
                    outcome: outcome,
                    satisfied: request.customerSatisfied,
                    by: caller.principal.subject,
                    tenant: caller.tenant,
                    now: now,
                    on: connection,
                    logger: caller.logger
                )
                return Components.Schemas.Complaint(complaint, now: now)
            }
            caller.logger.info("complaint closed", metadata: ["complaint.id": "\(id.wire)"])
            return .ok(answer)
        }
    }

    func getComplaint(_ input: Operations.GetComplaint.Input) async throws -> Operations.GetComplaint.Output {
        try await answering { caller in
            let id = try FieldChecks.uuid(input.request.complaintId, "complaintId")
            let now = environment.clock.now()
            let found = try await environment.read(caller) { connection in
                try await ComplaintStore().find(id, tenant: caller.tenant, on: connection, logger: caller.logger)
            }
            guard let found else { throw Self.complaintNotFound }
            return .ok(.init(found, now: now))
        }
    }

    func listComplaints(_ input: Operations.ListComplaints.Input) async throws -> Operations.ListComplaints.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let caseID = checks.optionalUUID(request.caseId, "caseId")
            let limit = checks.number(request.limit, "limit", range: 1...200, fallback: 50)
            checks.choice(request.status, "status")
            try checks.throwIfFailed()
            let status = request.status.flatMap { ComplaintStatus(rawValue: $0.rawValue) }
            let now = environment.clock.now()
            let complaints = try await environment.read(caller) { connection in
                try await ComplaintStore().list(
                    status: status,
                    caseID: caseID,
                    limit: limit,
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
            }
            return .ok(.init(complaints: complaints.map { .init($0, now: now) }))
        }
    }

    func getComplaintSlaReport(_ input: Operations.GetComplaintSlaReport.Input) async throws -> Operations.GetComplaintSlaReport.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            checks.choice(request.period, "period")
            try checks.throwIfFailed()
            let period = request.period.flatMap { ["day", "week", "month"].contains($0.rawValue) ? $0.rawValue : nil } ?? "day"
            let now = environment.clock.now()
            let periods = try await environment.read(caller) { connection in
                let calendar = try await TenantCalendars.calendar(of: caller.tenant, on: connection, logger: caller.logger)
                let (from, to) = try Self.reportSpan(request.from, request.to, calendar: calendar)
                return try await ComplaintStore().slaReport(
                    from: from,
                    to: to,
                    period: period,
                    timeZone: calendar.timeZoneIdentifier,
                    now: now,
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
            }
            return .ok(.init(periods: periods.map(Components.Schemas.ComplaintSlaPeriod.init)))
        }
    }

    /// [start of `from`, start of the day after `to`) in the tenant's zone; at most 366 days.
    static func reportSpan(_ fromText: String, _ toText: String, calendar: BusinessCalendar) throws -> (Date, Date) {
        var checks = FieldChecks()
        let from = LocalDate(iso: fromText)
        let to = LocalDate(iso: toText)
        if from == nil { checks.fail("from", "must be a date, YYYY-MM-DD") }
        if to == nil { checks.fail("to", "must be a date, YYYY-MM-DD") }
        if let from, let to {
            if to < from {
                checks.fail("to", "must not be before from")
            } else if from.days(until: to) > 365 {
                checks.fail("to", "must be within 366 days of from")
            }
        }
        try checks.throwIfFailed()
        guard let from, let to else { throw ErrorBody.invalidArgument([]) }
        return (calendar.startOfDay(from), calendar.startOfDay(to.adding(days: 1)))
    }

    static func lockedComplaint(
        _ id: UUID,
        cancelling kinds: [ComplaintDesk.TimerKind],
        caller: TenantCaller,
        on connection: PostgresConnection
    ) async throws -> Complaint {
        guard let complaint = try await ComplaintDesk().locked(id, cancelling: kinds, tenant: caller.tenant, on: connection, logger: caller.logger)
        else { throw complaintNotFound }
        return complaint
    }

    static let complaintNotFound = ErrorBody(
        code: .notFound,
        message: "no such complaint",
        details: [FieldViolation(field: "complaintId", reason: "was not found")]
    )
}
