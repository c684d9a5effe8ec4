import Foundation
import Models
import Testing

/// The shared input checks every service builds its validation from.
@Suite struct FieldChecksTests {
    @Test func lengthsCountWhatPostgreSQLCounts() {
        // A decomposed "é" is one character to a reader, two code points to PostgreSQL's length().
        var checks = FieldChecks()
        _ = checks.text(String(repeating: "e\u{301}", count: 50), "name", max: 100)
        #expect(checks.error == nil)
        _ = checks.text(String(repeating: "e\u{301}", count: 51), "name", max: 100)
        #expect(checks.violations.map(\.field) == ["name"])
        // One character with a thousand combining marks is a thousand and one, not one.
        var marks = FieldChecks()
        _ = marks.text("a" + String(repeating: "\u{301}", count: 1000), "reason", max: 200)
        #expect(marks.violations.map(\.field) == ["reason"])
    }

    @Test func listEntriesAreNamedByTheirIndexInTheRequest() {
        var checks = FieldChecks()
        let kept = checks.texts(["a.b", "a.b", "Bad", " ", "c.d"], "eventTypes", count: 1...10, max: 20) {
            $0.first?.isUppercase == true ? "must be lower case" : nil
        }
        #expect(kept == ["a.b", "c.d"], "duplicates dropped, order kept")
        #expect(checks.violations.map(\.field) == ["eventTypes[2]", "eventTypes[3]"])
    }

    @Test func oneAnswerNamesAtMostFiftyFields() {
        var checks = FieldChecks()
        _ = checks.texts(Array(repeating: "", count: 10_000), "regions", count: 0...20_000, max: 10)
        #expect(checks.violations.count == FieldChecks.maxViolations)
    }

    @Test func amountsAreIntegersOfASupportedCurrencyWithinRange() {
        var checks = FieldChecks()
        _ = checks.money(Money(currency: "CNY", amountMinor: 0), "amount", range: 1...100)
        _ = checks.money(Money(currency: "EUR", amountMinor: 50), "cost", range: 0...100)
        #expect(checks.violations.map(\.field) == ["amount.amountMinor", "cost.currency"])
    }
}

@Suite struct TrimmingTests {
    @Test func whiteSpaceOfEveryKindGoesFromBothEndsOnly() {
        #expect(" \t\n 屏幕 闪烁 \r\n\u{3000}".trimmed == "屏幕 闪烁")
        #expect("\u{00A0}a\u{2028}".trimmed == "a")
        #expect("   ".trimmed == "")
        #expect("".trimmed == "")
        #expect("abc".trimmed == "abc")
        #expect("e\u{301} ".trimmed == "e\u{301}", "a combining mark stays with its letter")
    }

    /// The same as Foundation's, which it replaces on the request path.
    @Test func itAgreesWithFoundation() {
        let samples = [" a ", "\u{0085}x\u{0085}", "\u{2003}y", "z\u{200B}", "\u{FEFF}w", "\u{180E}v", "\tq\n", "\u{202F}p\u{205F}", "\u{1680}o"]
        for text in samples {
            #expect(text.trimmed == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.unicodeScalars.map { $0.value })")
        }
    }

    /// A generated nullable enum decodes "" (its `null` member); the contract lists no such value.
    @Test func anEmptyChoiceIsRefusedAndAnAbsentOneIsNot() {
        var checks = FieldChecks()
        checks.choice(MessageLanguage?.none, "language")
        checks.choice(MessageLanguage.zh, "language")
        #expect(checks.error == nil)
        enum Filter: String {
            case open
            case _empty_ = ""
        }
        checks.choice(Filter._empty_, "status")
        #expect(checks.violations.map(\.field) == ["status"])
    }
}
