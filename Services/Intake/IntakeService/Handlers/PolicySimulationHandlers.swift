import Foundation
import IntakeAPI
import Models
import ServiceKit

/// SimulatePolicy: a draft policy tried on the tenant's recent cases before it is put.
extension IntakeHandlers {
    /// The most cases one simulation judges (the newest); the answer's casesEvaluated says how many it did.
    static let maxSimulatedCases = 10_000

    func simulatePolicy(_ input: Operations.SimulatePolicy.Input) async throws -> Operations.SimulatePolicy.Output {
        try await answering { caller in
            let request = input.request
            var violations = request.policy.validate().map { FieldViolation(field: "policy.\($0.field)", reason: $0.reason) }
            if !(1...366).contains(request.days) { violations.append(FieldViolation(field: "days", reason: "must be from 1 to 366")) }
            if !violations.isEmpty { throw ErrorBody.invalidArgument(violations) }
            let since = environment.clock.now().addingTimeInterval(-TimeInterval(request.days) * 86_400)
            let (settings, cases) = try await environment.read(caller) { [tenants, store] connection in
                (
                    try await tenants.find(caller.tenant, on: connection, logger: caller.logger)?.settings,
                    try await store.registered(
                        since: since,
                        limit: Self.maxSimulatedCases,
                        tenant: caller.tenant,
                        on: connection,
                        logger: caller.logger
                    )
                )
            }
            guard let settings else { throw ErrorBody.notProvisioned(caller.tenant) }
            let simulation = PolicySimulation(draft: request.policy, calendar: settings.calendar, cases: cases)
            return .ok(Components.Schemas.PolicySimulation(simulation, days: request.days))
        }
    }
}
