import Foundation
import Models
import RepairsService
import ServiceKit
import Testing

/// The repair order as stored (one JSON document per order, DESIGN §9): the golden document — a delivered
/// order with every section, as a real repair wrote it — reads back and writes out byte for byte, so a key
/// renamed or a shape changed fails here before it strands stored orders. `UPDATE_GOLDEN=1` makes the flow
/// test write the golden again from its order; review the diff.
@Suite struct RepairOrderDocumentTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/repair_order.json")

    static func pretty(_ data: Data) throws -> String {
        let object = try JSONSerialization.jsonObject(with: data)
        let pretty = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: pretty, as: UTF8.self) + "\n"
    }

    @Test func theGoldenDocumentReadsBackAndWritesOutUnchanged() throws {
        let text = try String(contentsOf: Self.golden, encoding: .utf8)
        let order = try WireJSON.decoder.decode(RepairOrder.self, from: Data(text.utf8))
        #expect(order.status == .delivered && order.settlement != nil && order.handover != nil && !order.extraWork.isEmpty)
        #expect(order.quote?.lines.count == 2 && order.qualityChecks.count == 2)
        #expect(try Self.pretty(WireJSON.encoder.encode(order)) == text)
    }
}
