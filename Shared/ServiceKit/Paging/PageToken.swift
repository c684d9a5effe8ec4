import Crypto
public import Foundation
public import Models

/// One page of a keyset list (DESIGN §4): at most `size` rows after `after` in id order. Ids are UUIDv7,
/// so id order is creation order and a page stays stable while rows are inserted.
public struct PageRequest: Sendable, Equatable {
    public let size: Int
    /// The last id of the previous page; nil for the first page.
    public let after: UUID?
    /// The last row's sort key, for a list ordered by something before its id (a deadline); nil otherwise.
    public let afterKey: String?

    public init(size: Int, after: UUID?, afterKey: String? = nil) {
        self.size = size
        self.after = after
        self.afterKey = afterKey
    }
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

    fileprivate func sealed(_ after: UUID, key: String?) -> Data {
        var parts = [operation, tenant.description, merchantScope?.wire ?? "", filter, after.wire]
        if let key { parts.append(key) }
        return Data(parts.joined(separator: "\u{1F}").utf8)
    }
}

/// Opaque page tokens: `base64url("p1.<last id>.<seal>")`, the seal an HMAC-SHA-256 of the position and its
/// list under the service's page-token key (`paging.token_keys`): nobody without the key can make a token,
/// for their own list or another's. The first key seals; every key listed opens (rotation: put the new
/// key first, drop the old one once its tokens have aged out).
public struct PageTokens: Sendable {
    public static let defaultSize = 20
    public static let maxSize = 100

    private let keys: [SymmetricKey]

    /// - Parameter keys: each at least 16 bytes; the first seals.
    public init(keys: [Data]) {
        precondition(!keys.isEmpty, "at least one page-token key")
        self.keys = keys.map(SymmetricKey.init(data:))
    }

    /// The keys of `paging.token_keys`: base64, comma-separated, each of at least 16 bytes.
    public static func keys(_ setting: String) -> [Data]? {
        let keys = setting.split(separator: ",").map { Data(base64Encoded: String($0.trimmed)) }
        guard !keys.isEmpty, keys.allSatisfy({ ($0?.count ?? 0) >= 16 }) else { return nil }
        return keys.compactMap { $0 }
    }

    /// Reads `pageSize` and `pageToken` as a client sent them.
    public func request(pageSize: Int64?, pageToken: String?, binding: PageBinding) -> Result<PageRequest, ErrorBody> {
        var checks = FieldChecks()
        let size = pageSize ?? Int64(Self.defaultSize)
        if !(1...Int64(Self.maxSize)).contains(size) { checks.fail("pageSize", "must be from 1 to \(Self.maxSize)") }
        var position: (UUID, String?)?
        if let pageToken, !pageToken.isEmpty {
            position = decode(pageToken, binding: binding)
            if position == nil { checks.fail("pageToken", "is not a token of this list (tenant, caller and filter must match)") }
        }
        if let error = checks.error { return .failure(error) }
        return .success(PageRequest(size: Int(size), after: position?.0, afterKey: position?.1))
    }

    /// The page of `fetched` (read with `size + 1` as the limit: the extra row only says whether another
    /// page exists), with the token of the next one.
    /// `key` gives a row's sort key when the list is ordered by one before the id (digits, `-` and `:` only).
    public func page<Row: Sendable>(
        fetched: [Row],
        request: PageRequest,
        binding: PageBinding,
        id: (Row) -> UUID,
        key: ((Row) -> String)? = nil
    ) -> Page<Row> {
        guard fetched.count > request.size else { return Page(rows: fetched, nextPageToken: nil) }
        let rows = Array(fetched.prefix(request.size))
        return Page(rows: rows, nextPageToken: rows.last.map { token(after: id($0), key: key?($0), binding: binding) })
    }

    /// The token for the page after the row `last` (and its sort key, if the list has one).
    public func token(after last: UUID, key: String? = nil, binding: PageBinding) -> String {
        let seal = Self.hex(seal(binding.sealed(last, key: key), with: keys[0]))
        let text = key.map { "p2.\(last.wire).\($0).\(seal)" } ?? "p1.\(last.wire).\(seal)"
        return Data(text.utf8).base64URLEncoded
    }

    func decode(_ token: String, binding: PageBinding) -> (UUID, String?)? {
        guard token.count <= 300 else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let keyed = parts.count == 4 && parts[0] == "p2"
        guard keyed || (parts.count == 3 && parts[0] == "p1"), let after = UUID(uuidString: String(parts[1])), after.wire == parts[1],
            let presented = Self.bytes(hex: parts[parts.count - 1])
        else { return nil }
        let key = keyed ? String(parts[2]) : nil
        let sealed = binding.sealed(after, key: key)
        // Compared in constant time, under each key in force.
        return keys.contains { HMAC<SHA256>.isValidAuthenticationCode(presented, authenticating: sealed, using: $0) } ? (after, key) : nil
    }

    private func seal(_ data: Data, with key: SymmetricKey) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: data, using: key))
    }

    private static func hex(_ data: Data) -> String {
        data.map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
    }

    private static func bytes(hex: Substring) -> Data? {
        guard hex.count == 64 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return Data(bytes)
    }
}

/// A page of rows and the token of the next one.
public struct Page<Row: Sendable>: Sendable {
    public let rows: [Row]
    public let nextPageToken: String?
}

/// The setting of ``PageTokens``.
public enum PagingSettings {
    public static let tokenKeys = SettingKey(
        "paging.token_keys",
        .symmetricKeys,
        default: nil,
        secret: true,
        "Keys page tokens are sealed with (HMAC-SHA-256): base64, at least 16 bytes each, comma-separated; the first seals, every one opens (rotation)."
    )
}
