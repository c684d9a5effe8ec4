import Foundation
import IntakeAPI
import Logging
import Models
import ServiceKit

/// Intake's operations: contract in, workflow, store, contract out.
struct IntakeHandlers: APIProtocol {
    let environment: ServiceEnvironment
    let store = CaseStore()
    let tenants = TenantStore()
    let tenantZones = TenantZones()

    /// Who may call what (DESIGN §5). Registering a case is front-office work; reading one is open to every
    /// role that handles cases, and to merchants for their own.
    static let access: AccessTable = caseAccess.merging(tenantAccess) { first, _ in first }

    /// Everyone who handles cases, and the merchant for its own (the timeline narrowed to what it may see).
    static let caseReaders: Set<Role> = [
        .tenantAdmin, .intakeClerk, .csAgent, .storefront, .supervisor, .dispatcherRunner, .escalationOfficer,
        .technician, .partsClerk, .finance, .followUpAgent, .dashboardReader, .merchant,
    ]

    static let caseAccess: AccessTable = [
        "CreateCase": .mutates([.tenantAdmin, .intakeClerk, .csAgent, .storefront, .supervisor]),
        "GetCase": .reads(caseReaders),
        "GetCaseTimeline": .reads(caseReaders),
    ]

    func createCase(_ input: Operations.CreateCase.Input) async throws -> Operations.CreateCase.Output {
        try await answering { caller in
            let now = environment.clock.now()
            let registration = try CaseRegistration.validate(
                CaseRegistration.Draft(input.request),
                today: LocalDate(instant: now, timeZone: try await timeZone(of: caller))
            ).get()
            var registered = AfterSalesCase(id: .v7(), tenantID: caller.tenant, status: .recorded, registration: registration, createdAt: now)
            registered.registeredByRole = Self.registrant(caller.principal.roles)
            let record = registered
            // The event commits with the case, or neither does (transactional outbox): one statement.
            let event = try environment.outbox.entry(CaseRegistered(record), subjectID: record.id.wire, tenant: caller.tenant, now: now)
            let answer = try await environment.mutate(caller, answering: Components.Schemas.Case(record)) { [store] connection in
                try await store.insert(record, announcing: event, on: connection, logger: caller.logger)
            }
            caller.logger.info("case registered", metadata: ["case.id": "\(record.id.wire)"])
            return .ok(answer)
        }
    }

    func getCase(_ input: Operations.GetCase.Input) async throws -> Operations.GetCase.Output {
        try await answering { caller in
            let id = try FieldChecks.uuid(input.request.caseId, "caseId")
            let found = try await environment.read(caller) { [store] connection in
                try await store.find(id, tenant: caller.tenant, merchant: caller.merchantScope, on: connection, logger: caller.logger)
            }
            // Another tenant's or another merchant's case is simply not found: existence is never revealed.
            guard let found else { throw ErrorBody.notFound("case \(id.wire)") }
            return .ok(Components.Schemas.Case(found))
        }
    }

    /// The role a registration is shown under on the timeline: the caller's, the storefront's first (it acts
    /// for the customer), else the first in name order of those CreateCase admits.
    static func registrant(_ roles: Set<Role>) -> Role? {
        if roles.contains(.storefront) { return .storefront }
        return roles.intersection(caseAccess["CreateCase"]?.admits ?? []).min { $0.rawValue < $1.rawValue }
    }

    /// The tenant's zone from its settings; the deployment's default for a tenant never provisioned.
    func timeZone(of caller: TenantCaller) async throws -> TimeZone {
        let zone: String?
        if let cached = tenantZones.cached(caller.tenant) {
            zone = cached
        } else {
            zone = try await environment.read(caller) { [tenants] connection in
                try await tenants.find(caller.tenant, on: connection, logger: caller.logger)?.settings.timeZone
            }
            tenantZones.remember(caller.tenant, zone: zone)
        }
        return zone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: environment.settings.string(CommonSettings.timeZone))
            ?? TimeZone(identifier: BusinessCalendar.defaultTimeZoneIdentifier)!
    }
}
