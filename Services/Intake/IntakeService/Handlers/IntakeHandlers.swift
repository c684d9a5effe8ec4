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
    let policies = TenantPolicies()
    let lists = CaseListStore()
    let stats = CaseStatsStore()
    let archive = CustomerArchiveStore()

    /// Who may call what (DESIGN §5). Registering a case is front-office work; reading one is open to every
    /// role that handles cases, and to merchants for their own.
    static let access: AccessTable = caseAccess.merging(tenantAccess) { first, _ in first }
        .merging(dashboardAccess) { first, _ in first }.merging(archiveAccess) { first, _ in first }

    /// Everyone who handles cases, and the merchant for its own (the timeline narrowed to what it may see).
    static let caseReaders: Set<Role> = [
        .tenantAdmin, .intakeClerk, .csAgent, .storefront, .supervisor, .dispatcherRunner, .escalationOfficer,
        .technician, .partsClerk, .finance, .followUpAgent, .dashboardReader, .merchant,
    ]

    static let registrars: Set<Role> = [.tenantAdmin, .intakeClerk, .csAgent, .storefront, .supervisor]

    static let caseAccess: AccessTable = [
        "CreateCase": .mutates(registrars),
        "GetCase": .reads(caseReaders),
        "GetCaseTimeline": .reads(caseReaders),
        // Correcting a registration is staff's; the storefront withdraws for its customer.
        "UpdateCase": .mutates(registrars.subtracting([.storefront])),
        "CancelCase": .mutates(registrars),
        "SimulatePolicy": .reads([.tenantAdmin, .supervisor]),
        "FindCases": .reads(caseFinders),
    ]

    func createCase(_ input: Operations.CreateCase.Input) async throws -> Operations.CreateCase.Output {
        try await answering { caller in
            let now = environment.clock.now()
            let draft = CaseRegistration.Draft(input.request)
            // Judged under the cached settings and policy; the statement records the case only if both are
            // still current (one round trip, the answer known before it runs).
            let cached = try await tenantPolicy(caller)
            let record = try registration(draft, under: cached, caller: caller, now: now)
            // The judgement is encoded once and spliced into the event and the recorded answer.
            let judgement = try record.judgement.map { try JSONSplice($0, encoder: WireJSON.encoder) }
            let event = try JSONSplice.$judgement.withValue(judgement) {
                try environment.outbox.entry(CaseRegistered(record), subjectID: record.id.wire, tenant: caller.tenant, now: now)
            }
            let contact = try environment.outbox.entry(CaseContactRecorded(record), subjectID: record.id.wire, tenant: caller.tenant, now: now)
            do {
                // The case with its judgement is the platform's largest answer: encoded once, sent as recorded.
                let registered: () -> Void = {
                    caller.logger.info("case registered", metadata: ["case.id": "\(record.id.wire)", "policy.version": "\(cached.policyVersion)"])
                }
                let answer = try await JSONSplice.$judgement.withValue(judgement) {
                    try await environment.mutateSendingRecorded(
                        caller,
                        answering: Components.Schemas.Case(record),
                        committed: registered
                    ) { [store] connection in
                        let outcome = try await store.insert(
                            record,
                            settingsVersion: cached.settingsVersion,
                            policyVersion: cached.policyVersion,
                            announcing: event,
                            contact: contact,
                            on: connection,
                            logger: caller.logger
                        )
                        if outcome == .staleJudgement { throw StaleJudgement() }
                        try Self.check(outcome, record)
                    }
                }
                return .ok(answer)
            } catch is StaleJudgement {
                // Changed through another replica: judged again under the tenant row's lock, which a change of
                // settings or policy takes too, so this judgement cannot go stale before it commits.
                let answer = try await environment.mutate(caller) { [store, policies] connection in
                    guard let current = try await policies.load(caller.tenant, locking: true, on: connection, logger: caller.logger)
                    else { throw ErrorBody.notProvisioned(caller.tenant) }
                    let record = try registration(draft, under: current, caller: caller, now: now)
                    let event = try environment.outbox.entry(CaseRegistered(record), subjectID: record.id.wire, tenant: caller.tenant, now: now)
                    let contact = try environment.outbox.entry(
                        CaseContactRecorded(record),
                        subjectID: record.id.wire,
                        tenant: caller.tenant,
                        now: now
                    )
                    let outcome = try await store.insert(
                        record,
                        settingsVersion: current.settingsVersion,
                        policyVersion: current.policyVersion,
                        announcing: event,
                        contact: contact,
                        on: connection,
                        logger: caller.logger
                    )
                    try Self.check(outcome, record)
                    return Components.Schemas.Case(record)
                }
                caller.logger.info(
                    "case registered",
                    metadata: ["case.id": "\(answer.caseId)", "policy.version": "\(answer.judgement?.policyVersion ?? 0)"]
                )
                return .ok(answer)
            }
        }
    }

    /// The case as it will be recorded: checked, stamped with who registered it, judged under `tenant`.
    func registration(_ draft: CaseRegistration.Draft, under tenant: TenantPolicy, caller: TenantCaller, now: Date) throws -> AfterSalesCase {
        let registration = try Self.validated(draft, under: tenant, now: now)
        var record = AfterSalesCase(id: .v7(), tenantID: caller.tenant, status: .recorded, registration: registration, createdAt: now)
        record.registeredByRole = Self.registrant(caller.principal.roles)
        record.judgement = registration.judged(by: tenant.policy, calendar: tenant.calendar, at: now)
        return record
    }

    /// Throws the refusal a recording outcome stands for.
    static func check(_ outcome: CaseStore.Recording, _ record: AfterSalesCase) throws {
        switch outcome {
        case .recorded: return
        case .staleJudgement: throw ErrorBody.internalError()
        case .unknownMerchant: throw ErrorBody.unknownMerchant
        case .duplicate(let existing): throw ErrorBody.openCaseExists(record.registration, existing)
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
            return .ok(Components.Schemas.Case(found, forMerchant: caller.merchantScope != nil))
        }
    }

    /// Checks the draft against the tenant's today and its policy's currency.
    static func validated(_ draft: CaseRegistration.Draft, under tenant: TenantPolicy, now: Date) throws(ErrorBody) -> CaseRegistration {
        let today = LocalDate(instant: now, timeZone: tenant.timeZone)
        let registration = try CaseRegistration.validate(draft, today: today, now: now).get()
        if registration.pricePaid.currency != tenant.policy.currency {
            throw ErrorBody.invalidArgument([
                FieldViolation(field: "pricePaid.currency", reason: "must be \(tenant.policy.currency), the policy's currency")
            ])
        }
        return registration
    }

    /// The role a registration is shown under on the timeline: the caller's, the storefront's first (it acts
    /// for the customer), else the first in name order of those CreateCase admits.
    static func registrant(_ roles: Set<Role>) -> Role? {
        if roles.contains(.storefront) { return .storefront }
        return roles.intersection(registrars).min { $0.rawValue < $1.rawValue }
    }

    /// The tenant's settings and current policy, cached; a tenant never provisioned cannot register cases.
    func tenantPolicy(_ caller: TenantCaller) async throws -> TenantPolicy {
        if let cached = policies.cached(caller.tenant) { return cached }
        return try await reloadedPolicy(caller)
    }

    func reloadedPolicy(_ caller: TenantCaller) async throws -> TenantPolicy {
        let loaded = try await environment.read(caller) { [policies] connection in
            try await policies.load(caller.tenant, on: connection, logger: caller.logger)
        }
        guard let loaded else { throw ErrorBody.notProvisioned(caller.tenant) }
        return loaded
    }
}

/// The judgement was made under settings or a policy no longer current.
struct StaleJudgement: Error {}

extension ErrorBody {
    static let unknownMerchant = ErrorBody(
        code: .failedPrecondition,
        message: "merchantId is not a merchant of this tenant (register it with Dispatch, or leave it out for Dispatch to route)",
        details: [FieldViolation(field: "merchantId", reason: "not a merchant of this tenant")]
    )

    static func openCaseExists(_ registration: CaseRegistration, _ existing: UUID?) -> ErrorBody {
        let line = registration.orderLine.map { " line \($0)" } ?? ""
        let which = existing.map { "case \($0.wire)" } ?? "another case"
        return .alreadyExists("orderLine", "order \(registration.orderNumber)\(line) has an open case: \(which)")
    }
}
