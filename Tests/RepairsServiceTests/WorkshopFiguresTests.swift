import Foundation
import Models
import RepairsService
import ServiceKit
import Testing

/// The workshop figures, pure, on orders built by hand (rules.md §2(e)): averages round down, a comeback or a
/// failed first QC round is no first-time fix, an order without a technician counts as `unassigned`.
@Suite struct WorkshopFiguresTests {
    static func order(_ category: String, technician: String?, minutes: Double, firstQCPassed: Bool) throws -> RepairOrder {
        var order = try WireJSON.decoder.decode(RepairOrder.self, from: Data(contentsOf: RepairOrderDocumentTests.golden))
        order.id = .v7()
        order.category = category
        order.technician = technician
        order.checkIn?.checkedInAt = order.createdAt
        order.handover?.handedOverAt = order.createdAt.addingTimeInterval(minutes * 60)
        // The last round passed; a failed one before it when the first did not.
        let passed = try #require(order.qualityChecks.last)
        var failed = passed
        failed.passed = false
        order.qualityChecks = firstQCPassed ? [passed] : [failed, passed]
        return order
    }

    @Test func groupsAverageDownAndCountFirstTimeFixes() throws {
        let a = try Self.order("computer", technician: "王师傅", minutes: 100, firstQCPassed: true)
        let b = try Self.order("computer", technician: "王师傅", minutes: 51.9, firstQCPassed: false)
        let c = try Self.order("computer", technician: nil, minutes: 10, firstQCPassed: true)
        let figures = WorkshopFigures.compute([a, b, c], cameBack: [c.id])
        // (100 + 51 + 10) / 3 = 53 (53.67 down); only a is a first-time fix: 3333 bp.
        #expect(
            figures.byCategory.map { [$0.key, "\($0.handedOver)", "\($0.averageTurnaroundMinutes)", "\($0.firstTimeFixRateBasisPoints)"] } == [
                ["computer", "3", "53", "3333"]
            ]
        )
        #expect(figures.byTechnician.map(\.key) == ["unassigned", "王师傅"])
        #expect(figures.byTechnician.map(\.firstTimeFixes) == [0, 1])
        #expect(figures.costs.isEmpty, "the golden order is a walk-in")
    }
}
