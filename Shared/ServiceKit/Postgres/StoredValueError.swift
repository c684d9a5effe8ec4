public import Foundation

/// A stored value this build cannot read (an enum value it does not know, malformed JSON): a data problem,
/// logged as such and answered `internal`.
public struct StoredValueError: Error, CustomStringConvertible {
    public let table: String
    public let id: UUID

    public init(table: String, id: UUID) {
        self.table = table
        self.id = id
    }

    public var description: String { "unreadable row in \(table): \(id.wire)" }
}
