import Foundation
import Logging
import Models
import NotificationsAPI
import ServiceKit

/// Customer care's settings, templates, contact preferences and the messages made. Customer care is the
/// tenant's own work: no merchant caller is admitted.
extension NotificationsHandlers {
    static let careStaff: Set<Role> = [.tenantAdmin, .supervisor, .csAgent, .followUpAgent]

    /// Customer care's operations are staff's: a storefront token acts for one customer, and these read or set
    /// any customer's contact and complaints (a customer's own preferences and complaints would need that
    /// scoping); dashboards read the SLA report and survey results, not complainants' details.
    static let careAccess: AccessTable = [
        "PutCareSettings": .mutates([.tenantAdmin, .supervisor]),
        "GetCareSettings": .reads(careStaff),
        "PutMessageTemplate": .mutates([.tenantAdmin, .supervisor]),
        "ListMessageTemplates": .reads(careStaff),
        "PutContactPreferences": .mutates(careStaff),
        "ListCustomerMessages": .reads(careStaff),
        "ListFollowUpTasks": .reads(careStaff),
        "AssignFollowUpTask": .mutates([.tenantAdmin, .supervisor]),
        "LogFollowUpCall": .mutates([.followUpAgent, .supervisor, .csAgent]),
        "RegisterComplaint": .mutates(careStaff.union([.intakeClerk])),
        "RespondToComplaint": .mutates(careStaff),
        "CloseComplaint": .mutates(careStaff),
        "GetComplaint": .reads(careStaff),
        "ListComplaints": .reads(careStaff),
        "GetComplaintSlaReport": .reads([.tenantAdmin, .supervisor, .dashboardReader]),
        "RecordSurveyResponse": .mutates([.storefront, .csAgent, .followUpAgent]),
        "GetSurveyResults": .reads([.tenantAdmin, .supervisor, .dashboardReader]),
    ]

    func putCareSettings(_ input: Operations.PutCareSettings.Input) async throws -> Operations.PutCareSettings.Output {
        try await answering { caller in
            let request = input.request
            let violations = request.quietHours.violations(path: "quietHours") + request.followUp.violations(path: "followUp")
            guard violations.isEmpty else { throw ErrorBody.invalidArgument(violations) }
            let now = environment.clock.now()
            let settings = CareSettings(
                quietHours: request.quietHours,
                followUp: request.followUp,
                defaultLanguage: request.defaultLanguage,
                updatedAt: now
            )
            let answer = try await environment.mutate(caller, answering: Components.Schemas.CareSettings(settings)) { connection in
                try await CareSettingsStore().put(settings, tenant: caller.tenant, now: now, on: connection, logger: caller.logger)
            }
            caller.logger.info("care settings changed")
            return .ok(answer)
        }
    }

    func getCareSettings(_ input: Operations.GetCareSettings.Input) async throws -> Operations.GetCareSettings.Output {
        try await answering { caller in
            let settings = try await environment.read(caller) { connection in
                try await CareSettingsStore().settings(tenant: caller.tenant, on: connection, logger: caller.logger)
            }
            return .ok(.init(settings))
        }
    }

    func putMessageTemplate(_ input: Operations.PutMessageTemplate.Input) async throws -> Operations.PutMessageTemplate.Output {
        try await answering { caller in
            let request = input.request
            let template = try MessageTemplate.checked(request.notice, request.language, body: request.body).get()
            let now = environment.clock.now()
            let answer = Components.Schemas.MessageTemplate(template, tenantSince: now)
            let saved = try await environment.mutate(caller, answering: answer) { connection in
                try await CareSettingsStore().putTemplate(
                    template,
                    by: caller.principal.subject,
                    tenant: caller.tenant,
                    now: now,
                    on: connection,
                    logger: caller.logger
                )
            }
            caller.logger.info(
                "message template saved",
                metadata: ["notice": "\(template.notice.rawValue)", "language": "\(template.language.rawValue)"]
            )
            return .ok(saved)
        }
    }

    func listMessageTemplates(_ input: Operations.ListMessageTemplates.Input) async throws -> Operations.ListMessageTemplates.Output {
        try await answering { caller in
            let own = try await environment.read(caller) { connection in
                try await CareSettingsStore().templates(tenant: caller.tenant, on: connection, logger: caller.logger)
            }
            var templates: [Components.Schemas.MessageTemplate] = []
            for notice in CustomerNotice.allCases {
                for language in MessageLanguage.allCases {
                    if let (template, since) = own.first(where: { $0.0.notice == notice && $0.0.language == language }) {
                        templates.append(.init(template, tenantSince: since))
                    } else {
                        templates.append(.init(.standard(notice, language), tenantSince: nil))
                    }
                }
            }
            return .ok(.init(templates: templates))
        }
    }

    func putContactPreferences(_ input: Operations.PutContactPreferences.Input) async throws -> Operations.PutContactPreferences.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let phone = PhoneNumber(request.phone)
            if phone == nil { checks.fail("phone", "is not a phone number") }
            let email = checks.optionalText(request.email, "email", max: 254)
            if let email, !Self.looksLikeEmail(email) { checks.fail("email", "is not an e-mail address") }
            if request.channel == .email, email == nil { checks.fail("email", "is required for the email channel") }
            let quiet = request.quietHours.map { QuietHours(start: $0.start, end: $0.end) }
            for violation in quiet?.violations(path: "quietHours") ?? [] { checks.fail(violation.field, violation.reason) }
            try checks.throwIfFailed()
            guard let phone else { throw ErrorBody.invalidArgument([]) }
            let preferences = ContactPreferences(
                phone: phone.e164,
                language: request.language,
                channel: request.channel,
                email: email,
                quietHours: quiet,
                updatedAt: environment.clock.now()
            )
            let answer = try await environment.mutate(caller, answering: Components.Schemas.ContactPreferences(preferences)) { connection in
                try await CareSettingsStore().putPreferences(preferences, tenant: caller.tenant, on: connection, logger: caller.logger)
            }
            caller.logger.info("contact preferences recorded", metadata: ["phone": "\(phone.masked)"])
            return .ok(answer)
        }
    }

    /// Something@something, no spaces: enough to catch a mistyped field (delivery is the provider's check).
    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && !text.contains(where: \.isWhitespace)
    }

    func listCustomerMessages(_ input: Operations.ListCustomerMessages.Input) async throws -> Operations.ListCustomerMessages.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let caseID = checks.optionalUUID(request.caseId, "caseId")
            let limit = checks.number(request.limit, "limit", range: 1...200, fallback: 50)
            checks.choice(request.status, "status")
            try checks.throwIfFailed()
            let status = request.status.flatMap { CustomerMessageStatus(rawValue: $0.rawValue) }
            let messages = try await environment.read(caller) { connection in
                try await CustomerMessageStore().list(
                    caseID: caseID,
                    status: status,
                    limit: limit,
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
            }
            return .ok(.init(customerMessages: messages.map(Components.Schemas.CustomerMessage.init)))
        }
    }
}
