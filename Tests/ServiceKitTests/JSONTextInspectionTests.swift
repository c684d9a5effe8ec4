import Models
import Testing

@testable import ServiceKit

@Suite struct JSONTextInspectionTests {
    private func violation(_ text: String) -> String? {
        JSONTextInspection.violation(in: Array(text.utf8))?.field
    }

    @Test func cleanJSONPasses() {
        #expect(violation(#"{"a":"b","c":[1,2],"d":"back\\slash \u00e9"}"#) == nil)
    }

    @Test func anEscapedNULIsFoundAndItsFieldNamed() {
        #expect(violation(#"{"customer":{"name":"a\u0000b"}}"#) == "customer.name")
        #expect(violation(#"{"items":[{"sku":"x"},{"sku":"\u0000"}]}"#) == "items[1].sku")
    }

    @Test func anEscapedBackslashBeforeU0000IsNotANUL() {
        #expect(violation(#"{"path":"C:\\u0000"}"#) == nil)
    }

    @Test func aRawNULByteIsRefused() {
        #expect(JSONTextInspection.violation(in: [UInt8](#"{"a":""#.utf8) + [0] + [UInt8](#""}"#.utf8))?.field == "body")
    }

    @Test func invalidUTF8IsRefused() {
        let bytes = [UInt8](#"{"a":""#.utf8) + [0xC3, 0x28] + [UInt8](#""}"#.utf8)
        #expect(JSONTextInspection.violation(in: bytes)?.reason == "must be valid UTF-8")
    }
}
