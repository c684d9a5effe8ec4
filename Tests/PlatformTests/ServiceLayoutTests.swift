import Foundation
import Models
import TestSupport
import Testing

/// Every service has the same rooms, so a reader who knows one knows all (DESIGN §2, CONTRIBUTING.md):
/// `Handlers/` (operations and their `<Noun>Wire.swift` mappers), `Workflow/` (pure rules, no I/O),
/// `Store/` (all SQL), `Events/` (event and timer handlers), `Migrations/` (one file per migration). And every
/// handler has the one shape: no `switch` over its input's body and no hand-written error answer.
@Suite struct ServiceLayoutTests {
    static let rooms: Set<String> = ["Handlers", "Workflow", "Store", "Events", "Migrations"]

    /// A source file of a service: its room and text.
    struct Source {
        let service: String
        let room: String
        let name: String
        let text: String
    }

    static func sources() throws -> [Source] {
        let root = TestEnvironment.repositoryRoot
        var sources: [Source] = []
        for service in PlatformDirectory.services {
            let library = root.appending(path: "Services/\(service.moduleName)/\(service.contractName)")
            let enumerator = FileManager.default.enumerator(at: library, includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                guard url.pathExtension == "swift" else { continue }
                let relative = url.path.dropFirst(library.path.count + 1).split(separator: "/")
                let room = relative.count > 1 ? String(relative[0]) : ""
                sources.append(
                    Source(service: service.name, room: room, name: url.lastPathComponent, text: try String(contentsOf: url, encoding: .utf8))
                )
            }
        }
        return sources
    }

    @Test func everyServiceHasTheRoomsAndNothingElse() throws {
        let sources = try Self.sources()
        for service in PlatformDirectory.services {
            let mine = sources.filter { $0.service == service.name }
            let rooms = Set(mine.map(\.room))
            #expect(rooms.subtracting(Self.rooms.union([""])).isEmpty, "\(service.name) has rooms \(rooms.sorted())")
            for room in ["Handlers", "Workflow", "Store", "Migrations"] { #expect(rooms.contains(room), "\(service.name) has \(room)/") }
            #expect(mine.filter { $0.room == "" }.map(\.name) == ["\(service.contractName).swift"], "only the definition sits at the top")
            let main = TestEnvironment.repositoryRoot.appending(path: "Services/\(service.moduleName)/Main/main.swift")
            #expect(FileManager.default.fileExists(atPath: main.path), "\(service.name) has Main/main.swift")
        }
    }

    /// What the layout test looks for in a handler: caught here on purpose.
    static func handlerShapeProblems(_ text: String) -> [String] {
        var problems: [String] = []
        if text.contains(#/switch\s+input\.body/#) { problems.append("switches over input.body") }
        if text.contains(#/extension\s+Operations\.\w+\.(Output|Input)\b/#) { problems.append("declares an Operations extension by hand") }
        if text.contains(".reported()") || text.contains("TenantCaller.current") { problems.append("reads request state by hand") }
        return problems
    }

    @Test func theShapeCheckCatchesTheOldShape() {
        #expect(Self.handlerShapeProblems("let body: X\nswitch input.body { case .json(let b): body = b }") == ["switches over input.body"])
        #expect(
            Self.handlerShapeProblems("extension Operations.GetCase.Output {\n static func failure") == ["declares an Operations extension by hand"]
        )
        #expect(Self.handlerShapeProblems("try await answering { caller in .ok(answer) }").isEmpty)
    }

    @Test func handlersHaveTheOneShape() throws {
        for source in try Self.sources() {
            let problems = Self.handlerShapeProblems(source.text)
            #expect(problems.isEmpty, "\(source.service)/\(source.room)/\(source.name): \(problems.joined(separator: "; "))")
        }
    }

    /// Workflow is pure: no database, no HTTP, no clock of its own — its rules are tested without I/O.
    @Test func workflowDoesNoIO() throws {
        let io = ["import PostgresNIO", "import Hummingbird", "import AsyncHTTPClient", "PostgresConnection", "EventContext", "Date()", "query("]
        for source in try Self.sources() where source.room == "Workflow" {
            for needle in io { #expect(!source.text.contains(needle), "\(source.service)/Workflow/\(source.name) uses \(needle)") }
        }
    }

    /// SQL is written in `Store/` and `Migrations/` only; mappers between the contract and the domain are
    /// `<Noun>Wire.swift` files in `Handlers/`.
    @Test func sqlStaysInTheStoreAndMappersInWireFiles() throws {
        for source in try Self.sources() where !["Store", "Migrations"].contains(source.room) {
            #expect(!source.text.contains(".query("), "\(source.service)/\(source.room)/\(source.name) runs SQL")
        }
        for source in try Self.sources() where source.text.contains(#/extension\s+Components\.Schemas\.\w+\s*\{/#) {
            #expect(
                source.room == "Handlers" && source.name.hasSuffix("Wire.swift"),
                "\(source.service)/\(source.room)/\(source.name) maps the contract"
            )
        }
    }

    @Test func eachMigrationIsAFileNumberedFromOne() throws {
        for service in PlatformDirectory.services {
            let migrations = try Self.sources().filter { $0.service == service.name && $0.room == "Migrations" }
            let numbered = migrations.compactMap { Int($0.name.prefix(4)) }.sorted()
            #expect(numbered == Array(1...max(1, numbered.count)), "\(service.name) numbers its migrations 0001, 0002, …")
            for migration in migrations where Int(migration.name.prefix(4)) != nil {
                #expect(migration.text.contains(#""\#(migration.name.prefix(4))_"#), "\(migration.name) declares its own number")
            }
        }
    }
}
