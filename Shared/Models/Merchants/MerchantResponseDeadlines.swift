/// The merchant's own deadlines, in hours, where they differ from the tenant's policy (nil: the tenant's):
/// acknowledge a case queued for it, inspect an item it received, propose a resolution, return the item.
public struct MerchantResponseDeadlines: Sendable, Hashable, Codable {
    /// Up to 90 days.
    public static let hours = 1...2160

    public var acknowledgeHours: Int?
    public var inspectHours: Int?
    public var proposeHours: Int?
    public var returnItemHours: Int?

    public init(acknowledgeHours: Int? = nil, inspectHours: Int? = nil, proposeHours: Int? = nil, returnItemHours: Int? = nil) {
        self.acknowledgeHours = acknowledgeHours
        self.inspectHours = inspectHours
        self.proposeHours = proposeHours
        self.returnItemHours = returnItemHours
    }

    public var named: [(String, Int?)] {
        [
            ("acknowledgeHours", acknowledgeHours), ("inspectHours", inspectHours), ("proposeHours", proposeHours),
            ("returnItemHours", returnItemHours),
        ]
    }
}
