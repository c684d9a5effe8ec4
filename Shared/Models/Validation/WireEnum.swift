/// An enum as it travels: a lower_snake string (DESIGN §4, §9), defined once here. Reading a value it does
/// not know names the ones it does, so a client learns what to send ("must be one of refund_only, …")
/// instead of Swift's "Cannot initialize Resolution from invalid String value".
public protocol WireEnum: RawRepresentable, CaseIterable, Codable, Sendable where RawValue == String {}

extension WireEnum {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: Self.allowedValuesReason)
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// "must be one of a, b, c".
    public static var allowedValuesReason: String {
        "must be one of " + allCases.map(\.rawValue).joined(separator: ", ")
    }
}
