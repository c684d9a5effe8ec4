/// An amount of money in integer minor units (fen for CNY) with its ISO currency:
/// `{"currency":"CNY","amountMinor":12950}` on the wire (DESIGN §4). Never a float.
public struct Money: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var currency: String
    public var amountMinor: Int64

    public init(currency: String = "CNY", amountMinor: Int64) {
        self.currency = currency
        self.amountMinor = amountMinor
    }

    /// Whole yuan (or other major units with 2 decimals), for readable presets: `Money.cny(210)`.
    public static func cny(_ yuan: Int64, fen: Int64 = 0) -> Money { Money(currency: "CNY", amountMinor: yuan * 100 + fen) }
    public static func zero(_ currency: String = "CNY") -> Money { Money(currency: currency, amountMinor: 0) }

    public var isNegative: Bool { amountMinor < 0 }

    /// Sum saturating at Int64 bounds; the currency of `self` is kept (callers add same-currency amounts).
    public func adding(_ other: Money) -> Money {
        let (sum, overflow) = amountMinor.addingReportingOverflow(other.amountMinor)
        return Money(currency: currency, amountMinor: overflow ? (other.amountMinor > 0 ? .max : .min) : sum)
    }

    /// `self − other`, never below zero: what is left of a price after deductions.
    public func subtractingFloorZero(_ other: Money) -> Money {
        let (diff, overflow) = amountMinor.subtractingReportingOverflow(other.amountMinor)
        return Money(currency: currency, amountMinor: overflow ? 0 : Swift.max(0, diff))
    }

    /// The same amount the other way (a ledger's debit for a credit); saturating.
    public var negated: Money { Money(currency: currency, amountMinor: amountMinor == .min ? .max : -amountMinor) }

    /// `self × factor`, saturating.
    public func multiplied(by factor: Int64) -> Money {
        let (product, overflow) = amountMinor.multipliedReportingOverflow(by: factor)
        return Money(currency: currency, amountMinor: overflow ? .max : product)
    }

    /// The smaller of `self` and `cap`: deductions never exceed the price.
    public func capped(at cap: Money) -> Money { amountMinor > cap.amountMinor ? cap : self }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.amountMinor < rhs.amountMinor }

    /// The amount in major units with two decimals, no currency: `-129.05`.
    public var figure: String {
        let sign = amountMinor < 0 ? "-" : ""
        let magnitude = amountMinor.magnitude
        let fen = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fen < 10 ? "0" : "")\(fen)"
    }

    public var description: String { "\(figure) \(currency)" }

    enum CodingKeys: String, CodingKey { case currency, amountMinor }
}
