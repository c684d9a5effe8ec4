/// The rule family a preset encodes (rules.md §3 sections).
public enum RuleFamily: String, Codable, Sendable, Hashable, CaseIterable {
    case pinduoduoPlatform = "pinduoduo_platform"  // §3.1
    case taobaoDisputes = "taobao_disputes"  // §3.2
    case leatherGoods = "leather_goods"  // §3.3
    case computerMall = "computer_mall"  // §3.4
    case departmentStore = "department_store"  // §3.5
    case furniture  // §3.6
    case laptopShop = "laptop_shop"  // §3.7
    case smartHome = "smart_home"  // §3.8
    case snackShop = "snack_shop"  // §3.10
    case clothingShop = "clothing_shop"  // §3.11
}

/// A tenant's versioned after-sales policy: which resolutions are allowed for which products, within which
/// windows from which event, what blocks them, what they cost, who pays shipping, which timers run.
/// Rules are data; ``PolicyEngine/evaluate(facts:policy:calendar:now:)`` interprets them.
public struct PolicyDocument: Codable, Sendable, Hashable {
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var policyId: String
    public var version: Int
    public var family: RuleFamily
    public var name: LocalizedText
    public var currency: String
    /// Resolutions this policy can ever grant (nil = all); others are refused citing `offeredRuleIds`.
    public var offered: [Resolution]?
    public var offeredRuleIds: [String]
    /// Entitlements in priority order: the first that grants a resolution decides it.
    public var entitlements: [EntitlementRule]
    public var blocks: [BlockRule]
    /// First match per resolution wins.
    public var shipping: [ShippingRule]
    public var timers: [TimerRule]
    public var notes: [NoteRule]
    /// How this policy resolved the ambiguities of rules.md §8 (recorded for audit; already applied).
    public var settings: [PolicySetting]
    /// The follow-up call windows of its cases (T-28, T-29, §8 item 1's variants); the tenant's care settings
    /// when absent.
    public var followUp: FollowUpSchedule?

    public init(
        policyId: String,
        version: Int = 1,
        family: RuleFamily,
        name: LocalizedText,
        currency: String = "CNY",
        offered: [Resolution]? = nil,
        offeredRuleIds: [String] = [],
        entitlements: [EntitlementRule],
        blocks: [BlockRule] = [],
        shipping: [ShippingRule] = [],
        timers: [TimerRule] = [],
        notes: [NoteRule] = [],
        settings: [PolicySetting] = [],
        followUp: FollowUpSchedule? = nil
    ) {
        self.schemaVersion = Self.currentSchemaVersion
        self.policyId = policyId
        self.version = version
        self.family = family
        self.name = name
        self.currency = currency
        self.offered = offered
        self.offeredRuleIds = offeredRuleIds
        self.entitlements = entitlements
        self.blocks = blocks
        self.shipping = shipping
        self.timers = timers
        self.notes = notes
        self.settings = settings
        self.followUp = followUp
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion, policyId, version, family, name, currency, offered, offeredRuleIds, entitlements
        case blocks, shipping, timers, notes, settings, followUp
    }
}

/// Which order lines a rule applies to; an empty list means "any".
public struct ProductMatch: Codable, Sendable, Hashable {
    public var categories: [String]
    public var brands: [String]
    public var excludedBrands: [String]
    public var models: [String]

    public init(categories: [String] = [], brands: [String] = [], excludedBrands: [String] = [], models: [String] = []) {
        self.categories = categories
        self.brands = brands
        self.excludedBrands = excludedBrands
        self.models = models
    }

    public static let any = ProductMatch()

    public func matches(_ line: OrderLine) -> Bool {
        if !categories.isEmpty && !categories.contains(line.category) { return false }
        let brand = line.brand.lowercased()
        if !brands.isEmpty && !brands.contains(where: { $0.lowercased() == brand }) { return false }
        if excludedBrands.contains(where: { $0.lowercased() == brand }) { return false }
        if !models.isEmpty && !models.contains(line.model ?? "") { return false }
        return true
    }

    enum CodingKeys: String, CodingKey { case categories, brands, excludedBrands, models }
}

/// A window measured from an event: open after `opensAfter` (if any) until the last day of `closesAfter`
/// (if any). `ruleIds` are the timer ids of rules.md §5 that describe it (T-xx).
public struct Window: Codable, Sendable, Hashable {
    public var anchor: DateAnchor
    public var opensAfter: Period?
    public var closesAfter: Period?
    /// FN-01: days away for factory repair or waiting for parts extend the window.
    public var pausable: Bool
    public var ruleIds: [String]

    public init(from anchor: DateAnchor, opensAfter: Period? = nil, closesAfter: Period? = nil, pausable: Bool = false, ruleIds: [String] = []) {
        self.anchor = anchor
        self.opensAfter = opensAfter
        self.closesAfter = closesAfter
        self.pausable = pausable
        self.ruleIds = ruleIds
    }

    enum CodingKeys: String, CodingKey { case anchor, opensAfter, closesAfter, pausable, ruleIds }
}

/// A condition the entitlement needs, and the rule ids to cite when it does not hold (e.g. B-03).
public struct Requirement: Codable, Sendable, Hashable {
    public var condition: Condition
    public var ruleIds: [String]

    public init(_ condition: Condition, _ ruleIds: [String] = []) {
        self.condition = condition
        self.ruleIds = ruleIds
    }

    enum CodingKeys: String, CodingKey { case condition, ruleIds }
}

/// Whether a rule grants a resolution or only opens a negotiation (LG-19, DS-14, CM-05).
public enum EntitlementOutcome: String, Codable, Sendable, Hashable {
    case grant
    case negotiate
}

/// Who decides or performs the resolution.
public enum Handler: String, Codable, Sendable, Hashable {
    case merchant
    case platform
    case manufacturerRepairCentre = "manufacturer_repair_centre"
}

/// One entitlement: `resolution` for products matching `match`, when every requirement holds, inside
/// `window`, with fees and a payout.
public struct EntitlementRule: Codable, Sendable, Hashable {
    public var ruleIds: [String]
    public var resolution: Resolution
    public var match: ProductMatch
    public var requires: [Requirement]
    public var window: Window?
    public var outcome: EntitlementOutcome
    public var handler: Handler
    public var fees: [FeeRule]
    public var payout: Payout
    /// LG-07: settle the price difference of an exchange both ways (多退少补).
    public var settlesPriceDifference: Bool
    /// CM-05: the rule applies only once every window of this resolution has closed, and reports them.
    public var follows: Resolution?

    public init(
        _ ruleIds: [String],
        _ resolution: Resolution,
        match: ProductMatch = .any,
        requires: [Requirement] = [],
        window: Window? = nil,
        outcome: EntitlementOutcome = .grant,
        handler: Handler = .merchant,
        fees: [FeeRule] = [],
        payout: Payout? = nil,
        settlesPriceDifference: Bool = false,
        follows: Resolution? = nil
    ) {
        self.ruleIds = ruleIds
        self.resolution = resolution
        self.match = match
        self.requires = requires
        self.window = window
        self.outcome = outcome
        self.handler = handler
        self.fees = fees
        self.payout = payout ?? (resolution == .refundOnly || resolution == .returnAndRefund ? .pricePaid : .none)
        self.settlesPriceDifference = settlesPriceDifference
        self.follows = follows
    }

    enum CodingKeys: String, CodingKey {
        case ruleIds, resolution, match, requires, window, outcome, handler, fees, payout, settlesPriceDifference, follows
    }
}

/// A recorded choice for an ambiguity of rules.md §8.
public struct PolicySetting: Codable, Sendable, Hashable {
    public var key: String
    public var value: String
    /// The §8 item (or gap) this setting resolves, e.g. "rules.md §8 item 11".
    public var source: String

    public init(_ key: String, _ value: String, source: String) {
        self.key = key
        self.value = value
        self.source = source
    }

    enum CodingKeys: String, CodingKey { case key, value, source }
}
