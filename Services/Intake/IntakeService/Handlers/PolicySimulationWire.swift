import IntakeAPI
import Models
import ServiceKit

/// A simulation as the contract shows it.
extension Components.Schemas.PolicySimulation {
    init(_ simulation: PolicySimulation, days: Int64) {
        self.init(
            days: days,
            casesEvaluated: Int64(simulation.casesEvaluated),
            casesSkipped: Int64(simulation.casesSkipped),
            decisionsChanged: Int64(simulation.decisionsChanged),
            changes: simulation.changes.map {
                .init(from: .init(rawValue: $0.from.rawValue)!, to: .init(rawValue: $0.to.rawValue)!, count: Int64($0.count))
            },
            refundBefore: simulation.refundBefore,
            refundAfter: simulation.refundAfter,
            deductionBefore: simulation.deductionBefore,
            deductionAfter: simulation.deductionAfter,
            examples: simulation.examples.map {
                .init(
                    caseId: $0.caseID.wire,
                    from: .init(rawValue: $0.from.rawValue)!,
                    to: .init(rawValue: $0.to.rawValue)!,
                    refundBefore: $0.refundBefore,
                    refundAfter: $0.refundAfter
                )
            }
        )
    }
}
