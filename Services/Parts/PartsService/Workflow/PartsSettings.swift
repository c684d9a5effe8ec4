public import ServiceKit

/// Parts' clocks: how long a reservation holds stock for a repair order when the caller does not say, and
/// how often a supplier late with a delivery is chased.
public struct PartsSettings: Sendable, Equatable {
    public var reservationHoldHours: Int
    public var deliveryChaseHours: Int

    public init(reservationHoldHours: Int = 72, deliveryChaseHours: Int = 24) {
        self.reservationHoldHours = reservationHoldHours
        self.deliveryChaseHours = deliveryChaseHours
    }

    public init(settings: Settings) {
        // At least an hour each: a zero hold would expire reservations as they are made, a zero chase
        // interval would chase a late supplier in a loop.
        self.init(
            reservationHoldHours: max(1, settings.int(Self.reservationHold)),
            deliveryChaseHours: max(1, settings.int(Self.deliveryChase))
        )
    }

    static let defaults = PartsSettings()
    public static let reservationHold = SettingKey(
        "parts.reservation_hold_hours",
        .integer,
        default: "\(defaults.reservationHoldHours)",
        "Hours (at least 1) a reservation holds stock for a repair order, unless the caller asks for another hold; then it expires and the stock is available again."
    )
    public static let deliveryChase = SettingKey(
        "parts.delivery_chase_hours",
        .integer,
        default: "\(defaults.deliveryChaseHours)",
        "Hours (at least 1) between chases of a supplier whose delivery is past its expected arrival."
    )
    public static var all: [SettingKey] { [reservationHold, deliveryChase] }
}
