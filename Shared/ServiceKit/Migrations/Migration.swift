import Crypto
import Foundation

/// One step of a service's schema, applied once, in order, by the `migrate` subcommand.
///
/// A migration is identified by its name; its checksum (SHA-256 of the SQL) lets `migrate` refuse a
/// database where an applied migration was since edited, instead of silently diverging.
public struct Migration: Sendable, Hashable {
    public let name: String
    /// The statements, run in order in one transaction. A list rather than one script: the extended
    /// query protocol, which binds values, takes one statement at a time.
    public let statements: [String]

    public init(_ name: String, statements: [String]) {
        self.name = name
        self.statements = statements
    }

    public var checksum: String {
        SHA256.hash(data: Data(statements.joined(separator: "\n;\n").utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
