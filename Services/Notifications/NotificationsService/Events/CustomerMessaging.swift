import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// Makes a customer message for a notice (rules.md §2(g)): the case's customer, their language and channel
/// (their preferences, else the tenant's), the template of that notice in that language, the values filled
/// in, and the time it may go — its due time, or the end of the quiet hours it falls in (postponed, never
/// dropped). A notice is made once per cause (the event that asked for it): a redelivered or repeated event
/// makes no second message. Due now, it is sent at once; later, by its timer.
struct CustomerMessaging {
    static let timerKind = "care.message"

    let channels: MessageChannels
    let cases = CareCaseStore()
    let settings = CareSettingsStore()
    let messages = CustomerMessageStore()

    struct Request: Sendable {
        let notice: CustomerNotice
        /// What asked for it (an event id): the message is made once per notice and cause.
        let cause: String
        let caseID: UUID
        let dueAt: Date
        /// A notice that is useless once this passes (a delay before the promise it moves, an appointment's
        /// reminder before the window): quiet hours do not hold it past this instant.
        var notAfter: Date? = nil
        /// The notice's own values (`readyAt`, `amount`, …), by the language they are written in.
        let values: @Sendable (MessageLanguage, TimeZone) -> [String: String]
    }

    /// Makes the message of `request`; nil when it was made before.
    @discardableResult
    func make(_ request: Request, context: EventContext) async throws -> CustomerMessage? {
        let (tenant, connection, logger) = (context.tenant, context.connection, context.logger)
        let careCase = try await cases.find(request.caseID, tenant: tenant, on: connection, logger: logger)
        let care = try await settings.settings(tenant: tenant, on: connection, logger: logger)
        let tenantSettings = try await TenantCalendars.settings(of: tenant, on: connection, logger: logger)?.settings
        let timeZone = TimeZone(identifier: tenantSettings?.timeZone ?? BusinessCalendar.defaultTimeZoneIdentifier) ?? .gmt
        let phone = careCase?.customerPhone.flatMap { $0.isEmpty ? nil : $0 }
        var preferences: ContactPreferences?
        if let phone { preferences = try await settings.preferences(phone: phone, tenant: tenant, on: connection, logger: logger) }
        let language = preferences?.language ?? care.defaultLanguage
        var channel = preferences?.channel ?? .sms
        var recipient = phone
        if channel == .email {
            if let email = preferences?.email { recipient = email } else { channel = .sms }
        }
        let template = try await settings.template(request.notice, language, tenant: tenant, on: connection, logger: logger)
        var values = request.values(language, timeZone)
        values["customerName"] = careCase?.customerName ?? ""
        values["shopName"] = tenantSettings?.name ?? ""
        values["productName"] = careCase?.productName ?? ""
        values["orderNumber"] = careCase?.orderNumber ?? ""
        let quiet = preferences?.quietHours ?? care.quietHours
        // A notice that arrives after its due time goes now — unless now is quiet and it can wait.
        let earliest = max(request.dueAt, context.now)
        var sendAt = quiet.allowed(at: earliest, timeZone: timeZone)
        if let notAfter = request.notAfter, sendAt > notAfter { sendAt = earliest }
        var message = CustomerMessage(
            id: .v7(),
            caseID: request.caseID,
            notice: request.notice,
            cause: request.cause,
            channel: channel,
            recipient: recipient,
            language: language,
            body: template.render(values),
            status: recipient == nil ? .undeliverable : .scheduled,
            dueAt: request.dueAt,
            sendAt: sendAt,
            failure: recipient == nil ? "the case's customer has no contact on record" : nil,
            createdAt: context.now
        )
        guard try await messages.insert(message, tenant: tenant, on: connection, logger: logger) else { return nil }
        guard message.status == .scheduled else {
            logger.warning(
                "customer message undeliverable",
                metadata: ["customer_message.id": "\(message.id.wire)", "notice": "\(request.notice.rawValue)"]
            )
            return message
        }
        if message.sendAt <= context.now {
            message = try await send(message, context: context)
        } else {
            try await context.timers.schedule(
                Self.timerKind,
                subject: EventSubject(kind: "customer_message", id: message.id.wire),
                dueAt: message.sendAt,
                payload: ["customerMessageId": message.id.wire],
                tenant: tenant,
                now: context.now,
                on: connection,
                logger: logger
            )
        }
        return message
    }

    /// Sends a scheduled message through its channel and records it sent.
    func send(_ message: CustomerMessage, context: EventContext) async throws -> CustomerMessage {
        let reference = try await channels.channel(message.channel).send(message)
        try await messages.markSent(
            message.id,
            reference: reference,
            tenant: context.tenant,
            now: context.now,
            on: context.connection,
            logger: context.logger
        )
        context.logger.info(
            "customer message sent",
            metadata: ["customer_message.id": "\(message.id.wire)", "notice": "\(message.notice.rawValue)", "channel": "\(message.channel.rawValue)"]
        )
        var sent = message
        sent.status = .sent
        sent.sentAt = context.now
        sent.providerReference = reference
        return sent
    }

    /// A message's timer: sends it if it is still scheduled.
    static func keep(on handlers: inout TimerHandlers, channels: MessageChannels) {
        let messaging = CustomerMessaging(channels: channels)
        handlers.on(timerKind) { timer, context in
            let payload = try timer.payload(as: [String: String].self)
            guard let id = payload["customerMessageId"].flatMap(UUID.init(uuidString:)),
                let message = try await messaging.messages.find(id, tenant: context.tenant, on: context.connection, logger: context.logger),
                message.status == .scheduled
            else { return }
            _ = try await messaging.send(message, context: context)
        }
    }
}
