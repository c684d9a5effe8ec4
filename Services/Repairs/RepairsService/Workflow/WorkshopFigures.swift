public import Foundation
import Models

/// The workshop's figures over orders handed back (rules.md §2(e), §2(i) T-43 reports), pure: per category
/// and technician the orders, the average turnaround from check-in to handover and the first-time fixes; and
/// each case's repair cost.
public enum WorkshopFigures {
    public struct Group: Sendable, Equatable {
        public var key: String
        public var handedOver = 0
        public var turnaroundMinutes = 0
        public var firstTimeFixes = 0

        public var averageTurnaroundMinutes: Int { handedOver == 0 ? 0 : turnaroundMinutes / handedOver }
        /// First-time fixes per 10,000 handed over, rounded down.
        public var firstTimeFixRateBasisPoints: Int { handedOver == 0 ? 0 : firstTimeFixes * 10_000 / handedOver }
    }

    /// A case's repairs at their value — whoever pays — and what the customer paid.
    public struct CaseCost: Sendable, Equatable {
        public var caseID: UUID
        public var orders = 0
        public var labour: Int64 = 0
        public var parts: Int64 = 0
        public var other: Int64 = 0
        public var payable: Int64 = 0
        public var currency: String

        public var total: Int64 { labour + parts + other }
    }

    /// A handed-back order: fixed the first time when it passed quality control at the first round and the
    /// item did not come back with the same fault.
    public static func isFirstTimeFix(_ order: RepairOrder, cameBack: Bool) -> Bool {
        !cameBack && order.qualityChecks.first?.passed == true
    }

    /// The figures of `orders` (handed back; `cameBack` per order id), groups sorted by key, costs by case.
    public static func compute(_ orders: [RepairOrder], cameBack: Set<UUID>) -> (byCategory: [Group], byTechnician: [Group], costs: [CaseCost]) {
        var categories: [String: Group] = [:]
        var technicians: [String: Group] = [:]
        var costs: [UUID: CaseCost] = [:]
        for order in orders {
            guard let handover = order.handover else { continue }
            let received = order.checkIn?.checkedInAt ?? order.createdAt
            let minutes = max(0, Int(handover.handedOverAt.timeIntervalSince(received) / 60))
            let fixed = isFirstTimeFix(order, cameBack: cameBack.contains(order.id))
            add(&categories, order.category, minutes: minutes, fixed: fixed)
            add(&technicians, order.technician ?? "unassigned", minutes: minutes, fixed: fixed)
            if let caseID = order.caseID {
                var cost = costs[caseID] ?? CaseCost(caseID: caseID, currency: order.quote?.total.currency ?? "CNY")
                cost.orders += 1
                for line in order.agreedLines {
                    switch line.work {
                    case .labour: cost.labour += line.value
                    case .part: cost.parts += line.value
                    default: cost.other += line.value
                    }
                }
                cost.payable += order.settlement?.payable.amountMinor ?? 0
                costs[caseID] = cost
            }
        }
        return (
            categories.values.sorted { $0.key < $1.key },
            technicians.values.sorted { $0.key < $1.key },
            costs.values.sorted { $0.caseID.uuidString < $1.caseID.uuidString }
        )
    }

    private static func add(_ groups: inout [String: Group], _ key: String, minutes: Int, fixed: Bool) {
        var group = groups[key] ?? Group(key: key)
        group.handedOver += 1
        group.turnaroundMinutes += minutes
        if fixed { group.firstTimeFixes += 1 }
        groups[key] = group
    }
}
