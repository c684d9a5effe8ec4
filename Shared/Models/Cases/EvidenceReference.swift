import Foundation

/// A photo, video or document the customer sent (rules.md §2(a) A2: photos of the problem part), kept as
/// a reference — where it is and its SHA-256 so it can be shown unaltered — never the file itself.
public struct EvidenceReference: Codable, Sendable, Hashable {
    public var url: String
    /// Lowercase hex, 64 characters.
    public var sha256: String
    public var caption: String?

    public init(url: String, sha256: String, caption: String? = nil) {
        self.url = url
        self.sha256 = sha256
        self.caption = caption
    }

    enum CodingKeys: String, CodingKey { case url, sha256, caption }

    /// The most references one case keeps.
    public static let maxCount = 20

    /// Why `url` cannot be a reference, or nil: an absolute https URL with a host, at most 2,000 characters.
    public static func problem(url: String) -> String? {
        guard url.unicodeScalars.count <= 2000 else { return "must be at most 2000 characters" }
        guard let parsed = URLComponents(string: url), parsed.scheme?.lowercased() == "https", let host = parsed.host, !host.isEmpty
        else { return "must be an absolute https URL" }
        return nil
    }

    /// Why `digest` cannot be a SHA-256, or nil.
    public static func problem(sha256 digest: String) -> String? {
        digest.count == 64 && digest.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
            ? nil : "must be 64 lowercase hexadecimal digits"
    }
}
