public import Foundation
public import Models

/// A repair quote's arithmetic (rules.md §2(e) 2e-W step 1–2, WS-04, WS-05, WS-06, WS-16), pure and in minor
/// units: the price by estimate method, what each line costs the customer, the deposit, the lines without a
/// quality guarantee, and the promised completion with its margin.
public struct RepairQuote: Sendable, Equatable {
    /// One line of a quote.
    public struct Line: Sendable, Equatable {
        public enum Work: Sendable, Equatable {
            /// Labour by time at an hourly rate (item method).
            case labour(minutes: Int, hourlyRate: Money)
            /// A system or package at its price (system method), or the repair of a symptom (symptom method).
            case package(Money)
            /// A part: its price per unit, how many, its kind, origin and value class; `keyComponent` and
            /// `customerInsisted` decide an aftermarket part's guarantee (WS-05).
            case part(Part)
        }

        public struct Part: Sendable, Equatable {
            public var partID: UUID?
            /// Where an in-stock part is held for the order.
            public var locationID: UUID?
            public var unitPrice: Money
            public var quantity: Int
            public var kind: PartKind
            public var origin: PartOrigin
            public var valueClass: ValueClass
            public var keyComponent: Bool
            public var customerInsisted: Bool
            /// Days the supplier needs, for a part to order.
            public var leadTimeDays: Int

            public init(
                partID: UUID? = nil,
                locationID: UUID? = nil,
                unitPrice: Money,
                quantity: Int = 1,
                kind: PartKind = .oemPart,
                origin: PartOrigin = .inStock,
                valueClass: ValueClass = .a,
                keyComponent: Bool = false,
                customerInsisted: Bool = false,
                leadTimeDays: Int = 0
            ) {
                self.partID = partID
                self.locationID = locationID
                self.unitPrice = unitPrice
                self.quantity = quantity
                self.kind = kind
                self.origin = origin
                self.valueClass = valueClass
                self.keyComponent = keyComponent
                self.customerInsisted = customerInsisted
                self.leadTimeDays = leadTimeDays
            }

            /// No quality guarantee (WS-05, B-28): brought by the customer, or aftermarket for a key component
            /// at the customer's insistence.
            public var noGuarantee: Bool { origin == .customerSupplied || (kind == .aftermarketPart && keyComponent && customerInsisted) }
        }

        public var description: String
        public var work: Work
        public var coverage: LineCoverage

        public init(_ description: String, _ work: Work, coverage: LineCoverage = .chargeable) {
            self.description = description
            self.work = work
            self.coverage = coverage
        }

        /// The line's value: labour rounded half up to the minor unit; a part the customer brings costs
        /// nothing.
        public var value: Int64 {
            switch work {
            case .labour(let minutes, let rate): (Int64(minutes) * rate.amountMinor + 30) / 60
            case .package(let price): price.amountMinor
            case .part(let part): part.origin == .customerSupplied ? 0 : part.unitPrice.amountMinor * Int64(part.quantity)
            }
        }

        /// What the customer pays for it.
        public var charged: Int64 { coverage == .chargeable ? value : 0 }
    }

    /// The tenant's terms for quoting.
    public struct Terms: Sendable, Equatable {
        /// The symptom method's risk premium on the chargeable lines (the seeds give no figure: the tenant's).
        public var riskPremium: BasisPoints
        /// The margin added to the work's duration in the promise (WS-06), and its least.
        public var margin: BasisPoints
        public var minimumMarginMinutes: Int

        public init(riskPremium: BasisPoints = 1_000, margin: BasisPoints = 2_000, minimumMarginMinutes: Int = 60) {
            self.riskPremium = riskPremium
            self.margin = margin
            self.minimumMarginMinutes = minimumMarginMinutes
        }
    }

    public var method: EstimateMethod
    public var lines: [Line]
    public var currency: String
    /// The chargeable lines' sum, before any premium.
    public var subtotal: Money
    /// The symptom method's risk premium (zero for the others).
    public var riskPremium: Money
    /// What the customer is quoted.
    public var total: Money
    /// What the warranty covers (the covered lines' value), shown on the order.
    public var coveredByWarranty: Money
    /// At least half of the chargeable high-value parts to order (WS-16), rounded half up; zero when none.
    public var minimumDeposit: Money
    /// The lines (by index) without a quality guarantee, written on the order (WS-05).
    public var noGuaranteeLines: [Int]
    /// The item method may not guarantee quality: said to the customer in advance (WS-04).
    public var qualityCaveat: Bool
    /// When the repair is promised: the parts' longest lead time, the work, and the margin (WS-06).
    public var promisedBy: Date

    public static let maxLines = 200
    /// A line's labour or the whole work: at most 100,000 minutes (about 70 days).
    public static let maxMinutes = 100_000
    /// A price or rate: at most ¥10,000,000.00, as the catalogue's.
    public static let maxAmountMinor: Int64 = 1_000_000_000

    /// The quote of `lines` by `method` in `currency`, starting from `start`, for `workMinutes` of work.
    public static func make(
        _ method: EstimateMethod,
        lines: [Line],
        currency: String,
        workMinutes: Int,
        start: Date,
        terms: Terms = Terms()
    ) -> Result<RepairQuote, ErrorBody> {
        // Every input bounded before any arithmetic: no sum or product below can overflow.
        var checks = FieldChecks()
        if !(1...maxLines).contains(lines.count) { checks.fail("lines", "a quote has from 1 to \(maxLines) lines") }
        for (index, line) in lines.prefix(maxLines).enumerated() {
            switch line.work {
            case .labour(let minutes, let rate):
                if method != .item {
                    checks.fail("lines[\(index)]", "labour by time is the item method's; price the \(method.rawValue) as a package")
                }
                _ = checks.number(Int64(minutes), "lines[\(index)].minutes", range: 1...Int64(maxMinutes))
                _ = checks.money(rate, "lines[\(index)].hourlyRate", range: 0...maxAmountMinor)
                if rate.currency != currency { checks.fail("lines[\(index)].hourlyRate.currency", "must be \(currency)") }
            case .package(let price):
                if method == .item { checks.fail("lines[\(index)]", "the item method prices labour by time, not as a package") }
                _ = checks.money(price, "lines[\(index)].price", range: 0...maxAmountMinor)
                if price.currency != currency { checks.fail("lines[\(index)].price.currency", "must be \(currency)") }
            case .part(let part):
                _ = checks.number(Int64(part.quantity), "lines[\(index)].quantity", range: 1...10_000)
                _ = checks.money(part.unitPrice, "lines[\(index)].unitPrice", range: 0...maxAmountMinor)
                _ = checks.number(Int64(part.leadTimeDays), "lines[\(index)].leadTimeDays", range: 0...365)
                if part.unitPrice.currency != currency { checks.fail("lines[\(index)].unitPrice.currency", "must be \(currency)") }
            }
        }
        _ = checks.number(Int64(workMinutes), "workMinutes", range: 0...Int64(maxMinutes))
        if let error = checks.error { return .failure(error) }

        let subtotal = Money(currency: currency, amountMinor: lines.reduce(0) { $0 + $1.charged })
        let premium = method == .symptom ? MoneyRounding.share(of: subtotal, rate: terms.riskPremium) : .zero(currency)
        let highValue = lines.reduce(Int64(0)) { sum, line in
            guard case .part(let part) = line.work, part.origin == .toOrder, part.valueClass.requiresDeposit else { return sum }
            return sum + line.charged
        }
        let deposit = MoneyRounding.share(of: Money(currency: currency, amountMinor: highValue), rate: 5_000)
        let leadDays =
            lines.compactMap { line -> Int? in
                guard case .part(let part) = line.work, part.origin == .toOrder else { return nil }
                return part.leadTimeDays
            }.max() ?? 0
        let promised = promise(start: start.addingTimeInterval(TimeInterval(leadDays * 86_400)), workMinutes: workMinutes, terms: terms)
        return .success(
            RepairQuote(
                method: method,
                lines: lines,
                currency: currency,
                subtotal: subtotal,
                riskPremium: premium,
                total: subtotal.adding(premium),
                coveredByWarranty: Money(currency: currency, amountMinor: lines.reduce(0) { $0 + ($1.coverage == .warranty ? $1.value : 0) }),
                minimumDeposit: deposit,
                noGuaranteeLines: lines.indices.filter { index in
                    if case .part(let part) = lines[index].work { return part.noGuarantee }
                    return false
                },
                qualityCaveat: method == .item,
                promisedBy: promised
            )
        )
    }

    /// When work of `workMinutes` starting at `start` is promised: the work and its margin, a share of it but
    /// at least the terms' least (WS-06). `workMinutes` is within ``maxMinutes``.
    public static func promise(start: Date, workMinutes: Int, terms: Terms = Terms()) -> Date {
        let marginMinutes = max(terms.minimumMarginMinutes, Int((Int64(workMinutes) * terms.margin.value + 9_999) / 10_000))
        return start.addingTimeInterval(TimeInterval((workMinutes + marginMinutes) * 60))
    }
}
