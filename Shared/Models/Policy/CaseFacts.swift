/// The event a window or timer is measured from (rules.md §8 item 13: it differs per seller).
public enum DateAnchor: String, Codable, Sendable, Hashable, CaseIterable {
    case sale
    case delivery
    case signing = "signed_for"
    case groupBuySuccess = "group_buy_success"
    case shipment
    case promisedShipBy = "promised_ship_by"
    case repairSubmitted = "repair_submitted"
    case lastRepairCompleted = "last_repair_completed"
}

/// The order line a case is about: category and brand pick the policy rules (rules.md §8 item 12).
public struct OrderLine: Codable, Sendable, Hashable {
    /// A lower_snake category the tenant's policy names (`motherboard`, `shoes_leather`, `sofa`, …).
    public var category: String
    public var brand: String
    public var model: String?

    public init(category: String, brand: String = "", model: String? = nil) {
        self.category = category
        self.brand = brand
        self.model = model
    }

    enum CodingKeys: String, CodingKey { case category, brand, model }
}

/// The dates of a case, as local dates in the tenant's zone; any may be unknown.
public struct CaseDates: Codable, Sendable, Hashable {
    public var sale: LocalDate?
    public var delivery: LocalDate?
    public var signedFor: LocalDate?
    public var groupBuySuccess: LocalDate?
    public var shipment: LocalDate?
    public var promisedShipBy: LocalDate?
    public var repairSubmitted: LocalDate?
    public var lastRepairCompleted: LocalDate?

    public init(
        sale: LocalDate? = nil,
        delivery: LocalDate? = nil,
        signedFor: LocalDate? = nil,
        groupBuySuccess: LocalDate? = nil,
        shipment: LocalDate? = nil,
        promisedShipBy: LocalDate? = nil,
        repairSubmitted: LocalDate? = nil,
        lastRepairCompleted: LocalDate? = nil
    ) {
        self.sale = sale
        self.delivery = delivery
        self.signedFor = signedFor
        self.groupBuySuccess = groupBuySuccess
        self.shipment = shipment
        self.promisedShipBy = promisedShipBy
        self.repairSubmitted = repairSubmitted
        self.lastRepairCompleted = lastRepairCompleted
    }

    public func date(for anchor: DateAnchor) -> LocalDate? {
        switch anchor {
        case .sale: sale
        case .delivery: delivery
        case .signing: signedFor
        case .groupBuySuccess: groupBuySuccess
        case .shipment: shipment
        case .promisedShipBy: promisedShipBy
        case .repairSubmitted: repairSubmitted
        case .lastRepairCompleted: lastRepairCompleted
        }
    }

    enum CodingKeys: String, CodingKey {
        case sale, delivery, signedFor, groupBuySuccess, shipment, promisedShipBy, repairSubmitted, lastRepairCompleted
    }
}

/// Everything `evaluate` knows about a case: price paid, order line, dates, yes/no facts and counts.
public struct CaseFacts: Codable, Sendable, Hashable {
    public var pricePaid: Money
    public var line: OrderLine
    public var dates: CaseDates
    /// Flags that hold, sorted and unique so the JSON is stable.
    public private(set) var flags: [FactFlag]
    /// Repairs already made for the same defect (DS-04 D, DS-10, FN-05).
    public var repairsOfSameDefect: Int
    /// Days the item was away for factory repair or waiting for parts (FN-01 pauses the 三包 clock).
    public var pausedDays: Int
    /// Value of a gift the customer cannot return (TB-06).
    public var giftValue: Money?
    /// Return freight actually incurred and proven by a carrier voucher (TB-14, TB-15).
    public var provenReturnFreight: Money?
    /// Freight the customer paid on an unauthorised freight-collect delivery (TB-04).
    public var collectFreightPaid: Money?
    /// Price of the item wanted in an exchange (LG-07 settles the difference both ways).
    public var replacementPrice: Money?

    public init(
        pricePaid: Money,
        line: OrderLine,
        dates: CaseDates = CaseDates(),
        flags: some Sequence<FactFlag> = [],
        repairsOfSameDefect: Int = 0,
        pausedDays: Int = 0,
        giftValue: Money? = nil,
        provenReturnFreight: Money? = nil,
        collectFreightPaid: Money? = nil,
        replacementPrice: Money? = nil
    ) {
        self.pricePaid = pricePaid
        self.line = line
        self.dates = dates
        self.flags = Array(Set(flags)).sorted()
        self.repairsOfSameDefect = repairsOfSameDefect
        self.pausedDays = pausedDays
        self.giftValue = giftValue
        self.provenReturnFreight = provenReturnFreight
        self.collectFreightPaid = collectFreightPaid
        self.replacementPrice = replacementPrice
    }

    public func has(_ flag: FactFlag) -> Bool { flags.contains(flag) }

    public mutating func set(_ flag: FactFlag, _ on: Bool = true) {
        var all = Set(flags)
        if on { all.insert(flag) } else { all.remove(flag) }
        flags = all.sorted()
    }

    enum CodingKeys: String, CodingKey {
        case pricePaid, line, dates, flags, repairsOfSameDefect, pausedDays, giftValue, provenReturnFreight
        case collectFreightPaid, replacementPrice
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            pricePaid: try c.decode(Money.self, forKey: .pricePaid),
            line: try c.decode(OrderLine.self, forKey: .line),
            dates: try c.decodeIfPresent(CaseDates.self, forKey: .dates) ?? CaseDates(),
            flags: try c.decodeIfPresent([FactFlag].self, forKey: .flags) ?? [],
            repairsOfSameDefect: try c.decodeIfPresent(Int.self, forKey: .repairsOfSameDefect) ?? 0,
            pausedDays: try c.decodeIfPresent(Int.self, forKey: .pausedDays) ?? 0,
            giftValue: try c.decodeIfPresent(Money.self, forKey: .giftValue),
            provenReturnFreight: try c.decodeIfPresent(Money.self, forKey: .provenReturnFreight),
            collectFreightPaid: try c.decodeIfPresent(Money.self, forKey: .collectFreightPaid),
            replacementPrice: try c.decodeIfPresent(Money.self, forKey: .replacementPrice)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pricePaid, forKey: .pricePaid)
        try c.encode(line, forKey: .line)
        try c.encode(dates, forKey: .dates)
        try c.encode(flags, forKey: .flags)
        try c.encode(repairsOfSameDefect, forKey: .repairsOfSameDefect)
        try c.encode(pausedDays, forKey: .pausedDays)
        try c.encodeIfPresent(giftValue, forKey: .giftValue)
        try c.encodeIfPresent(provenReturnFreight, forKey: .provenReturnFreight)
        try c.encodeIfPresent(collectFreightPaid, forKey: .collectFreightPaid)
        try c.encodeIfPresent(replacementPrice, forKey: .replacementPrice)
    }
}
