import Foundation
import Models

/// Checks on a raw request body that must happen before any decoding or SQL: valid UTF-8, and no NUL
/// character anywhere — PostgreSQL refuses NUL in text, so letting one through would answer 500.
enum JSONTextInspection {
    /// The first problem found, as a field violation naming where it is.
    static func violation(in bytes: [UInt8]) -> FieldViolation? {
        if bytes.contains(0) {
            return FieldViolation(field: "body", reason: "must not contain NUL characters")
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            return FieldViolation(field: "body", reason: "must be valid UTF-8")
        }
        guard containsEscapedNUL(bytes) else { return nil }
        // Rare path: find which field holds it, so the answer can name it.
        let field =
            (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]))
            .flatMap { pathToNUL(in: $0, path: "") } ?? "body"
        return FieldViolation(field: field.isEmpty ? "body" : field, reason: "must not contain NUL characters")
    }

    /// Whether the JSON text holds a `\u0000` escape (a backslash that is itself escaped does not count).
    static func containsEscapedNUL(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            let next = index + 1
            if next < bytes.count, bytes[next] == UInt8(ascii: "u"), next + 4 < bytes.count,
                bytes[(next + 1)...(next + 4)].allSatisfy({ $0 == UInt8(ascii: "0") })
            {
                return true
            }
            index += 2  // skip the escaped character, whatever it is
        }
        return false
    }

    private static func pathToNUL(in value: Any, path: String) -> String? {
        switch value {
        case let text as String:
            return text.utf8.contains(0) ? path : nil
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                let child = path.isEmpty ? key : "\(path).\(key)"
                if key.utf8.contains(0) { return child }
                if let found = pathToNUL(in: object[key]!, path: child) { return found }
            }
            return nil
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = pathToNUL(in: element, path: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return nil
        }
    }
}
