public import Foundation

/// A value encoded once and spliced into every document that carries it. CreateCase's judgement — the
/// platform's largest value on its busiest write — goes into `case.registered` and into the answer; within
/// ``$judgement``'s scope a ``CaseJudgement`` encodes as a unique placeholder string, which the platform's
/// JSON writer (`WireJSON.encode`) replaces by the bytes encoded here. The bytes are the same as encoding it
/// in place would give (same encoder), so readers see no difference.
public struct JSONSplice: Sendable {
    /// The judgement being spliced into the documents encoded in this task, if any.
    @TaskLocal public static var judgement: JSONSplice?

    /// What the value encodes as within the scope: letters, digits and dashes only, so that a JSON encoder
    /// writes it unescaped, and unique, so that it cannot be anything else.
    public let token: String
    public let bytes: Data

    public init<Value: Encodable>(_ value: Value, encoder: JSONEncoder) throws {
        bytes = try encoder.encode(value)
        token = "spliced-json-\(UUID().uuidString)"
    }

    /// `document` with every quoted placeholder replaced by the value's JSON.
    public func splice(into document: Data) -> Data {
        let placeholder = Data("\"\(token)\"".utf8)
        var result = document
        var searchFrom = result.startIndex
        while let found = result.range(of: placeholder, in: searchFrom..<result.endIndex) {
            result.replaceSubrange(found, with: bytes)
            searchFrom = found.lowerBound + bytes.count
        }
        return result
    }
}
