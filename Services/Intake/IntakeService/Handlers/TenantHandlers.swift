import Foundation
import IntakeAPI
import Logging
import Models
import ServiceKit

/// Tenant provisioning, settings and policy (DESIGN §6: Intake owns them).
extension IntakeHandlers {
    static let tenantAccess: AccessTable = [
        "CreateTenant": .mutates([.platformOperator]),
        "GetTenantSettings": .reads([.tenantAdmin, .supervisor]),
        "PutTenantSettings": .mutates([.tenantAdmin]),
        "ListPresets": .reads([.tenantAdmin, .supervisor]),
        "GetPolicy": .reads([.tenantAdmin, .supervisor, .intakeClerk, .csAgent]),
        "PutPolicy": .mutates([.tenantAdmin]),
        "EvaluatePolicy": .reads([.tenantAdmin, .supervisor, .intakeClerk, .csAgent]),
    ]

    func createTenant(_ input: Operations.CreateTenant.Input) async throws -> Operations.CreateTenant.Output {
        try await answeringAcrossTenants { operator_ in
            let request = input.request
            let tenant = TenantID(try FieldChecks.uuid(request.tenantId, "tenantId"))
            let settings = try request.settings.validated(path: "settings")
            let now = environment.clock.now()
            let record = TenantRecord(tenantID: tenant, settingsVersion: 1, settings: settings)
            var preset = PolicyPresets.preset(request.preset)
            preset.version = 1
            let policy = PolicyRecord(version: 1, document: preset, changedBy: operator_.principal.subject, changedAt: now)
            let events = [
                try environment.outbox.entry(
                    TenantSettingsChanged(settingsVersion: 1, settings: settings),
                    subjectID: tenant.uuid.wireText,
                    tenant: tenant,
                    now: now
                ),
                try environment.outbox.entry(
                    PolicyChanged(policyVersion: 1, policyId: preset.policyId, family: preset.family, changedBy: policy.changedBy),
                    subjectID: tenant.uuid.wireText,
                    tenant: tenant,
                    now: now
                ),
            ]
            let caller = operator_.acting(for: tenant)
            let answer = try await environment.mutate(caller) { [tenants] connection in
                guard
                    try await tenants.provision(
                        record,
                        preset: request.preset,
                        policy: policy,
                        announcing: events,
                        now: now,
                        on: connection,
                        logger: caller.logger
                    )
                else { throw ErrorBody.alreadyExists("tenantId", "tenant \(tenant) is already provisioned") }
                return Components.Schemas.TenantSettingsAnswer(record)
            }
            policies.forget(tenant)
            caller.logger.info("tenant provisioned", metadata: ["tenant.id": "\(tenant)", "preset": "\(request.preset.rawValue)"])
            return .ok(answer)
        }
    }

    func getTenantSettings(_ input: Operations.GetTenantSettings.Input) async throws -> Operations.GetTenantSettings.Output {
        try await answering { caller in
            let found = try await environment.read(caller) { [tenants] connection in
                try await tenants.find(caller.tenant, on: connection, logger: caller.logger)
            }
            guard let found else { throw ErrorBody.notProvisioned(caller.tenant) }
            return .ok(Components.Schemas.TenantSettingsAnswer(found))
        }
    }

    func putTenantSettings(_ input: Operations.PutTenantSettings.Input) async throws -> Operations.PutTenantSettings.Output {
        try await answering { caller in
            let settings = try input.request.settings.validated(path: "settings")
            let now = environment.clock.now()
            let outbox = environment.outbox
            let answer = try await environment.mutate(caller) { [tenants] connection in
                guard let current = try await tenants.find(caller.tenant, forUpdate: true, on: connection, logger: caller.logger) else {
                    throw ErrorBody.notProvisioned(caller.tenant)
                }
                let next = TenantRecord(tenantID: caller.tenant, settingsVersion: current.settingsVersion + 1, settings: settings)
                let event = try outbox.entry(
                    TenantSettingsChanged(settingsVersion: next.settingsVersion, settings: settings),
                    subjectID: caller.tenant.uuid.wireText,
                    tenant: caller.tenant,
                    now: now
                )
                try await tenants.update(next, by: caller.principal.subject, announcing: event, now: now, on: connection, logger: caller.logger)
                return Components.Schemas.TenantSettingsAnswer(next)
            }
            policies.forget(caller.tenant)
            return .ok(answer)
        }
    }

    func listPresets(_ input: Operations.ListPresets.Input) async throws -> Operations.ListPresets.Output {
        try await answering { _ in
            .ok(
                .init(
                    presets: PolicyPresets.all.map {
                        Components.Schemas.Preset(
                            family: $0.family,
                            name: $0.name,
                            description: $0.family.summary,
                            rulesSection: $0.family.rulesSection,
                            policy: $0
                        )
                    }
                )
            )
        }
    }

    func getPolicy(_ input: Operations.GetPolicy.Input) async throws -> Operations.GetPolicy.Output {
        try await answering { caller in
            let version = try Self.version(input.request.version)
            return .ok(Components.Schemas.PolicyVersion(try await policy(caller, version: version).record))
        }
    }

    func putPolicy(_ input: Operations.PutPolicy.Input) async throws -> Operations.PutPolicy.Output {
        try await answering { caller in
            // The server numbers versions; the `version` sent is validated as the contract says, not kept.
            let document = input.request.policy
            let violations = document.validate().map { FieldViolation(field: "policy.\($0.field)", reason: $0.reason) }
            if !violations.isEmpty { throw ErrorBody.invalidArgument(violations) }
            let now = environment.clock.now()
            let outbox = environment.outbox
            let subject = caller.principal.subject
            let stored = try await environment.mutate(caller) { [tenants] connection in
                let record = try await tenants.appendPolicy(
                    document,
                    tenant: caller.tenant,
                    by: subject,
                    event: { version in
                        try outbox.entry(
                            PolicyChanged(policyVersion: version, policyId: document.policyId, family: document.family, changedBy: subject),
                            subjectID: caller.tenant.uuid.wireText,
                            tenant: caller.tenant,
                            now: now
                        )
                    },
                    now: now,
                    on: connection,
                    logger: caller.logger
                )
                guard let record else { throw ErrorBody.notProvisioned(caller.tenant) }
                return Components.Schemas.PolicyVersion(record)
            }
            policies.forget(caller.tenant)
            caller.logger.info("policy changed", metadata: ["policy.version": "\(stored.version)"])
            return .ok(stored)
        }
    }

    func evaluatePolicy(_ input: Operations.EvaluatePolicy.Input) async throws -> Operations.EvaluatePolicy.Output {
        try await answering { caller in
            let version = try Self.version(input.request.version)
            let facts = input.request.facts
            var faults: [FieldViolation] = []
            if facts.pricePaid.amountMinor < 0 { faults.append(FieldViolation(field: "facts.pricePaid.amountMinor", reason: "must not be negative")) }
            if !(0...100).contains(facts.repairsOfSameDefect) {
                faults.append(FieldViolation(field: "facts.repairsOfSameDefect", reason: "must be 0…100"))
            }
            if !(0...3650).contains(facts.pausedDays) { faults.append(FieldViolation(field: "facts.pausedDays", reason: "must be 0…3650")) }
            if !faults.isEmpty { throw ErrorBody.invalidArgument(faults) }
            let (record, tenant) = try await policy(caller, version: version)
            if facts.pricePaid.currency != record.document.currency {
                throw ErrorBody.invalidArgument([
                    FieldViolation(field: "facts.pricePaid.currency", reason: "must be \(record.document.currency), the policy's currency")
                ])
            }
            let decision = PolicyEngine.evaluate(
                facts: facts,
                policy: record.document,
                calendar: tenant.settings.calendar,
                now: environment.clock.now()
            )
            return .ok(decision)
        }
    }

    /// The policy record at `version` (current when nil) of the caller's tenant, and the tenant.
    private func policy(_ caller: TenantCaller, version: Int?) async throws -> (record: PolicyRecord, tenant: TenantRecord) {
        let (record, tenant) = try await environment.read(caller) { [tenants] connection in
            (
                try await tenants.policy(caller.tenant, version: version, on: connection, logger: caller.logger),
                try await tenants.find(caller.tenant, on: connection, logger: caller.logger)
            )
        }
        guard let tenant else { throw ErrorBody.notProvisioned(caller.tenant) }
        guard let record else { throw ErrorBody.notFound("policy version \(version ?? 0)") }
        return (record, tenant)
    }

    private static func version(_ value: Int64?) throws(ErrorBody) -> Int? {
        guard let value else { return nil }
        guard (1...1_000_000).contains(value) else {
            throw ErrorBody.invalidArgument([FieldViolation(field: "version", reason: "must be 1…1000000")])
        }
        return Int(value)
    }
}

extension ErrorBody {
    static func notProvisioned(_ tenant: TenantID) -> ErrorBody {
        ErrorBody(
            code: .failedPrecondition,
            message: "tenant \(tenant) is not provisioned (aftersales tenant create)",
            details: [FieldViolation(field: "tenant", reason: "not provisioned")]
        )
    }
}
