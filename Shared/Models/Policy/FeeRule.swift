/// A deduction or fee on a resolution. On the wire: `{"type":"depreciation","ratePerDay":30,…}`.
public enum FeeRule: Sendable, Hashable {
    /// `ratePerDay` of the price for each day since `anchor` (DS-06/07); `counting` says whether the
    /// anchor day itself counts (rules.md §8 item 14). Never more than the price.
    case depreciation(ruleIds: [String], ratePerDay: BasisPoints, anchor: DateAnchor, counting: DayCountingRule)
    /// A fee is due but the seeds give no amount; staff quote it (rules.md §8 item 18, LG-17 paid repair).
    case toBeQuoted(ruleIds: [String])
    /// Deduct the value of a gift the customer cannot return (TB-06).
    case giftValue(ruleIds: [String])
    /// Deduct the return freight actually incurred and proven by a voucher (TB-14, TB-15).
    case provenReturnFreight(ruleIds: [String])

    public var ruleIds: [String] {
        switch self {
        case .depreciation(let ids, _, _, _), .toBeQuoted(let ids), .giftValue(let ids), .provenReturnFreight(let ids): ids
        }
    }
}

/// What the customer is paid on a resolution, before deductions.
public enum Payout: Sendable, Hashable {
    case none
    case pricePaid
    /// DS-08: counterfeit goods refund twice the price.
    case multipleOfPrice(Int)
    /// A fixed goodwill amount (SN-05, SN-06).
    case fixed(Money)
    /// TB-04: the freight the customer paid on an unauthorised freight-collect delivery.
    case collectFreight
}

extension FeeRule: Codable {
    enum Kind: String, Codable {
        case depreciation
        case toBeQuoted = "to_be_quoted"
        case giftValue = "gift_value"
        case provenReturnFreight = "proven_return_freight"
    }

    enum CodingKeys: String, CodingKey { case type, ruleIds, ratePerDay, anchor, counting }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let ids = try c.decodeIfPresent([String].self, forKey: .ruleIds) ?? []
        switch try c.decode(Kind.self, forKey: .type) {
        case .depreciation:
            self = .depreciation(
                ruleIds: ids,
                ratePerDay: try c.decode(BasisPoints.self, forKey: .ratePerDay),
                anchor: try c.decode(DateAnchor.self, forKey: .anchor),
                counting: try c.decodeIfPresent(DayCountingRule.self, forKey: .counting) ?? .dayAfterEvent
            )
        case .toBeQuoted: self = .toBeQuoted(ruleIds: ids)
        case .giftValue: self = .giftValue(ruleIds: ids)
        case .provenReturnFreight: self = .provenReturnFreight(ruleIds: ids)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ruleIds, forKey: .ruleIds)
        switch self {
        case .depreciation(_, let rate, let anchor, let counting):
            try c.encode(Kind.depreciation, forKey: .type)
            try c.encode(rate, forKey: .ratePerDay)
            try c.encode(anchor, forKey: .anchor)
            try c.encode(counting, forKey: .counting)
        case .toBeQuoted: try c.encode(Kind.toBeQuoted, forKey: .type)
        case .giftValue: try c.encode(Kind.giftValue, forKey: .type)
        case .provenReturnFreight: try c.encode(Kind.provenReturnFreight, forKey: .type)
        }
    }
}

extension Payout: Codable {
    enum Kind: String, Codable {
        case none
        case pricePaid = "price_paid"
        case multipleOfPrice = "multiple_of_price"
        case fixed
        case collectFreight = "collect_freight"
    }

    enum CodingKeys: String, CodingKey { case type, times, amount }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(Kind.self, forKey: .type) {
        case .none: self = .none
        case .pricePaid: self = .pricePaid
        case .multipleOfPrice: self = .multipleOfPrice(try c.decode(Int.self, forKey: .times))
        case .fixed: self = .fixed(try c.decode(Money.self, forKey: .amount))
        case .collectFreight: self = .collectFreight
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .none: try c.encode(Kind.none, forKey: .type)
        case .pricePaid: try c.encode(Kind.pricePaid, forKey: .type)
        case .multipleOfPrice(let n):
            try c.encode(Kind.multipleOfPrice, forKey: .type)
            try c.encode(n, forKey: .times)
        case .fixed(let m):
            try c.encode(Kind.fixed, forKey: .type)
            try c.encode(m, forKey: .amount)
        case .collectFreight: try c.encode(Kind.collectFreight, forKey: .type)
        }
    }
}
