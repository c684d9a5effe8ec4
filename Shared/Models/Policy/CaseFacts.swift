public import Foundation

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

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            category: try c.decode(String.self, forKey: .category),
            brand: try c.decodeIfPresent(String.self, forKey: .brand) ?? "",
            model: try c.decodeIfPresent(String.self, forKey: .model)
        )
    }
}

/// The dates of a case, as local dates in the tenant's zone; any may be unknown. Where a rule counts hours
/// (LG-05, LG-09: 48 h) an instant may stand beside its date (DESIGN §4).
public struct CaseDates: Codable, Sendable, Hashable {
    public var sale: LocalDate?
    public var delivery: LocalDate?
    public var signedFor: LocalDate?
    public var groupBuySuccess: LocalDate?
    public var shipment: LocalDate?
    public var promisedShipBy: LocalDate?
    public var repairSubmitted: LocalDate?
    public var lastRepairCompleted: LocalDate?
    /// When the customer signed for the delivery, to the second (LG-05's 48 h photo route).
    public var signedForAt: Date?
    /// When customer service confirmed the return with the customer (LG-09: ship within 48 h).
    public var returnConfirmedAt: Date?
    /// When the customer handed the return to the carrier (LG-09).
    public var returnShippedAt: Date?

    public init(
        sale: LocalDate? = nil,
        delivery: LocalDate? = nil,
        signedFor: LocalDate? = nil,
        groupBuySuccess: LocalDate? = nil,
        shipment: LocalDate? = nil,
        promisedShipBy: LocalDate? = nil,
        repairSubmitted: LocalDate? = nil,
        lastRepairCompleted: LocalDate? = nil,
        signedForAt: Date? = nil,
        returnConfirmedAt: Date? = nil,
        returnShippedAt: Date? = nil
    ) {
        self.sale = sale
        self.delivery = delivery
        self.signedFor = signedFor
        self.groupBuySuccess = groupBuySuccess
        self.shipment = shipment
        self.promisedShipBy = promisedShipBy
        self.repairSubmitted = repairSubmitted
        self.lastRepairCompleted = lastRepairCompleted
        self.signedForAt = signedForAt
        self.returnConfirmedAt = returnConfirmedAt
        self.returnShippedAt = returnShippedAt
    }

    /// The instant of an hour-counted event, when known.
    public func instant(for anchor: InstantAnchor) -> Date? {
        switch anchor {
        case .signedFor: signedForAt
        case .returnConfirmed: returnConfirmedAt
        case .returnShipped: returnShippedAt
        }
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
        case signedForAt, returnConfirmedAt, returnShippedAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func instant(_ key: CodingKeys) throws -> Date? {
            guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard let date = RFC3339.date(text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "must be an RFC 3339 instant")
            }
            return date
        }
        self.init(
            sale: try c.decodeIfPresent(LocalDate.self, forKey: .sale),
            delivery: try c.decodeIfPresent(LocalDate.self, forKey: .delivery),
            signedFor: try c.decodeIfPresent(LocalDate.self, forKey: .signedFor),
            groupBuySuccess: try c.decodeIfPresent(LocalDate.self, forKey: .groupBuySuccess),
            shipment: try c.decodeIfPresent(LocalDate.self, forKey: .shipment),
            promisedShipBy: try c.decodeIfPresent(LocalDate.self, forKey: .promisedShipBy),
            repairSubmitted: try c.decodeIfPresent(LocalDate.self, forKey: .repairSubmitted),
            lastRepairCompleted: try c.decodeIfPresent(LocalDate.self, forKey: .lastRepairCompleted),
            signedForAt: try instant(.signedForAt),
            returnConfirmedAt: try instant(.returnConfirmedAt),
            returnShippedAt: try instant(.returnShippedAt)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(sale, forKey: .sale)
        try c.encodeIfPresent(delivery, forKey: .delivery)
        try c.encodeIfPresent(signedFor, forKey: .signedFor)
        try c.encodeIfPresent(groupBuySuccess, forKey: .groupBuySuccess)
        try c.encodeIfPresent(shipment, forKey: .shipment)
        try c.encodeIfPresent(promisedShipBy, forKey: .promisedShipBy)
        try c.encodeIfPresent(repairSubmitted, forKey: .repairSubmitted)
        try c.encodeIfPresent(lastRepairCompleted, forKey: .lastRepairCompleted)
        try c.encodeIfPresent(signedForAt.map(RFC3339.string), forKey: .signedForAt)
        try c.encodeIfPresent(returnConfirmedAt.map(RFC3339.string), forKey: .returnConfirmedAt)
        try c.encodeIfPresent(returnShippedAt.map(RFC3339.string), forKey: .returnShippedAt)
    }
}

/// An event a rule counts in hours from, known to the second (DESIGN §4 allows an instant beside a date).
public enum InstantAnchor: String, Codable, Sendable, Hashable, CaseIterable {
    case signedFor = "signed_for"
    case returnConfirmed = "return_confirmed"
    case returnShipped = "return_shipped"

    /// The date that stands for the instant when only the date is known.
    var dateAnchor: DateAnchor? {
        switch self {
        case .signedFor: .signing
        case .returnConfirmed, .returnShipped: nil
        }
    }
}

/// A measured quantity a rule has a threshold for, in integer units (never floating point).
public enum Measurement: String, Codable, Sendable, Hashable, CaseIterable {
    /// Length of the glue opening of a shoe, in millimetres (DS-03 ≤ 50 mm repair, DS-04 C > 50 mm exchange).
    case glueGapMillimetres = "glue_gap_mm"

    public var label: LocalizedText {
        switch self {
        case .glueGapMillimetres: LocalizedText("开胶长度(毫米)", "glue opening (mm)")
        }
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
    /// FN-09: the day an exchange handed over a replacement — the 三包 period (the pausable windows) runs
    /// again from it.
    public var periodRestartedOn: LocalDate?
    /// Value of a gift the customer cannot return (TB-06).
    public var giftValue: Money?
    /// Return freight actually incurred and proven by a carrier voucher (TB-14, TB-15).
    public var provenReturnFreight: Money?
    /// Freight the customer paid on an unauthorised freight-collect delivery (TB-04).
    public var collectFreightPaid: Money?
    /// Price of the item wanted in an exchange (LG-07 settles the difference both ways).
    public var replacementPrice: Money?
    /// Measured quantities, by measurement (DS-03/DS-04's glue opening); absent = not measured.
    public var measurements: [Measurement: Int]

    public init(
        pricePaid: Money,
        line: OrderLine,
        dates: CaseDates = CaseDates(),
        flags: some Sequence<FactFlag> = [],
        repairsOfSameDefect: Int = 0,
        pausedDays: Int = 0,
        periodRestartedOn: LocalDate? = nil,
        giftValue: Money? = nil,
        provenReturnFreight: Money? = nil,
        collectFreightPaid: Money? = nil,
        replacementPrice: Money? = nil,
        measurements: [Measurement: Int] = [:]
    ) {
        self.pricePaid = pricePaid
        self.line = line
        self.dates = dates
        self.flags = Array(Set(flags)).sorted()
        self.repairsOfSameDefect = repairsOfSameDefect
        self.pausedDays = pausedDays
        self.periodRestartedOn = periodRestartedOn
        self.giftValue = giftValue
        self.provenReturnFreight = provenReturnFreight
        self.collectFreightPaid = collectFreightPaid
        self.replacementPrice = replacementPrice
        self.measurements = measurements
    }

    /// The most flags a request may list (as sent, before duplicates are dropped).
    public static let maxFlags = 100

    public func has(_ flag: FactFlag) -> Bool { flags.contains(flag) }

    public mutating func set(_ flag: FactFlag, _ on: Bool = true) {
        var all = Set(flags)
        if on { all.insert(flag) } else { all.remove(flag) }
        flags = all.sorted()
    }

    enum CodingKeys: String, CodingKey {
        case pricePaid, line, dates, flags, repairsOfSameDefect, pausedDays, periodRestartedOn, giftValue, provenReturnFreight
        case collectFreightPaid, replacementPrice, measurements
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let flags = try c.decodeIfPresent([FactFlag].self, forKey: .flags) ?? []
        if flags.count > Self.maxFlags {
            throw DecodingError.dataCorruptedError(forKey: .flags, in: c, debugDescription: "at most \(Self.maxFlags) flags")
        }
        self.init(
            pricePaid: try c.decode(Money.self, forKey: .pricePaid),
            line: try c.decode(OrderLine.self, forKey: .line),
            dates: try c.decodeIfPresent(CaseDates.self, forKey: .dates) ?? CaseDates(),
            flags: flags,
            repairsOfSameDefect: try c.decodeIfPresent(Int.self, forKey: .repairsOfSameDefect) ?? 0,
            pausedDays: try c.decodeIfPresent(Int.self, forKey: .pausedDays) ?? 0,
            periodRestartedOn: try c.decodeIfPresent(LocalDate.self, forKey: .periodRestartedOn),
            giftValue: try c.decodeIfPresent(Money.self, forKey: .giftValue),
            provenReturnFreight: try c.decodeIfPresent(Money.self, forKey: .provenReturnFreight),
            collectFreightPaid: try c.decodeIfPresent(Money.self, forKey: .collectFreightPaid),
            replacementPrice: try c.decodeIfPresent(Money.self, forKey: .replacementPrice),
            measurements: try Self.decodeMeasurements(c)
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
        try c.encodeIfPresent(periodRestartedOn, forKey: .periodRestartedOn)
        try c.encodeIfPresent(giftValue, forKey: .giftValue)
        try c.encodeIfPresent(provenReturnFreight, forKey: .provenReturnFreight)
        try c.encodeIfPresent(collectFreightPaid, forKey: .collectFreightPaid)
        try c.encodeIfPresent(replacementPrice, forKey: .replacementPrice)
        if !measurements.isEmpty {
            try c.encode(Dictionary(uniqueKeysWithValues: measurements.map { ($0.key.rawValue, $0.value) }), forKey: .measurements)
        }
    }

    /// `{"glue_gap_mm": 60}`: keys are measurement names, values non-negative integers.
    private static func decodeMeasurements(_ c: KeyedDecodingContainer<CodingKeys>) throws -> [Measurement: Int] {
        guard let raw = try c.decodeIfPresent([String: Int].self, forKey: .measurements) else { return [:] }
        var out: [Measurement: Int] = [:]
        for (key, value) in raw {
            guard let m = Measurement(rawValue: key) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .measurements,
                    in: c,
                    debugDescription: "unknown measurement \(key); known: \(Measurement.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            guard value >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: .measurements, in: c, debugDescription: "\(key) must not be negative")
            }
            out[m] = value
        }
        return out
    }
}
