import Foundation
import Models

/// A quote line as stored and sent (the contract's `QuoteLine`): its kind as a `kind` discriminator with that
/// kind's fields beside it (DESIGN §9), and — written, never read back — its value, what the customer is
/// charged and whether it carries no quality guarantee.
extension RepairQuote.Line: Codable {
    enum CodingKeys: String, CodingKey { case description, kind, coverage, minutes, hourlyRate, price, part, value, charged, noGuarantee }

    /// The line's currency: its rate's, price's or unit price's.
    public var currency: String {
        switch work {
        case .labour(_, let rate): rate.currency
        case .package(let price): price.currency
        case .part(let part): part.unitPrice.currency
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let work: Work
        switch try c.decode(String.self, forKey: .kind) {
        case "labour": work = .labour(minutes: try c.decode(Int.self, forKey: .minutes), hourlyRate: try c.decode(Money.self, forKey: .hourlyRate))
        case "package": work = .package(try c.decode(Money.self, forKey: .price))
        case "part": work = .part(try c.decode(Part.self, forKey: .part))
        case let other: throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown quote line kind \(other)")
        }
        self.init(try c.decode(String.self, forKey: .description), work, coverage: try c.decode(LineCoverage.self, forKey: .coverage))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(description, forKey: .description)
        try c.encode(coverage, forKey: .coverage)
        switch work {
        case .labour(let minutes, let rate):
            try c.encode("labour", forKey: .kind)
            try c.encode(minutes, forKey: .minutes)
            try c.encode(rate, forKey: .hourlyRate)
        case .package(let price):
            try c.encode("package", forKey: .kind)
            try c.encode(price, forKey: .price)
        case .part(let part):
            try c.encode("part", forKey: .kind)
            try c.encode(part, forKey: .part)
        }
        try c.encode(Money(currency: currency, amountMinor: value), forKey: .value)
        try c.encode(Money(currency: currency, amountMinor: charged), forKey: .charged)
        if case .part(let part) = work { try c.encode(part.noGuarantee, forKey: .noGuarantee) } else { try c.encode(false, forKey: .noGuarantee) }
    }
}

extension RepairQuote.Line.Part: Codable {
    enum CodingKeys: String, CodingKey {
        case partId, locationId, unitPrice, quantity, kind, origin, valueClass, keyComponent, customerInsisted, leadTimeDays
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            partID: try c.decodeWireUUIDIfPresent(forKey: .partId),
            locationID: try c.decodeWireUUIDIfPresent(forKey: .locationId),
            unitPrice: try c.decode(Money.self, forKey: .unitPrice),
            quantity: try c.decode(Int.self, forKey: .quantity),
            kind: try c.decode(PartKind.self, forKey: .kind),
            origin: try c.decode(PartOrigin.self, forKey: .origin),
            valueClass: try c.decode(ValueClass.self, forKey: .valueClass),
            keyComponent: try c.decode(Bool.self, forKey: .keyComponent),
            customerInsisted: try c.decode(Bool.self, forKey: .customerInsisted),
            leadTimeDays: try c.decode(Int.self, forKey: .leadTimeDays)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(partID?.wireText, forKey: .partId)
        try c.encodeIfPresent(locationID?.wireText, forKey: .locationId)
        try c.encode(unitPrice, forKey: .unitPrice)
        try c.encode(quantity, forKey: .quantity)
        try c.encode(kind, forKey: .kind)
        try c.encode(origin, forKey: .origin)
        try c.encode(valueClass, forKey: .valueClass)
        try c.encode(keyComponent, forKey: .keyComponent)
        try c.encode(customerInsisted, forKey: .customerInsisted)
        try c.encode(leadTimeDays, forKey: .leadTimeDays)
    }
}
