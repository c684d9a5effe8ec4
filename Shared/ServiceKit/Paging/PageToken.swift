import Crypto
public import Foundation
public import Models

/// One page of a keyset list (DESIGN §4): at most `size` rows after `after` in id order. Ids are UUIDv7,
/// so id order is creation order and a page stays stable while rows are inserted.
public struct PageRequest: Sendable, Equatable {
    public let size: Int
    /// The last id of the previous page; nil for the first page.
    public let after: UUID?
}

/// What a page token is valid for: the operation, the tenant, the caller's scope and the filter. A token is
/// refused anywhere else, so a client cannot page one list with another list's position.
public struct PageBinding: Sendable {
    public let operation: String
    public let tenant: TenantID
    public let merchantScope: UUID?
    /// The filter's canonical text (e.g. `status=active`); empty when unfiltered.
    public let filter: String

    public init(operation: String, tenant: TenantID, merchantScope: UUID?, filter: String) {
        self.operation = operation
        self.tenant = tenant
        self.merchantScope = merchantScope
        self.filter = filter
    }

    fileprivate func seal(_ after: UUID) -> String {
        let text = [operation, tenant.description, merchantScope?.wire ?? "", filter, after.wire].joined(separator: "\u{1F}")
        return SHA256.hash(data: Data(text.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
    }
}

/// Opaque page tokens: `base64url("p1.<last id>.<seal>")`, the seal binding the position to its list.
public enum PageToken {
    public static let defaultSize = 20
    public static let maxSize = 100

    /// Reads `pageSize` and `pageToken` as a client sent them.
    public static func request(pageSize: Int64?, pageToken: String?, binding: PageBinding) -> Result<PageRequest, ErrorBody> {
        var checks = FieldChecks()
        let size = pageSize ?? Int64(defaultSize)
        if !(1...Int64(maxSize)).contains(size) { checks.fail("pageSize", "must be from 1 to \(maxSize)") }
        var after: UUID?
        if let pageToken, !pageToken.isEmpty {
            after = decode(pageToken, binding: binding)
            if after == nil { checks.fail("pageToken", "is not a token of this list (tenant, caller and filter must match)") }
        }
        if let error = checks.error { return .failure(error) }
        return .success(PageRequest(size: Int(size), after: after))
    }

    /// The token for the page after the row `last`.
    public static func token(after last: UUID, binding: PageBinding) -> String {
        let text = "p1.\(last.wire).\(binding.seal(last))"
        return Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ token: String, binding: PageBinding) -> UUID? {
        guard token.count <= 200 else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "p1", let after = UUID(uuidString: String(parts[1])),
            after.wire == parts[1], parts[2] == binding.seal(after)
        else { return nil }
        return after
    }
}

/// A page of rows read with `size + 1` as the limit: the extra row only says whether another page exists.
public struct Page<Row: Sendable>: Sendable {
    public let rows: [Row]
    public let nextPageToken: String?

    public init(fetched: [Row], request: PageRequest, binding: PageBinding, id: (Row) -> UUID) {
        if fetched.count > request.size {
            let rows = Array(fetched.prefix(request.size))
            self.rows = rows
            self.nextPageToken = rows.last.map { PageToken.token(after: id($0), binding: binding) }
        } else {
            self.rows = fetched
            self.nextPageToken = nil
        }
    }
}
