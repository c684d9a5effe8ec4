import Models
import Testing

/// A customer's phone however it is typed is one number (E.164), and what is not a phone is refused.
@Suite struct PhoneNumberTests {
    @Test(
        arguments: [
            ("13800138000", "+8613800138000"), ("138 0013 8000", "+8613800138000"), ("138-0013-8000", "+8613800138000"),
            ("+86 138 0013 8000", "+8613800138000"), ("0086 13800138000", "+8613800138000"), ("(010) 6552-9988", "+861065529988"),
            ("0755-83765566", "+8675583765566"), ("+852 2123 4567", "+85221234567"), ("１３８", nil), ("12345", nil), ("138001380001", nil),
            ("+0 123456", nil), ("call 13800138000", nil), ("138+00138000", nil), ("", nil),
        ] as [(String, String?)]
    )
    func normalisedOrRefused(_ typed: String, _ expected: String?) {
        #expect(PhoneNumber(typed)?.e164 == expected)
    }

    @Test func aMerchantSeesOnlyTheLastFourDigits() {
        #expect(PhoneNumber("13800138000")?.masked == "+86*******8000")
        #expect(PhoneNumber("13800138000")?.description == "+86*******8000", "interpolated into a log line, it is masked")
    }
}
