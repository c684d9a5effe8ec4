import Foundation
import Models
import Testing

/// Instants on the wire, written and read without a formatter — and exactly as Foundation would.
@Suite struct RFC3339Tests {
    @Test func knownInstantsAreWrittenAsFoundationWritesThem() {
        for seconds in [0.0, 1_773_108_000, 1_773_108_000.5, 951_782_400, 4_107_542_399, 86_399, 1_709_164_800, -86_400.5] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(RFC3339.string(date) == date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)), "\(seconds)")
            #expect(RFC3339.string(date, milliseconds: false) == date.formatted(Date.ISO8601FormatStyle()), "\(seconds)")
        }
        #expect(RFC3339.string(Date(timeIntervalSince1970: 1_773_108_000.5)) == "2026-03-10T02:00:00.500Z")
    }

    /// Whole seconds as Foundation writes them; milliseconds read back exactly (Foundation truncates the
    /// binary form of 12.645 to 12.644 — written here as 12.645).
    @Test func randomInstantsAgreeWithFoundationAndRoundTripToTheMillisecond() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let seconds = Int64.random(in: 0...4_102_444_800, using: &generator)
            let whole = Date(timeIntervalSince1970: Double(seconds))
            #expect(RFC3339.string(whole) == whole.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            #expect(RFC3339.string(whole, milliseconds: false) == whole.formatted(Date.ISO8601FormatStyle()))
            let milliseconds = seconds * 1000 + Int64.random(in: 0...999, using: &generator)
            let text = RFC3339.string(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
            #expect(text.hasSuffix(String(format: ".%03dZ", milliseconds % 1000)))
            #expect(RFC3339.date(text).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } == milliseconds)
        }
    }

    @Test func everyRFC3339FormIsRead() {
        let instant = Date(timeIntervalSince1970: 1_773_108_000)
        #expect(RFC3339.date("2026-03-10T02:00:00Z") == instant)
        #expect(RFC3339.date("2026-03-10t02:00:00z") == instant)
        #expect(RFC3339.date("2026-03-10T10:00:00+08:00") == instant)
        #expect(RFC3339.date("2026-03-09T21:30:00-04:30") == instant)
        #expect(RFC3339.date("2026-03-10T02:00:00.250Z") == instant.addingTimeInterval(0.25))
        #expect(RFC3339.date("2024-02-29T00:00:00Z") != nil)
    }

    @Test(arguments: [
        "", "2026-03-10", "2026-03-10T02:00:00", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z", "2026-03-10T24:00:00Z",
        "2026-03-10T02:60:00Z", "2026-03-10T02:00:00.Z", "2026-03-10T02:00:00+0800", "2026-03-10T02:00:00Zx", "２０２６-03-10T02:00:00Z",
    ])
    func anythingElseIsNotAnInstant(_ text: String) {
        #expect(RFC3339.date(text) == nil)
    }
}
