import Foundation

/// A test on the facts of a case. On the wire a `type` discriminator names the variant
/// (`{"type":"flag","flag":"quality_issue"}`, `{"type":"not","condition":{…}}`, …; DESIGN §9).
public indirect enum Condition: Sendable, Hashable {
    case flag(FactFlag)
    case not(Condition)
    case allOf([Condition])
    case anyOf([Condition])
    /// Price paid strictly above the amount (DS-04 E: "sold above 210 yuan").
    case priceAbove(Money)
    /// At least this many repairs of the same defect (DS-04 D, FN-05).
    case repairsAtLeast(Int)
    /// The request date is on or after the anchor and inside `period` of it.
    case within(DateAnchor, Period)
    /// The request date is past the last day of `period` after the anchor (FN-06 "more than 30 days").
    case elapsedMoreThan(DateAnchor, Period)
    /// The anchor date is on or after a fixed date (CM-03: policy from Sept 2012).
    case anchorOnOrAfter(DateAnchor, LocalDate)
    /// The request date is on or before the anchor date (PDD-04: still within the promised ship time).
    case onOrBeforeAnchor(DateAnchor)
    /// More than `hours` have passed from the instant of `from` to that of `until` (now when `until` is nil
    /// or unknown). A `from` known only by its date counts from the end of that local day, the reading most
    /// favourable to the customer (LG-05, LG-09: 48 h).
    case hoursElapsedMoreThan(from: InstantAnchor, until: InstantAnchor?, hours: Int)
    /// The measurement was taken and is strictly above the threshold (DS-04 C: glue opening > 50 mm).
    case measurementAbove(Measurement, Int)
    /// The measurement was taken and is at most the threshold (DS-03: glue opening ≤ 50 mm, inclusive).
    case measurementAtMost(Measurement, Int)

    public static func lacks(_ flag: FactFlag) -> Condition { .not(.flag(flag)) }
}

/// What a condition is evaluated against.
struct EvaluationContext {
    let facts: CaseFacts
    let flags: Set<FactFlag>
    let today: LocalDate
    let calendar: BusinessCalendar
    /// The request instant, for rules that count hours.
    let now: Date

    /// The instant of an hour-counted event: its exact time, else the end of its local date.
    func instant(of anchor: InstantAnchor) -> Date? {
        if let exact = facts.dates.instant(for: anchor) { return exact }
        guard let dateAnchor = anchor.dateAnchor, let day = facts.dates.date(for: dateAnchor) else { return nil }
        return calendar.startOfDay(day.adding(days: 1))
    }
}

extension Condition {
    func holds(in ctx: EvaluationContext) -> Bool {
        switch self {
        case .flag(let flag): return ctx.flags.contains(flag)
        case .not(let inner): return !inner.holds(in: ctx)
        case .allOf(let all): return all.allSatisfy { $0.holds(in: ctx) }
        case .anyOf(let any): return any.contains { $0.holds(in: ctx) }
        case .priceAbove(let amount): return ctx.facts.pricePaid.amountMinor > amount.amountMinor
        case .repairsAtLeast(let n): return ctx.facts.repairsOfSameDefect >= n
        case .within(let anchor, let period):
            guard let start = ctx.facts.dates.date(for: anchor) else { return false }
            return ctx.calendar.isWithin(period, of: start, on: ctx.today)
        case .elapsedMoreThan(let anchor, let period):
            guard let start = ctx.facts.dates.date(for: anchor) else { return false }
            return ctx.today > ctx.calendar.lastDay(of: period, from: start)
        case .anchorOnOrAfter(let anchor, let date):
            guard let value = ctx.facts.dates.date(for: anchor) else { return false }
            return value >= date
        case .onOrBeforeAnchor(let anchor):
            guard let value = ctx.facts.dates.date(for: anchor) else { return false }
            return ctx.today <= value
        case .hoursElapsedMoreThan(let from, let until, let hours):
            guard let start = ctx.instant(of: from) else { return false }
            let end = until.flatMap { ctx.instant(of: $0) } ?? ctx.now
            return end.timeIntervalSince(start) > TimeInterval(hours) * 3_600
        case .measurementAbove(let m, let threshold):
            guard let value = ctx.facts.measurements[m] else { return false }
            return value > threshold
        case .measurementAtMost(let m, let threshold):
            guard let value = ctx.facts.measurements[m] else { return false }
            return value <= threshold
        }
    }

    /// A short bilingual description, used in reasons ("requires: …").
    public var text: LocalizedText {
        switch self {
        case .flag(let flag): return flag.label
        case .not(let inner):
            let t = inner.text
            return LocalizedText("非「\(t.zh)」", "not \(t.en)")
        case .allOf(let all):
            let parts = all.map(\.text)
            return LocalizedText(parts.map(\.zh).joined(separator: "且"), parts.map(\.en).joined(separator: " and "))
        case .anyOf(let any):
            let parts = any.map(\.text)
            return LocalizedText(parts.map(\.zh).joined(separator: "或"), "(" + parts.map(\.en).joined(separator: " or ") + ")")
        case .priceAbove(let m): return LocalizedText("售价高于 \(m)", "price above \(m)")
        case .repairsAtLeast(let n): return LocalizedText("同一问题已修 \(n) 次", "\(n) repairs of the same defect")
        case .within(let a, let p):
            return LocalizedText("在\(a.rawValue)后 \(p.value) \(p.unit.rawValue) 内", "within \(p.value) \(p.unit.rawValue) of \(a.rawValue)")
        case .elapsedMoreThan(let a, let p):
            return LocalizedText("\(a.rawValue)后已超过 \(p.value) \(p.unit.rawValue)", "more than \(p.value) \(p.unit.rawValue) after \(a.rawValue)")
        case .anchorOnOrAfter(let a, let d): return LocalizedText("\(a.rawValue) 不早于 \(d)", "\(a.rawValue) on or after \(d)")
        case .onOrBeforeAnchor(let a): return LocalizedText("未超过\(a.rawValue)", "on or before \(a.rawValue)")
        case .hoursElapsedMoreThan(let from, let until, let hours):
            let end = until?.rawValue ?? "now"
            return LocalizedText("\(from.rawValue)至\(end)已超过 \(hours) 小时", "more than \(hours) h from \(from.rawValue) to \(end)")
        case .measurementAbove(let m, let n): return LocalizedText("\(m.label.zh)大于 \(n)", "\(m.label.en) above \(n)")
        case .measurementAtMost(let m, let n): return LocalizedText("\(m.label.zh)不超过 \(n)", "\(m.label.en) at most \(n)")
        }
    }
}

extension Condition: Codable {
    enum Kind: String, Codable {
        case flag, not
        case allOf = "all_of"
        case anyOf = "any_of"
        case priceAbove = "price_above"
        case repairsAtLeast = "repairs_at_least"
        case within
        case elapsedMoreThan = "elapsed_more_than"
        case anchorOnOrAfter = "anchor_on_or_after"
        case onOrBeforeAnchor = "on_or_before_anchor"
        case hoursElapsedMoreThan = "hours_elapsed_more_than"
        case measurementAbove = "measurement_above"
        case measurementAtMost = "measurement_at_most"
    }

    enum CodingKeys: String, CodingKey {
        case type, flag, condition, conditions, amount, count, anchor, period, date, from, until, hours, measurement, threshold
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(Kind.self, forKey: .type) {
        case .flag: self = .flag(try c.decode(FactFlag.self, forKey: .flag))
        case .not: self = .not(try c.decode(Condition.self, forKey: .condition))
        case .allOf: self = .allOf(try c.decode([Condition].self, forKey: .conditions))
        case .anyOf: self = .anyOf(try c.decode([Condition].self, forKey: .conditions))
        case .priceAbove: self = .priceAbove(try c.decode(Money.self, forKey: .amount))
        case .repairsAtLeast: self = .repairsAtLeast(try c.decode(Int.self, forKey: .count))
        case .within:
            self = .within(try c.decode(DateAnchor.self, forKey: .anchor), try c.decode(Period.self, forKey: .period))
        case .elapsedMoreThan:
            self = .elapsedMoreThan(try c.decode(DateAnchor.self, forKey: .anchor), try c.decode(Period.self, forKey: .period))
        case .anchorOnOrAfter:
            self = .anchorOnOrAfter(try c.decode(DateAnchor.self, forKey: .anchor), try c.decode(LocalDate.self, forKey: .date))
        case .onOrBeforeAnchor: self = .onOrBeforeAnchor(try c.decode(DateAnchor.self, forKey: .anchor))
        case .hoursElapsedMoreThan:
            self = .hoursElapsedMoreThan(
                from: try c.decode(InstantAnchor.self, forKey: .from),
                until: try c.decodeIfPresent(InstantAnchor.self, forKey: .until),
                hours: try c.decode(Int.self, forKey: .hours)
            )
        case .measurementAbove:
            self = .measurementAbove(try c.decode(Measurement.self, forKey: .measurement), try c.decode(Int.self, forKey: .threshold))
        case .measurementAtMost:
            self = .measurementAtMost(try c.decode(Measurement.self, forKey: .measurement), try c.decode(Int.self, forKey: .threshold))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .flag(let f):
            try c.encode(Kind.flag, forKey: .type)
            try c.encode(f, forKey: .flag)
        case .not(let inner):
            try c.encode(Kind.not, forKey: .type)
            try c.encode(inner, forKey: .condition)
        case .allOf(let all):
            try c.encode(Kind.allOf, forKey: .type)
            try c.encode(all, forKey: .conditions)
        case .anyOf(let any):
            try c.encode(Kind.anyOf, forKey: .type)
            try c.encode(any, forKey: .conditions)
        case .priceAbove(let m):
            try c.encode(Kind.priceAbove, forKey: .type)
            try c.encode(m, forKey: .amount)
        case .repairsAtLeast(let n):
            try c.encode(Kind.repairsAtLeast, forKey: .type)
            try c.encode(n, forKey: .count)
        case .within(let a, let p):
            try c.encode(Kind.within, forKey: .type)
            try c.encode(a, forKey: .anchor)
            try c.encode(p, forKey: .period)
        case .elapsedMoreThan(let a, let p):
            try c.encode(Kind.elapsedMoreThan, forKey: .type)
            try c.encode(a, forKey: .anchor)
            try c.encode(p, forKey: .period)
        case .anchorOnOrAfter(let a, let d):
            try c.encode(Kind.anchorOnOrAfter, forKey: .type)
            try c.encode(a, forKey: .anchor)
            try c.encode(d, forKey: .date)
        case .onOrBeforeAnchor(let a):
            try c.encode(Kind.onOrBeforeAnchor, forKey: .type)
            try c.encode(a, forKey: .anchor)
        case .hoursElapsedMoreThan(let from, let until, let hours):
            try c.encode(Kind.hoursElapsedMoreThan, forKey: .type)
            try c.encode(from, forKey: .from)
            try c.encodeIfPresent(until, forKey: .until)
            try c.encode(hours, forKey: .hours)
        case .measurementAbove(let m, let n):
            try c.encode(Kind.measurementAbove, forKey: .type)
            try c.encode(m, forKey: .measurement)
            try c.encode(n, forKey: .threshold)
        case .measurementAtMost(let m, let n):
            try c.encode(Kind.measurementAtMost, forKey: .type)
            try c.encode(m, forKey: .measurement)
            try c.encode(n, forKey: .threshold)
        }
    }
}
