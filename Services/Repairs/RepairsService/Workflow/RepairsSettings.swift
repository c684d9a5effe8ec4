public import ServiceKit

/// Repairs' terms: how long a repair's own warranty lasts (the seeds give no figure — SH-12 only says one
/// exists), and how long Parts holds a repair's parts (through the customer's answers and waits, so longer
/// than Parts' default for a walk-up reservation).
public struct RepairsSettings: Sendable, Equatable {
    public var warrantyDays: Int
    public var partsHoldHours: Int

    public init(warrantyDays: Int = 90, partsHoldHours: Int = 720) {
        self.warrantyDays = warrantyDays
        self.partsHoldHours = partsHoldHours
    }

    public init(settings: Settings) {
        self.init(
            warrantyDays: min(3_650, max(0, settings.int(Self.warranty))),
            partsHoldHours: min(720, max(1, settings.int(Self.partsHold)))
        )
    }

    static let defaults = RepairsSettings()
    public static let warranty = SettingKey(
        "repairs.warranty_days",
        .integer,
        default: "\(defaults.warrantyDays)",
        "Days (0–3650) a repair's own warranty (质量保证书) runs from its settlement; a repair of the same device within it is free (SH-12)."
    )
    public static let partsHold = SettingKey(
        "repairs.parts_hold_hours",
        .integer,
        default: "\(defaults.partsHoldHours)",
        "Hours (1–720) Parts holds the parts of an accepted quote for the order unless they are fitted or released first."
    )
    public static var all: [SettingKey] { [warranty, partsHold] }
}
