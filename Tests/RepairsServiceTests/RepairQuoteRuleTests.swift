import Foundation
import Models
import RepairsService
import Testing

/// The quote arithmetic per estimate method and who pays, against hand-computed amounts, without I/O.
@Suite struct RepairQuoteRuleTests {
    static let start = Date(timeIntervalSince1970: 1_773_108_000)
    typealias Line = RepairQuote.Line

    static func quote(_ method: EstimateMethod, _ lines: [Line], workMinutes: Int) throws -> RepairQuote {
        try RepairQuote.make(method, lines: lines, currency: "CNY", workMinutes: workMinutes, start: start).get()
    }

    @Test func aSystemQuoteIsItsPackagesAndPartsWithTheLeastMargin() throws {
        let quote = try Self.quote(
            .system,
            [Line("散热系统清洁", .package(.cny(380))), Line("风扇", .part(.init(unitPrice: .cny(120))))],
            workMinutes: 120
        )
        #expect(quote.subtotal == .cny(500) && quote.riskPremium == .zero() && quote.total == .cny(500))
        #expect(quote.minimumDeposit == .zero() && quote.noGuaranteeLines.isEmpty && !quote.qualityCaveat)
        // 120 minutes of work, a margin of max(60, 20 % = 24) minutes.
        #expect(quote.promisedBy == Self.start.addingTimeInterval(180 * 60))
    }

    @Test func aSymptomQuoteAddsTheRiskPremiumRoundedHalfUp() throws {
        let quote = try Self.quote(
            .symptom,
            [Line("不开机", .package(.cny(450))), Line("电源管理芯片", .part(.init(unitPrice: .cny(199, fen: 99))))],
            workMinutes: 600
        )
        // 10 % of ¥649.99 is ¥64.999 → ¥65.00.
        #expect(quote.subtotal == .cny(649, fen: 99) && quote.riskPremium == .cny(65) && quote.total == .cny(714, fen: 99))
        // 600 minutes, a margin of 20 % = 120 minutes.
        #expect(quote.promisedBy == Self.start.addingTimeInterval(720 * 60))
    }

    @Test func anItemQuotePricesLabourByTimeWaitsForPartsAndTakesADeposit() throws {
        let quote = try Self.quote(
            .item,
            [
                Line("拆机检测", .labour(minutes: 90, hourlyRate: .cny(120))),
                Line("清灰", .labour(minutes: 25, hourlyRate: .cny(100))),
                Line("主板", .part(.init(unitPrice: .cny(1_299), origin: .toOrder, valueClass: .d, leadTimeDays: 5))),
                Line("客户自带内存条", .part(.init(unitPrice: .cny(300), origin: .customerSupplied))),
                Line("副厂屏幕", .part(.init(unitPrice: .cny(80), kind: .aftermarketPart, keyComponent: true, customerInsisted: true))),
            ],
            workMinutes: 115
        )
        // ¥180.00 + ¥41.67 (25 min at ¥100/h = ¥41.666…) + ¥1,299.00 + ¥0 (the customer's) + ¥80.00.
        #expect(quote.subtotal == .cny(1_600, fen: 67) && quote.total == quote.subtotal && quote.riskPremium == .zero())
        #expect(quote.minimumDeposit == .cny(649, fen: 50), "half the D-class board to order")
        #expect(quote.noGuaranteeLines == [3, 4] && quote.qualityCaveat)
        // 5 days for the board, 115 minutes of work, 60 minutes of margin.
        #expect(quote.promisedBy == Self.start.addingTimeInterval(5 * 86_400 + 175 * 60))
    }

    @Test func coveredLinesAreFreeAndShownAsCoveredAndTheDepositIsAtLeastHalf() throws {
        let quote = try Self.quote(
            .system,
            [
                Line("主板维修", .package(.cny(600)), coverage: .warranty),
                Line("显卡", .part(.init(unitPrice: Money(currency: "CNY", amountMinor: 3), origin: .toOrder, valueClass: .c, leadTimeDays: 2))),
            ],
            workMinutes: 60
        )
        #expect(quote.total == Money(currency: "CNY", amountMinor: 3) && quote.coveredByWarranty == .cny(600))
        #expect(quote.minimumDeposit == Money(currency: "CNY", amountMinor: 2), "1.5 fen rounds up: never below half")
    }

    @Test func methodsRefuseLinesOfAnotherMethodAndOtherCurrencies() {
        func fields(_ result: Result<RepairQuote, ErrorBody>) -> [String] {
            guard case .failure(let error) = result else { return [] }
            return error.details.map(\.field)
        }
        let labour = Line("工时", .labour(minutes: 30, hourlyRate: .cny(100)))
        #expect(fields(RepairQuote.make(.system, lines: [labour], currency: "CNY", workMinutes: 30, start: Self.start)) == ["lines[0]"])
        #expect(
            fields(RepairQuote.make(.item, lines: [Line("包", .package(.cny(1)))], currency: "CNY", workMinutes: 0, start: Self.start)) == ["lines[0]"]
        )
        #expect(
            fields(RepairQuote.make(.item, lines: [labour], currency: "HKD", workMinutes: 30, start: Self.start)) == ["lines[0].hourlyRate.currency"]
        )
        #expect(fields(RepairQuote.make(.symptom, lines: [], currency: "CNY", workMinutes: 0, start: Self.start)) == ["lines"])
    }

    static let today = LocalDate(year: 2026, month: 3, day: 10)!

    @Test func aLineIsFreeInsideTheProductsOrThePreviousRepairsWarranty() {
        let before = Self.today.adding(days: -1)
        #expect(
            RepairCoverage.decide(today: Self.today, productWarrantyEnds: Self.today, previousRepairWarrantyEnds: nil) == .warranty,
            "its last day included"
        )
        #expect(RepairCoverage.decide(today: Self.today, productWarrantyEnds: before, previousRepairWarrantyEnds: nil) == .chargeable)
        #expect(RepairCoverage.decide(today: Self.today, productWarrantyEnds: before, previousRepairWarrantyEnds: Self.today) == .warranty)
        #expect(RepairCoverage.decide(today: Self.today, productWarrantyEnds: nil, previousRepairWarrantyEnds: before) == .chargeable)
    }

    @Test func hugeOrNegativeInputsAreRefusedNotComputed() {
        func fields(_ lines: [Line], work: Int = 60) -> [String] {
            guard case .failure(let error) = RepairQuote.make(.item, lines: lines, currency: "CNY", workMinutes: work, start: Self.start) else {
                return []
            }
            return error.details.map(\.field)
        }
        let huge = Money(currency: "CNY", amountMinor: .max / 2)
        #expect(fields([Line("x", .labour(minutes: 100_000, hourlyRate: huge))]) == ["lines[0].hourlyRate.amountMinor"])
        #expect(fields([Line("x", .part(.init(unitPrice: huge, quantity: 10_000)))]) == ["lines[0].unitPrice.amountMinor"])
        #expect(
            fields([Line("x", .part(.init(unitPrice: Money(currency: "CNY", amountMinor: -1), origin: .customerSupplied)))]) == [
                "lines[0].unitPrice.amountMinor"
            ]
        )
        #expect(fields([Line("x", .labour(minutes: 1, hourlyRate: Money(currency: "CNY", amountMinor: -29)))]) == ["lines[0].hourlyRate.amountMinor"])
        #expect(fields([Line("x", .part(.init(unitPrice: .cny(1), origin: .toOrder, leadTimeDays: -3)))]) == ["lines[0].leadTimeDays"])
        #expect(fields([Line("x", .labour(minutes: 30, hourlyRate: .cny(1)))], work: Int.max) == ["workMinutes"])
    }

    /// LG-16, LG-17, LG-19 on a bag received on 2026-01-31: day 7 is 02-07; one month is 02-28 (clamped).
    @Test(arguments: [
        ("2026-02-07", false, RepairCoverage.LeatherRoute.sevenDayReturn),
        ("2026-02-07", true, .companyPaidReturnOrExchange),
        ("2026-02-08", true, .companyPaidReturnOrExchange),
        ("2026-02-08", false, .negotiate),
        ("2026-02-28", true, .companyPaidReturnOrExchange),
        ("2026-03-01", true, .paidRepair),
        ("2026-03-01", false, .paidRepair),
    ])
    func theLeatherShopRepairsForPayOnlyAfterAMonth(_ day: String, _ quality: Bool, _ route: RepairCoverage.LeatherRoute) {
        let received = LocalDate(year: 2026, month: 1, day: 31)!
        let parts = day.split(separator: "-").compactMap { Int($0) }
        let today = LocalDate(year: parts[0], month: parts[1], day: parts[2])!
        #expect(RepairCoverage.leatherRoute(received: received, today: today, qualityProblem: quality) == route)
        #expect(RepairCoverage.leatherRoute(received: received, today: received.adding(days: -1), qualityProblem: quality) == nil, "before receipt")
    }
}
