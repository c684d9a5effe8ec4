import Foundation
import Models
import PropertyBased
import Testing

@Suite struct PropertyTests {
    static let units: [PeriodUnit] = [.calendarDays, .workingDays, .calendarMonths]

    @Test func dayCountingIsMonotonic() async {
        await propertyCheck(input: Gen.int(in: 18_000...22_000), Gen.int(in: 0...60), Gen.int(in: 0...2)) { start, n, u in
            let event = LocalDate(dayNumber: start)
            let unit = Self.units[u]
            let a = testCalendar.lastDay(of: Period(n, unit), from: event)
            let b = testCalendar.lastDay(of: Period(n + 1, unit), from: event)
            let later = testCalendar.lastDay(of: Period(n, unit), from: event.adding(days: 1))
            #expect(a <= b && a >= event && a <= later)
        }
    }

    @Test func moneyNeverNegativeAndDeductionsNeverExceedThePrice() async {
        await propertyCheck(input: Gen.int64(in: 0...10_000_000), Gen.int(in: 0...400), Gen.int64(in: 0...5_000_000)) { price, days, freight in
            var f = facts("shoes_leather", sale: "2026-01-01", .soleBroken, .hasThreeGuaranteesCard, .hasInvoice, .qualityIssue)
            f.pricePaid = Money(amountMinor: price)
            f.provenReturnFreight = Money(amountMinor: freight)
            let now = noon(LocalDate(year: 2026, month: 1, day: 1)!.adding(days: days).description)
            for policy in [PolicyPresets.departmentStore(), PolicyPresets.taobao()] {
                let decision = PolicyEngine.evaluate(facts: f, policy: policy, calendar: testCalendar, now: now)
                for o in decision.options {
                    #expect(o.deduction.amountMinor >= 0 && o.deduction.amountMinor <= price)
                    #expect((o.refundAmount?.amountMinor ?? 0) >= 0)
                    for fee in o.fees { #expect((fee.amount?.amountMinor ?? 0) >= 0) }
                }
            }
        }
    }

    @Test func evaluationIsDeterministicAndDecisionsRoundTrip() async throws {
        let rows = AllScenarios.all
        await propertyCheck(count: 50, input: Gen.int(in: 0...(rows.count - 1)), Gen.int(in: -40...40)) { i, shift in
            var row = rows[i]
            row.today = d(row.today).adding(days: shift).description
            let a = row.evaluate()
            let b = row.evaluate()
            #expect(a == b)
            let data = try! JSONEncoder().encode(a)
            #expect(try! JSONDecoder().decode(PolicyDecision.self, from: data) == a)
        }
    }

    @Test func factsAndPoliciesRoundTrip() async {
        let presets = PolicyPresets.all
        await propertyCheck(input: Gen.int(in: 0...(presets.count - 1)), Gen.int64(in: 0...1_000_000)) { i, price in
            let policy = presets[i]
            #expect(try! JSONDecoder().decode(PolicyDocument.self, from: JSONEncoder().encode(policy)) == policy)
            var f = facts("sofa", gift: 3, .seriousDefect, .giftNotReturned)
            f.pricePaid = Money(amountMinor: price)
            #expect(try! JSONDecoder().decode(CaseFacts.self, from: JSONEncoder().encode(f)) == f)
        }
    }
}
