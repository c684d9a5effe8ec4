import Foundation
import Models

/// A dashboard's filter over the tenant's cases (ListCases, ExportCases), checked and in its canonical form.
/// Pure: the store turns it into one bound query.
struct CaseListFilter: Sendable, Equatable {
    var statuses: [CaseStatus]?
    var merchantID: UUID?
    var requestedResolution: Resolution?
    var decidedResolution: Resolution?
    var category: String?
    var brand: String?
    var channel: CaseChannel?
    var createdFrom: Date?
    var createdBefore: Date?
    var overdue: Bool?
    var text: CaseTextSearch?

    /// The filter's canonical text, which a page token is bound to.
    var canonical: String {
        let millis = { (date: Date?) in date.map { String(Int64((($0.timeIntervalSince1970) * 1000).rounded(.down))) } ?? "" }
        return [
            statuses.map { $0.map(\.rawValue).sorted().joined(separator: ",") } ?? "",
            merchantID?.uuidString.lowercased() ?? "",
            requestedResolution?.rawValue ?? "",
            decidedResolution?.rawValue ?? "",
            category ?? "",
            brand ?? "",
            channel?.rawValue ?? "",
            millis(createdFrom),
            millis(createdBefore),
            overdue.map { $0 ? "1" : "0" } ?? "",
            text.map { "\($0.scope.rawValue):\($0.text)" } ?? "",
        ].joined(separator: "\u{1F}")
    }
}

/// Text a dashboard searches for, and where (rules.md §2(i): customers are found by name, phone, order,
/// serial). A trigram index finds three characters or more anywhere; two characters — a two-character
/// Chinese name such as 张伟 — have no trigram, so they match the start of the customer's name instead;
/// four digits are what customer service asks for ("the last four of your phone"), matched exactly by an
/// index of their own (digits are too common in trigrams to find them fast).
struct CaseTextSearch: Sendable, Equatable {
    enum Scope: String, Sendable {
        /// Name, phone, order number, serial and product.
        case everywhere
        /// Order number, serial and product: a merchant's search never reads the customer.
        case withoutCustomer = "without_customer"
        /// The start of the customer's name (a two-character query).
        case customerNameStart = "name_start"
        /// The last four digits of the customer's phone (a query of four digits).
        case phoneLast4 = "phone_last4"
    }

    let text: String
    let scope: Scope

    /// The LIKE pattern: the text with `\`, `%` and `_` escaped, anywhere or at the start (the digits
    /// themselves for a phone's last four).
    var pattern: String {
        if scope == .phoneLast4 { return text }
        var escaped = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        return scope == .customerNameStart ? escaped + "%" : "%" + escaped + "%"
    }

    /// The search for `query` as typed (trimmed), or why it cannot be one.
    /// Why a query cannot be a search.
    struct Refusal: Error, Equatable {
        let reason: String
    }

    static func reading(_ query: String, forMerchant: Bool) -> Result<CaseTextSearch, Refusal> {
        let text = query.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.unicodeScalars.contains(where: { $0.value == 0 || $0.value == 0x1F }) {
            return .failure(Refusal(reason: "must not contain U+0000 or U+001F"))
        }
        // Counted as the contract counts (code points), not as grapheme clusters.
        switch text.unicodeScalars.count {
        case 0, 1:
            return .failure(Refusal(reason: forMerchant ? "must have at least 3 characters" : "must have at least 2 characters"))
        case 2:
            return forMerchant ? .failure(Refusal(reason: "must have at least 3 characters")) : .success(Self(text: text, scope: .customerNameStart))
        case 4 where !forMerchant && text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }):
            return .success(Self(text: text, scope: .phoneLast4))
        case 3...64:
            return .success(Self(text: text, scope: forMerchant ? .withoutCustomer : .everywhere))
        default:
            return .failure(Refusal(reason: "must have at most 64 characters"))
        }
    }
}

/// How ListCases orders its cases.
enum CaseListOrder: String, Sendable {
    /// Registered, newest first (registration time, then id).
    case newest
    /// The current step's deadline, soonest first; cases without one last.
    case deadline
}
