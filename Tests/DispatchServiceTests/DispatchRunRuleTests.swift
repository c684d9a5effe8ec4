import DispatchService
import Foundation
import Models
import Testing

/// The morning run without I/O (rules.md §2(b)): a carried merchant's clock starts at the delivery leg;
/// legs go out and are delivered once; overdue after the run day; the CSV sheet is safe for spreadsheets.
@Suite struct DispatchRunRuleTests {
    static let now = Date(timeIntervalSince1970: 1_773_108_000)
    static let merchant = UUID()

    static func item(_ name: String = "华强电脑配件", leg: DispatchRun.Leg = .toMerchant) -> DispatchRun.Item {
        DispatchRun.Item(caseID: UUID(), merchantID: merchant, merchantName: name, leg: leg, dueAt: now.addingTimeInterval(8 * 3600))
    }

    @Test func aCarriedMerchantsClockStartsAtTheDeliveryLeg() throws {
        var record = DispatchCase.queued(UUID(), merchant: Self.merchant, at: Self.now, deadlines: HandshakeDeadlines(), handling: .carried)
        #expect(record.status == .awaitingDispatch && record.respondBy == nil && record.dueAt == nil && !record.isChased && record.fields == nil)
        let delivered = Self.now.addingTimeInterval(20 * 3600)
        try record.delivered(at: delivered, deadlines: HandshakeDeadlines())
        #expect(record.status == .awaitingAcknowledgement && record.respondBy == delivered.addingTimeInterval(48 * 3600) && record.isChased)
        #expect(record.fields != nil)
        #expect(throws: ErrorBody.self) { try record.delivered(at: delivered, deadlines: HandshakeDeadlines()) }
    }

    @Test func aLegGoesOutAndIsDeliveredOnceAndIsOverdueAfterItsDay() throws {
        var item = Self.item()
        #expect(!item.isOverdue(at: Self.now))
        #expect(item.isOverdue(at: item.dueAt), "due at the end of the run day: overdue at the instant")
        #expect(try item.record(.out, trackingNumber: "SF100", at: Self.now))
        #expect(try !item.record(.out, trackingNumber: nil, at: Self.now), "again is a retry")
        #expect(try item.record(.delivered, trackingNumber: nil, at: Self.now.addingTimeInterval(60)))
        #expect(item.trackingNumber == "SF100" && item.outAt == Self.now && !item.isOverdue(at: item.dueAt))
        #expect(throws: ErrorBody.self) { _ = try item.record(.out, trackingNumber: nil, at: Self.now) }
        var direct = Self.item()
        #expect(try direct.record(.delivered, trackingNumber: nil, at: Self.now))
        #expect(direct.outAt == Self.now, "delivered without an out report: out at the same time")
    }

    @Test func theSheetSummarisesAndItsCSVIsSafeForSpreadsheets() throws {
        var delivered = Self.item("=HYPERLINK(\"x\")")
        _ = try delivered.record(.delivered, trackingNumber: nil, at: Self.now)
        let run = DispatchRun(
            id: UUID(),
            runDate: LocalDate(year: 2026, month: 3, day: 10)!,
            region: "华南",
            runner: "小李",
            createdAt: Self.now,
            items: [delivered, Self.item("华强, 三楼", leg: .backToMall)]
        )
        let late = Self.now.addingTimeInterval(9 * 3600)
        #expect(run.summary(at: late) == DispatchRun.Summary(planned: 1, out: 0, delivered: 1, overdue: 1))
        let csv = run.csv(at: late)
        let lines = csv.dropFirst().components(separatedBy: "\r\n")
        #expect(csv.hasPrefix("\u{FEFF}case_id,merchant_id,merchant_name,leg,status,"))
        #expect(lines.count == 4 && lines[3].isEmpty, "a header, two rows, CRLF-terminated")
        #expect(lines[1].contains(",\"'=HYPERLINK(\"\"x\"\")\",to_merchant,delivered,"), "\(lines[1])")
        #expect(lines[2].contains(",\"华强, 三楼\",back_to_mall,planned,") && lines[2].hasSuffix(",true"), "\(lines[2])")
    }
}
