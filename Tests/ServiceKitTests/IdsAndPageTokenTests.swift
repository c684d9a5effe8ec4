import Crypto
import Foundation
import Models
import ServiceKit
import Testing

/// Time-ordered ids and page tokens: the two things keyset pages stand on.
@Suite struct IdsAndPageTokenTests {
    @Test func idsOfOneProcessStrictlyIncreaseEvenWithinAMillisecond() {
        let ids = (0..<20_000).map { _ in UUID.v7() }
        // Lowercase hex compares like the bytes PostgreSQL's uuid ordering compares.
        for (earlier, later) in zip(ids, ids.dropFirst()) {
            #expect(earlier.wire < later.wire, "\(earlier.wire) !< \(later.wire)")
        }
        for id in ids.prefix(10) {
            #expect(Array(id.wire)[14] == "7", "version 7")
            #expect("89ab".contains(Array(id.wire)[19]), "RFC 4122 variant")
        }
        let milliseconds = UInt64(ids[0].wire.replacingOccurrences(of: "-", with: "").prefix(12), radix: 16) ?? 0
        #expect(abs(Double(milliseconds) / 1000 - Date().timeIntervalSince1970) < 60, "the first 48 bits are Unix milliseconds")
    }

    static let binding = PageBinding(
        operation: "ListMerchants",
        tenant: TenantID("0190e3a0-0000-7000-8000-00000000000a")!,
        merchantScope: nil,
        filter: "region=华北"
    )

    static let key = Data("the service's page-token key ...".utf8)
    static let tokens = PageTokens(keys: [key])

    @Test func aTokenLeadsBackToItsPositionInItsOwnListOnly() throws {
        let last = UUID.v7()
        let token = Self.tokens.token(after: last, binding: Self.binding)
        #expect(!token.contains("=") && !token.contains("+") && !token.contains("/"), "URL-safe")
        let page = try Self.tokens.request(pageSize: 5, pageToken: token, binding: Self.binding).get()
        #expect(page.size == 5 && page.after == last)

        let elsewhere = [
            PageBinding(operation: "ListWebhookEndpoints", tenant: Self.binding.tenant, merchantScope: nil, filter: Self.binding.filter),
            PageBinding(
                operation: "ListMerchants",
                tenant: TenantID("0190e3a0-0000-7000-8000-00000000000b")!,
                merchantScope: nil,
                filter: Self.binding.filter
            ),
            PageBinding(operation: "ListMerchants", tenant: Self.binding.tenant, merchantScope: UUID(), filter: Self.binding.filter),
            PageBinding(operation: "ListMerchants", tenant: Self.binding.tenant, merchantScope: nil, filter: "region=华南"),
        ]
        for binding in elsewhere {
            guard case .failure(let error) = Self.tokens.request(pageSize: nil, pageToken: token, binding: binding) else {
                Issue.record("a token of another list was accepted: \(binding)")
                continue
            }
            #expect(error.details.map(\.field) == ["pageToken"])
        }
        // Another position under the same seal is refused: the seal covers the id.
        var tampered = Data(base64Encoded: token.padding(toLength: (token.count + 3) / 4 * 4, withPad: "=", startingAt: 0))!
        tampered[5] = tampered[5] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        let forged = tampered.base64EncodedString().replacingOccurrences(of: "=", with: "")
        #expect(throws: ErrorBody.self) { try Self.tokens.request(pageSize: nil, pageToken: forged, binding: Self.binding).get() }
    }

    /// A list ordered by a key before the id (a deadline) carries the last row's key, sealed with it: the key
    /// cannot be changed, nor dropped to make a token of the plain order.
    @Test func aKeyedPositionKeepsItsSortKeyUnderTheSeal() throws {
        let last = UUID.v7()
        let token = Self.tokens.token(after: last, key: "1773115200000000", binding: Self.binding)
        let page = try Self.tokens.request(pageSize: nil, pageToken: token, binding: Self.binding).get()
        #expect(page.after == last && page.afterKey == "1773115200000000")
        let none = Self.tokens.token(after: last, key: "none", binding: Self.binding)
        #expect(try Self.tokens.request(pageSize: nil, pageToken: none, binding: Self.binding).get().afterKey == "none")
        #expect(
            try Self.tokens.request(pageSize: nil, pageToken: Self.tokens.token(after: last, binding: Self.binding), binding: Self.binding).get()
                .afterKey == nil
        )
        let text = String(
            decoding: Data(base64Encoded: token.padding(toLength: (token.count + 3) / 4 * 4, withPad: "=", startingAt: 0))!,
            as: UTF8.self
        )
        let parts = text.split(separator: ".")
        for forged in ["p2.\(parts[1]).1773115200000001.\(parts[3])", "p1.\(parts[1]).\(parts[3])"] {
            let encoded = Data(forged.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
            #expect(throws: ErrorBody.self, "\(forged)") { try Self.tokens.request(pageSize: nil, pageToken: encoded, binding: Self.binding).get() }
        }
    }

    @Test func pageSizesDefaultToTwentyAndStayWithinAHundred() throws {
        #expect(try Self.tokens.request(pageSize: nil, pageToken: nil, binding: Self.binding).get().size == 20)
        #expect(try Self.tokens.request(pageSize: 100, pageToken: "", binding: Self.binding).get().size == 100)
        for size: Int64 in [0, -3, 101, .max] {
            #expect(throws: ErrorBody.self) { try Self.tokens.request(pageSize: size, pageToken: nil, binding: Self.binding).get() }
        }
    }

    /// Anyone could compute the old plain SHA-256 seal for their own list; an HMAC needs the key.
    @Test func onlyTheKeyMakesATokenAndRotationKeepsTheOldOnesOpen() throws {
        let last = UUID.v7()
        let text = [Self.binding.operation, Self.binding.tenant.description, "", Self.binding.filter, last.wire].joined(separator: "\u{1F}")
        let plainSeal = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
        let minted = Data("p1.\(last.wire).\(plainSeal)".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
        #expect(throws: ErrorBody.self) { try Self.tokens.request(pageSize: nil, pageToken: minted, binding: Self.binding).get() }
        let otherKey = PageTokens(keys: [Data("somebody else's key of 32 bytes!".utf8)])
        let foreign = otherKey.token(after: last, binding: Self.binding)
        #expect(throws: ErrorBody.self) { try Self.tokens.request(pageSize: nil, pageToken: foreign, binding: Self.binding).get() }

        // Rotation: the new key seals; a token of the old one opens while the old key is listed, not after.
        let old = Self.tokens.token(after: last, binding: Self.binding)
        let rotated = PageTokens(keys: [Data("the new page-token key, 32 bytes".utf8), Self.key])
        #expect(try rotated.request(pageSize: nil, pageToken: old, binding: Self.binding).get().after == last)
        let retired = PageTokens(keys: [Data("the new page-token key, 32 bytes".utf8)])
        #expect(throws: ErrorBody.self) { try retired.request(pageSize: nil, pageToken: old, binding: Self.binding).get() }
        #expect(
            try retired.request(pageSize: nil, pageToken: rotated.token(after: last, binding: Self.binding), binding: Self.binding).get().after
                == last
        )
    }

    @Test func theSettingTakesBase64KeysOfSixteenBytesOrMore() {
        #expect(PageTokens.keys(Data(count: 32).base64EncodedString())?.count == 1)
        #expect(PageTokens.keys("\(Data(count: 16).base64EncodedString()), \(Data(count: 32).base64EncodedString())")?.count == 2)
        #expect(PageTokens.keys(Data(count: 15).base64EncodedString()) == nil)
        #expect(PageTokens.keys("not base64!") == nil)
        #expect(PageTokens.keys("") == nil)
    }
}
