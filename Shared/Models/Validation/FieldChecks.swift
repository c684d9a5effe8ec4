public import Foundation

/// Collects every field at fault in one request, so a client learns all its mistakes at once
/// (`invalid_argument` with one detail per field). Lengths count Unicode scalars of the text as sent, as
/// PostgreSQL's `length()` and JSON Schema's `maxLength` do: a decomposed "é" is two, so a limit here is
/// the limit in the contract and in the database, and a text of `max` characters is at most `4 × max`
/// bytes (index entries stay bounded). Each check returns the cleaned value, or a placeholder
/// when it failed; callers build their value only when ``error`` is nil.
public struct FieldChecks: Sendable {
    public private(set) var violations: [FieldViolation] = []

    public init() {}

    /// The error to answer with, if any check failed.
    public var error: ErrorBody? { violations.isEmpty ? nil : .invalidArgument(violations) }

    /// Throws ``error`` when a check failed: the values checked so far are then safe to use.
    public func throwIfFailed() throws(ErrorBody) {
        if let error { throw error }
    }

    /// A required id as ids travel on the wire, for an operation that checks nothing else.
    public static func uuid(_ value: String, _ field: String) throws(ErrorBody) -> UUID {
        guard let id = UUID(uuidString: value) else {
            throw ErrorBody.invalidArgument([FieldViolation(field: field, reason: "must be a UUID")])
        }
        return id
    }

    /// One required text, for an operation that checks nothing else (see ``text(_:_:max:)``).
    public static func text(_ value: String, _ field: String, max: Int) throws(ErrorBody) -> String {
        var checks = FieldChecks()
        let text = checks.text(value, field, max: max)
        try checks.throwIfFailed()
        return text
    }

    /// One optional text, for an operation that checks nothing else (see ``optionalText(_:_:max:)``).
    public static func optionalText(_ value: String?, _ field: String, max: Int) throws(ErrorBody) -> String? {
        var checks = FieldChecks()
        let text = checks.optionalText(value, field, max: max)
        try checks.throwIfFailed()
        return text
    }

    /// The most details one answer carries; past it the client has enough to fix.
    public static let maxViolations = 50

    public mutating func fail(_ field: String, _ reason: String) {
        guard violations.count < Self.maxViolations else { return }
        violations.append(FieldViolation(field: field, reason: reason))
    }

    /// Required text: at most `max` characters as sent (the contract's `maxLength`), not blank, kept trimmed.
    @discardableResult
    public mutating func text(_ value: String, _ field: String, max: Int) -> String {
        let trimmed = value.trimmed
        if value.unicodeScalars.count > max {
            fail(field, "must be at most \(max) characters")
        } else if trimmed.isEmpty {
            fail(field, "must not be empty")
        }
        return trimmed
    }

    /// Optional text: at most `max` characters as sent; kept trimmed; blank counts as absent.
    public mutating func optionalText(_ value: String?, _ field: String, max: Int) -> String? {
        guard let value else { return nil }
        if value.unicodeScalars.count > max { fail(field, "must be at most \(max) characters") }
        let trimmed = value.trimmed
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A filter's choice sent as "": the OpenAPI generator reads a nullable enum's `null` member as a case whose
    /// raw value is the empty string (JSON null itself decodes as absent), so "" decodes though the contract
    /// lists no such value — refused here, on `field`.
    public mutating func choice<E: RawRepresentable>(_ value: E?, _ field: String) where E.RawValue == String {
        if value?.rawValue == "" { fail(field, "must be one of the listed values") }
    }

    /// A UUID as ids travel on the wire.
    public mutating func uuid(_ value: String, _ field: String) -> UUID? {
        guard let id = UUID(uuidString: value) else {
            fail(field, "must be a UUID")
            return nil
        }
        return id
    }

    /// A phone number as typed (spaces, dashes, brackets, +86 or 0086), normalised; nil when absent or not
    /// one. The number itself is never echoed: it is personal data.
    public mutating func phone(_ value: String?, _ field: String, max: Int = 32) -> PhoneNumber? {
        guard let value else { return nil }
        guard value.unicodeScalars.count <= max, let phone = PhoneNumber(value) else {
            fail(field, "must be a phone number: 11-digit mobile, landline with area code, or +country code")
            return nil
        }
        return phone
    }

    public mutating func optionalUUID(_ value: String?, _ field: String) -> UUID? {
        guard let value else { return nil }
        return uuid(value, field)
    }

    /// An amount in minor units of a supported currency, within `range`.
    public mutating func money(_ value: Money, _ field: String, range: ClosedRange<Int64>) -> Money {
        if !Money.supportedCurrencies.contains(value.currency) {
            fail("\(field).currency", "must be one of \(Money.supportedCurrencies.sorted().joined(separator: ", "))")
        }
        if !range.contains(value.amountMinor) {
            fail("\(field).amountMinor", "must be from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A whole number (a quantity, a count of days) within `range`.
    public mutating func number(_ value: Int64, _ field: String, range: ClosedRange<Int64>) -> Int {
        guard range.contains(value) else {
            fail(field, "must be from \(range.lowerBound) to \(range.upperBound)")
            return Int(range.lowerBound)
        }
        return Int(value)
    }

    /// An optional whole number within `range`; `fallback` when absent.
    public mutating func number(_ value: Int64?, _ field: String, range: ClosedRange<Int64>, fallback: Int) -> Int {
        guard let value else { return fallback }
        return number(value, field, range: range)
    }

    /// A list of texts: each trimmed and checked, blanks refused, duplicates (after trimming) removed,
    /// between `count.lowerBound` and `count.upperBound` entries.
    /// `entry` adds a check of each cleaned entry's own (it returns the reason it is refused, or nil); the
    /// field named is the entry's index in the request.
    public mutating func texts(
        _ values: [String],
        _ field: String,
        count: ClosedRange<Int>,
        max: Int,
        entry: (String) -> String? = { _ in nil }
    ) -> [String] {
        if !count.contains(values.count) {
            fail(field, "must have from \(count.lowerBound) to \(count.upperBound) entries")
            if values.count > count.upperBound { return [] }
        }
        var seen = Set<String>()
        var cleaned: [String] = []
        for (index, value) in values.enumerated() {
            let before = violations.count
            let text = text(value, "\(field)[\(index)]", max: max)
            guard violations.count == before else { continue }
            if let reason = entry(text) {
                fail("\(field)[\(index)]", reason)
            } else if seen.insert(text).inserted {
                cleaned.append(text)
            }
        }
        return cleaned
    }
}

extension Money {
    /// Currencies the platform books amounts in. Amounts are never converted, only compared within one.
    public static let supportedCurrencies: Set<String> = ["CNY", "HKD", "USD"]
}
