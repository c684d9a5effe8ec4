import Foundation
import Models

// Evaluates a realistic case against each preset in a loop for a fixed count and prints one JSON line per
// preset: {"preset":"…","evaluationsPerSecond":…}. Usage: policy-bench [iterations] (default 20000).
let iterations = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 20_000
let calendar = BusinessCalendar(
    holidays: (1...7).map { LocalDate(year: 2026, month: 10, day: $0)! },
    makeUpWorkingDays: [LocalDate(year: 2026, month: 9, day: 27)!, LocalDate(year: 2026, month: 10, day: 10)!]
)
let day = LocalDate(year: 2026, month: 3, day: 1)!
let dates = CaseDates(sale: day, delivery: day, signedFor: day, groupBuySuccess: day, shipment: day, promisedShipBy: day)
let flags: [FactFlag] = [
    .shipped, .qualityIssue, .seriousDefect, .functionalFault, .accessoriesComplete, .packagingIntact,
    .hasInvoice, .hasThreeGuaranteesCard, .hasWarrantyLabel, .hasWarrantyCard, .soleBroken,
]
let categories: [RuleFamily: String] = [.computerMall: "motherboard", .departmentStore: "shoes_leather", .furniture: "sofa", .laptopShop: "laptop"]
let now = Date(timeIntervalSince1970: TimeInterval(day.adding(days: 9).dayNumber * 86_400 + 4 * 3_600))

for policy in PolicyPresets.all {
    let facts = CaseFacts(
        pricePaid: .cny(1299),
        line: OrderLine(category: categories[policy.family] ?? "general", brand: "ASUS"),
        dates: dates,
        flags: flags
    )
    var eligible = 0
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        for _ in 0..<iterations {
            let decision = PolicyEngine.evaluate(facts: facts, policy: policy, calendar: calendar, now: now)
            eligible &+= decision.options.count { $0.isEligible }
        }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = seconds > 0 ? Double(iterations) / seconds : 0
    print(
        "{\"preset\":\"\(policy.policyId)\",\"evaluationsPerSecond\":\(Int(rate.rounded())),\"iterations\":\(iterations),\"eligibleOptions\":\(eligible / max(1, iterations))}"
    )
}
