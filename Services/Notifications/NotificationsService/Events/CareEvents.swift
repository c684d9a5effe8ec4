import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// What customer care does with the platform's events (rules.md §2(g)): keeps the cases' customers, sends the
/// notices Repairs' and Returns' events ask for — each once per event, in the customer's language —, opens
/// the first follow-up call when a repaired item is handed back, and sends a satisfaction survey when a case
/// is resolved (the item handed back, or the refund paid). A repair without a case (a walk-in) has no
/// customer on record here: nothing is sent for it.
enum CareEvents {
    static func keep(on handlers: inout EventHandlers, channels: MessageChannels) {
        let messaging = CustomerMessaging(channels: channels)
        let cases = CareCaseStore()
        handlers.also(CaseRegistered.self) { event, _, context in
            try await cases.rememberRegistration(event, tenant: context.tenant, on: context.connection, logger: context.logger)
        }
        handlers.also(CaseContactRecorded.self) { event, _, context in
            try await cases.rememberContact(event, tenant: context.tenant, on: context.connection, logger: context.logger)
        }
        handlers.also(RepairDeadlineDue.self) { event, header, context in
            guard let caseID = event.caseID else { return }
            switch event.kind {
            case .pickupNotice:
                let promised = event.promisedBy
                try await messaging.make(
                    .init(notice: .pickupNotice, cause: header.id.wire, caseID: caseID, dueAt: event.dueAt) { _, zone in
                        ["readyAt": MessageFormatting.time(promised, timeZone: zone)]
                    },
                    context: context
                )
            case .delayNotice:
                let (promised, previous) = (event.promisedBy, event.previousPromisedBy)
                try await messaging.make(
                    .init(notice: .delayNotice, cause: header.id.wire, caseID: caseID, dueAt: event.dueAt, notAfter: previous) { _, zone in
                        [
                            "promisedBy": MessageFormatting.time(promised, timeZone: zone),
                            "previousPromisedBy": previous.map { MessageFormatting.time($0, timeZone: zone) } ?? "",
                        ]
                    },
                    context: context
                )
            case .progressCheck: return  // the workshop's task, not the customer's
            }
        }
        handlers.also(RepairAppointmentDue.self) { event, header, context in
            guard let caseID = event.caseID else { return }
            switch event.kind {
            case .reminder:
                let (start, end) = (event.windowStart, event.windowEnd)
                try await messaging.make(
                    .init(notice: .appointmentReminder, cause: header.id.wire, caseID: caseID, dueAt: event.dueAt, notAfter: start) { _, zone in
                        ["windowStart": MessageFormatting.time(start, timeZone: zone), "windowEnd": MessageFormatting.time(end, timeZone: zone)]
                    },
                    context: context
                )
            case .completionAtRisk:
                let agreed = event.agreedCompletion ?? event.windowEnd
                try await messaging.make(
                    .init(notice: .completionAtRisk, cause: header.id.wire, caseID: caseID, dueAt: event.dueAt, notAfter: agreed) { _, zone in
                        ["agreedCompletion": MessageFormatting.time(agreed, timeZone: zone)]
                    },
                    context: context
                )
            case .bayReserved, .arrivalOverdue: return  // the workshop's and the desk's tasks, not the customer's
            }
        }
        handlers.also(RepairOrderChanged.self) { event, header, context in
            guard event.stage == .returnedToCustomer, let caseID = event.caseID else { return }
            try await FollowUps.openFirst(caseID: caseID, repairOrderID: event.repairOrderID, handedOverAt: header.occurredAt, context: context)
            try await Surveys.send(caseID: caseID, merchantID: event.merchantID, at: header.occurredAt, messaging: messaging, context: context)
        }
        handlers.also(RefundPaid.self) { event, header, context in
            let amount = event.amount
            try await messaging.make(
                .init(notice: .refundPaid, cause: header.id.wire, caseID: event.caseID, dueAt: header.occurredAt) { language, _ in
                    ["amount": MessageFormatting.amount(amount, language)]
                },
                context: context
            )
            // A request's refund resolves its case (a compensation or correction does not).
            if event.purpose == .refund {
                try await Surveys.send(
                    caseID: event.caseID,
                    merchantID: event.merchantID,
                    at: header.occurredAt,
                    messaging: messaging,
                    context: context
                )
            }
        }
    }
}

/// Follow-up tasks (T-28, T-29): the first opened at handover, the second when the first call reached the
/// customer; windows from the case's policy, else the tenant's care settings (3–7 and 7–14 days by default).
enum FollowUps {
    static func schedule(caseID: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> FollowUpSchedule {
        if let stamped = try await CareCaseStore().find(caseID, tenant: tenant, on: connection, logger: logger)?.followUp { return stamped }
        return try await CareSettingsStore().settings(tenant: tenant, on: connection, logger: logger).followUp
    }

    static func openFirst(caseID: UUID, repairOrderID: UUID, handedOverAt: Date, context: EventContext) async throws {
        let schedule = try await schedule(caseID: caseID, tenant: context.tenant, on: context.connection, logger: context.logger)
        let window = schedule.first(handedOverAt: handedOverAt)
        let task = FollowUpTask(
            id: .v7(),
            caseID: caseID,
            repairOrderID: repairOrderID,
            sequence: 1,
            opensAt: window.opensAt,
            dueBy: window.dueBy,
            status: .open,
            createdAt: context.now
        )
        if try await FollowUpStore().insert(task, anchor: repairOrderID, tenant: context.tenant, on: context.connection, logger: context.logger) {
            context.logger.info("follow-up task opened", metadata: ["follow_up_task.id": "\(task.id.wire)", "sequence": "1"])
        }
    }
}

/// Satisfaction surveys: one per resolved case, sent through the customer's channel.
enum Surveys {
    static func send(caseID: UUID, merchantID: UUID?, at: Date, messaging: CustomerMessaging, context: EventContext) async throws {
        let careCase = try await CareCaseStore().find(caseID, tenant: context.tenant, on: context.connection, logger: context.logger)
        let survey = SatisfactionSurvey(
            id: .v7(),
            caseID: caseID,
            merchantID: merchantID ?? careCase?.merchantID,
            productCategory: careCase?.productCategory,
            sentAt: at
        )
        guard try await SurveyStore().insert(survey, tenant: context.tenant, on: context.connection, logger: context.logger) else { return }
        let code = survey.id.wire
        try await messaging.make(
            .init(notice: .satisfactionSurvey, cause: "survey:\(code)", caseID: caseID, dueAt: at) { _, _ in ["surveyCode": code] },
            context: context
        )
    }
}
