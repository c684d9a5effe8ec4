public import Foundation

/// The data of one event type at one schema version. A new version is a new type; the old one stays in
/// the catalog as long as a consumer may receive it, so a new version never breaks an old consumer.
public protocol EventPayload: Codable, Sendable, Equatable {
    /// Dotted lower_snake (`case.registered`).
    static var type: String { get }
    static var schemaVersion: Int { get }
    /// What the event's subject is (`case`).
    static var subjectKind: String { get }
    /// The service that publishes it.
    static var producer: String { get }
    /// One line for the catalog document partners read.
    static var summary: String { get }
    /// A representative value, checked against the golden JSON.
    static var example: Self { get }
}

extension UUID {
    /// Lowercase, as ids travel on the wire (DESIGN §9).
    public var wireText: String { uuidString.lowercased() }
}

extension KeyedDecodingContainer {
    public func decodeWireUUID(forKey key: Key) throws -> UUID {
        let text = try decode(String.self, forKey: key)
        guard let uuid = UUID(uuidString: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not a UUID")
        }
        return uuid
    }

    public func decodeWireUUIDIfPresent(forKey key: Key) throws -> UUID? {
        try contains(key) && !decodeNil(forKey: key) ? decodeWireUUID(forKey: key) : nil
    }

    public func decodeRFC3339(forKey key: Key) throws -> Date {
        let text = try decode(String.self, forKey: key)
        guard let date = RFC3339.date(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not an RFC 3339 instant")
        }
        return date
    }

    public func decodeRFC3339IfPresent(forKey key: Key) throws -> Date? {
        try contains(key) && !decodeNil(forKey: key) ? decodeRFC3339(forKey: key) : nil
    }

    public func decodeWireUUIDs(forKey key: Key) throws -> [UUID] {
        try decode([String].self, forKey: key).map { text in
            guard let uuid = UUID(uuidString: text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not a UUID")
            }
            return uuid
        }
    }
}
