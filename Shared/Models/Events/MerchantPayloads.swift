public import Foundation

/// What every merchant registry event carries (rules.md §1, §2(b)): the merchant as it now stands, as much
/// as the services that keep a read model of merchants need — its name for display, its status (a
/// suspended merchant receives nothing new) and its regions. `merchantVersion` grows by one at every
/// change; a consumer keeps the highest it has seen, so a redelivered or late event changes nothing.
public struct MerchantSummary: Sendable, Equatable, Codable {
    public let merchantID: UUID
    public let merchantVersion: Int
    public let name: String
    public let status: MerchantStatus
    public let regions: [String]

    public init(merchantID: UUID, merchantVersion: Int, name: String, status: MerchantStatus, regions: [String]) {
        self.merchantID = merchantID
        self.merchantVersion = merchantVersion
        self.name = name
        self.status = status
        self.regions = regions
    }

    enum CodingKeys: String, CodingKey { case merchantId, merchantVersion, name, status, regions }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        merchantID = try c.decodeWireUUID(forKey: .merchantId)
        merchantVersion = try c.decode(Int.self, forKey: .merchantVersion)
        name = try c.decode(String.self, forKey: .name)
        status = try c.decode(MerchantStatus.self, forKey: .status)
        regions = try c.decode([String].self, forKey: .regions)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(merchantID.wireText, forKey: .merchantId)
        try c.encode(merchantVersion, forKey: .merchantVersion)
        try c.encode(name, forKey: .name)
        try c.encode(status, forKey: .status)
        try c.encode(regions, forKey: .regions)
    }

    static func example(version: Int, status: MerchantStatus) -> MerchantSummary {
        MerchantSummary(
            merchantID: UUID(uuidString: "019a0c4e-8a00-7000-8000-0000000000aa")!,
            merchantVersion: version,
            name: "华强电脑配件",
            status: status,
            regions: ["广东", "深圳"]
        )
    }
}

/// A tenant registered a merchant (`active`, version 1).
public struct MerchantRegistered: EventPayload {
    public static let type = "merchant.registered"
    public static let schemaVersion = 1
    public static let subjectKind = "merchant"
    public static let producer = "dispatch"
    public static let summary = "A merchant was registered with the tenant; it is active and may receive cases."
    public static var example: Self { Self(.example(version: 1, status: .active)) }

    public let merchant: MerchantSummary
    public init(_ merchant: MerchantSummary) { self.merchant = merchant }
    public init(from decoder: any Decoder) throws { merchant = try MerchantSummary(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try merchant.encode(to: encoder) }
}

/// The merchant's profile changed (name, contacts, regions, categories, brands or response deadlines).
public struct MerchantUpdated: EventPayload {
    public static let type = "merchant.updated"
    public static let schemaVersion = 1
    public static let subjectKind = "merchant"
    public static let producer = "dispatch"
    public static let summary = "A merchant's profile changed; the summary is the merchant as it now stands."
    public static var example: Self { Self(.example(version: 2, status: .active)) }

    public let merchant: MerchantSummary
    public init(_ merchant: MerchantSummary) { self.merchant = merchant }
    public init(from decoder: any Decoder) throws { merchant = try MerchantSummary(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try merchant.encode(to: encoder) }
}

/// The tenant suspended the merchant: it receives no new case, and its API keys mint no token.
public struct MerchantSuspended: EventPayload {
    public static let type = "merchant.suspended"
    public static let schemaVersion = 1
    public static let subjectKind = "merchant"
    public static let producer = "dispatch"
    public static let summary = "A merchant was suspended: no new case goes to it and its API keys mint no token until it is reinstated."
    public static var example: Self { Self(.example(version: 3, status: .suspended), reason: "多次超时未响应") }

    public let merchant: MerchantSummary
    /// Why, as the tenant admin wrote it.
    public let reason: String

    public init(_ merchant: MerchantSummary, reason: String) {
        self.merchant = merchant
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey { case reason }

    public init(from decoder: any Decoder) throws {
        merchant = try MerchantSummary(from: decoder)
        reason = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .reason)
    }

    public func encode(to encoder: any Encoder) throws {
        try merchant.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(reason, forKey: .reason)
    }
}

/// The tenant reinstated a suspended merchant: it may receive cases again.
public struct MerchantReinstated: EventPayload {
    public static let type = "merchant.reinstated"
    public static let schemaVersion = 1
    public static let subjectKind = "merchant"
    public static let producer = "dispatch"
    public static let summary = "A suspended merchant was reinstated and may receive cases again."
    public static var example: Self { Self(.example(version: 4, status: .active)) }

    public let merchant: MerchantSummary
    public init(_ merchant: MerchantSummary) { self.merchant = merchant }
    public init(from decoder: any Decoder) throws { merchant = try MerchantSummary(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try merchant.encode(to: encoder) }
}
