import Foundation
import Models
import TestSupport
import Testing

@testable import ServiceKit

/// The one pass over a request body: what it refuses (naming the field), and the fingerprint an
/// `Idempotency-Key` is bound to.
@Suite struct JSONBodyScanTests {
    private func problem(_ text: String) -> FieldViolation? {
        problem(Array(text.utf8))
    }

    private func problem(_ bytes: [UInt8]) -> FieldViolation? {
        do {
            _ = try JSONBodyScan.check(bytes, fingerprint: true)
            return nil
        } catch {
            return error.details.first
        }
    }

    private func fingerprint(_ text: String) throws -> String? {
        try JSONBodyScan.check(Array(text.utf8), fingerprint: true)
    }

    @Test func cleanJSONPasses() {
        #expect(problem(#"{"a":"b","c":[1,2.5e-3,-0],"d":"back\\slash \u00e9 \ud83d\ude00","e":{},"f":[],"g":true,"h":null}"#) == nil)
        #expect(problem(" [1, {\"a\": false}] \n") == nil)
    }

    @Test func anEscapedNULIsFoundAndItsFieldNamed() {
        #expect(problem(#"{"customer":{"name":"a\u0000b"}}"#)?.field == "customer.name")
        #expect(problem(#"{"items":[{"sku":"x"},{"sku":"\u0000"}]}"#)?.field == "items[1].sku")
        #expect(problem(#"{"items":[{"sku":"x"},{"sku":"\u0000"}]}"#)?.reason == "must not contain NUL characters")
    }

    @Test func anEscapedBackslashBeforeU0000IsNotANUL() {
        #expect(problem(#"{"path":"C:\\u0000"}"#) == nil)
    }

    @Test func aRawNULByteIsRefused() {
        #expect(problem([UInt8](#"{"a":""#.utf8) + [0] + [UInt8](#""}"#.utf8))?.field == "a")
        #expect(problem([UInt8](#"{"a":1}"#.utf8) + [0]) != nil)
    }

    @Test(arguments: [[0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xE2, 0x82]])
    func invalidUTF8IsRefused(_ sequence: [UInt8]) {
        let bytes = [UInt8](#"{"a":""#.utf8) + sequence + [UInt8](#""}"#.utf8)
        #expect(problem(bytes)?.reason == "must be valid UTF-8")
    }

    /// The decoder would keep one value and the fingerprint another: a key twice is refused, naming it —
    /// also when one spelling escapes it.
    @Test func aKeyTwiceInOneObjectIsRefused() {
        #expect(problem(#"{"quantity":1,"quantity":2}"#)?.field == "quantity")
        #expect(problem(#"{"contacts":[{"name":"王","name":"李"}]}"#)?.field == "contacts[0].name")
        #expect(problem(#"{"a":1,"\u0061":2}"#)?.field == "a")
        #expect(problem(#"{"a":{"b":1},"c":{"b":2}}"#) == nil, "the same key in two objects is fine")
    }

    @Test(arguments: [
        "", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "[1 2]", "{a:1}", "'x'", "01", "1.", "-", "1e", "tru", "nul",
        "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00x\"", "{} {}", "\"a\tb\"",
    ])
    func malformedJSONIsRefusedAsTheBody(_ text: String) {
        let found = problem(text)
        #expect(found?.field == "body", "\(text)")
        #expect(found?.reason.hasPrefix("is not valid JSON") == true, "\(text): \(String(describing: found))")
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(problem(deep)?.reason == "must not nest more than 64 levels deep")
        let fine = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(problem(fine) == nil)
    }

    /// Two bodies that differ only in key order, whitespace or how a string is escaped are the same request.
    @Test func theFingerprintIgnoresOrderWhitespaceAndEscapes() throws {
        let base = try fingerprint(#"{"a":1,"b":{"x":"é","y":[1,2]},"c":"a/b"}"#)
        #expect(base != nil)
        #expect(try fingerprint(#" { "c" : "a\/b", "b" : { "y" : [ 1 , 2 ], "x" : "\u00e9" }, "a" : 1 } "#) == base)
        #expect(try fingerprint(#"{"a":2,"b":{"x":"é","y":[1,2]},"c":"a/b"}"#) != base)
        #expect(try fingerprint(#"{"a":1,"b":{"x":"é","y":[2,1]},"c":"a/b"}"#) != base, "array order is meaningful")
        #expect(try fingerprint(#"{"a":1,"b":{"x":"é","y":[1,2]},"c":"a/b","d":null}"#) != base, "an added field is another request")
        #expect(try JSONBodyScan.check(Array(#"{"a":1}"#.utf8), fingerprint: false) == nil, "no fingerprint unless asked")
    }

    /// Random documents, written by Foundation with keys in two different orders, give one fingerprint;
    /// different documents give different ones.
    @Test func randomDocumentsKeepTheirFingerprintWhateverTheKeyOrder() throws {
        var random = SeededRandom(seed: 20_261_130)
        var seen: [String: String] = [:]
        for _ in 0..<300 {
            let document = Self.randomObject(depth: 0, random: &random)
            let sorted = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
            let written = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted])
            let first = try JSONBodyScan.check(Array(sorted), fingerprint: true)
            #expect(try JSONBodyScan.check(Array(written), fingerprint: true) == first)
            let text = String(decoding: sorted, as: UTF8.self)
            if let first, let other = seen[first] { #expect(other == text, "two documents share a fingerprint") }
            if let first { seen[first] = text }
        }
    }

    static func randomObject(depth: Int, random: inout SeededRandom) -> [String: Any] {
        var object: [String: Any] = [:]
        for _ in 0..<Int.random(in: 1...5, using: &random) {
            let key = ["a", "b", "名", "key_\(Int.random(in: 0...9, using: &random))", "é\"q"].randomElement(using: &random)!
            object[key] = randomValue(depth: depth + 1, random: &random)
        }
        return object
    }

    static func randomValue(depth: Int, random: inout SeededRandom) -> Any {
        switch Int.random(in: 0..<(depth > 3 ? 3 : 5), using: &random) {
        case 0: return Int.random(in: -1000...1000, using: &random)
        case 1: return ["x", "售后", "tab\t", "slash/", "quote\"", "😀"].randomElement(using: &random)!
        case 2: return Bool.random(using: &random)
        case 3: return (0..<Int.random(in: 0...3, using: &random)).map { _ in randomValue(depth: depth + 1, random: &random) }
        default: return randomObject(depth: depth, random: &random)
        }
    }
}
