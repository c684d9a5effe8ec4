/// A percentage in basis points (1 bp = 0.01 %; 0.3 %/day = 30 bp). Encoded as a bare integer.
public struct BasisPoints: Codable, Sendable, Hashable, Comparable, ExpressibleByIntegerLiteral {
    public var value: Int64

    public init(_ value: Int64) { self.value = value }
    public init(integerLiteral value: Int64) { self.value = value }

    public static let full: BasisPoints = 10_000

    public static func < (lhs: BasisPoints, rhs: BasisPoints) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}

/// The one rounding rule for every computed amount: round half up to the minor unit (to the fen),
/// on the exact integer product, so no floating point is ever involved.
public enum MoneyRounding {
    /// `amount × rate × count / 10 000`, rounded half up to the minor unit; negative inputs give 0.
    public static func share(of amount: Money, rate: BasisPoints, times count: Int64 = 1) -> Money {
        guard amount.amountMinor > 0, rate.value > 0, count > 0 else { return .zero(amount.currency) }
        // Saturate instead of trapping; callers cap deductions at the price anyway.
        let (bpTotal, o1) = rate.value.multipliedReportingOverflow(by: count)
        let (product, o2) = amount.amountMinor.multipliedReportingOverflow(by: bpTotal)
        if o1 || o2 || product > Int64.max - 5_000 { return Money(currency: amount.currency, amountMinor: .max) }
        return Money(currency: amount.currency, amountMinor: (product + 5_000) / 10_000)
    }
}
