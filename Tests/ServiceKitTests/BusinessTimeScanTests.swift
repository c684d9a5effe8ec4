import Foundation
import TestSupport
import Testing

/// Business time comes only from the injected clock (DESIGN §6): no SQL clock function in migrations or
/// queries, and no `Date()` in service code.
@Suite struct BusinessTimeScanTests {
    static let sqlClockFunctions = [
        "now()", "current_timestamp", "current_date", "current_time", "localtimestamp", "localtime",
        "transaction_timestamp()", "statement_timestamp()", "clock_timestamp()", "timeofday()",
    ]

    /// A SQL clock function as SQL writes it: not a Swift method call such as `clock.now()`.
    static func containsSQLCall(_ function: String, in text: String) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: function, range: searchRange) {
            let before = found.lowerBound == text.startIndex ? " " : text[text.index(before: found.lowerBound)]
            if !(before == "." || before.isLetter || before.isNumber || before == "_") { return true }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }

    @Test func theScanFindsSQLButNotSwift() {
        #expect(Self.containsSQLCall("now()", in: "insert into t values (now())"))
        #expect(Self.containsSQLCall("current_timestamp", in: "default current_timestamp"))
        #expect(!Self.containsSQLCall("now()", in: "let at = clock.now()"))
    }

    private func swiftFiles(under folder: String) -> [URL] {
        let root = TestEnvironment.repositoryRoot.appending(path: folder)
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        return (walker?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }
    }

    @Test func noSQLClockFunctionInServicesOrServiceKit() throws {
        let files = swiftFiles(under: "Services") + swiftFiles(under: "Shared/ServiceKit")
        #expect(files.count > 10, "the scan must see the sources")
        var offences: [String] = []
        for file in files {
            // Comments may name the functions (to forbid them), and `func now()` is the clock's own method.
            let text = try String(contentsOf: file, encoding: .utf8).lowercased()
                .components(separatedBy: "\n")
                .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
                .joined(separator: "\n")
                .replacingOccurrences(of: "func now()", with: "")
            for function in Self.sqlClockFunctions where Self.containsSQLCall(function, in: text) {
                offences.append("\(file.lastPathComponent): \(function)")
            }
        }
        #expect(offences.isEmpty, "SQL clock functions found: \(offences)")
    }

    @Test func noWallClockInServiceCode() throws {
        let files = swiftFiles(under: "Services")
        #expect(!files.isEmpty)
        let offences = try files.filter { try String(contentsOf: $0, encoding: .utf8).contains("Date()") }
        #expect(offences.isEmpty, "Date() in service code: \(offences.map(\.lastPathComponent))")
    }
}
