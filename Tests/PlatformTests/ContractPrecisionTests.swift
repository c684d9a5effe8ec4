import DispatchService
import Foundation
import IntakeService
import NotificationsService
import PartsService
import RepairsService
import ReturnsService
import ServiceKit
import Testing
import Yams

/// What a partner (and a fuzzer) needs from every served contract, beyond the shapes: the bearer scheme,
/// the `Idempotency-Key` on exactly the operations that honour it, one example request and answer per
/// operation, and a bound on every field of a request. That the bounds are the ones the validation enforces
/// is checked by schemathesis in `ContractFuzzTests`.
@Suite struct ContractPrecisionTests {
    struct Served {
        let name: String
        let document: [String: Any]
        let access: AccessTable
    }

    static func served() throws -> [Served] {
        let contracts: [(String, ServedContract, AccessTable)] = [
            (IntakeService.name, IntakeService.contract, IntakeService.access),
            (DispatchService.name, DispatchService.contract, DispatchService.access),
            (ReturnsService.name, ReturnsService.contract, ReturnsService.access),
            (RepairsService.name, RepairsService.contract, RepairsService.access),
            (PartsService.name, PartsService.contract, PartsService.access),
            (NotificationsService.name, NotificationsService.contract, NotificationsService.access),
        ]
        return try contracts.map { name, contract, access in
            Served(name: name, document: try Yams.load(yaml: contract.testModeYAML) as? [String: Any] ?? [:], access: access)
        }
    }

    /// Each operation of a document: its path, operationId and `post` object.
    static func operations(_ document: [String: Any]) -> [(path: String, id: String, post: [String: Any])] {
        (document["paths"] as? [String: Any] ?? [:]).compactMap { path, item in
            guard let post = (item as? [String: Any])?["post"] as? [String: Any], let id = post["operationId"] as? String else { return nil }
            return (path, id, post)
        }
    }

    @Test func everyOperationIsBehindTheBearerScheme() throws {
        for served in try Self.served() {
            let security = served.document["security"] as? [[String: Any]] ?? []
            #expect(security.count == 1 && security.first?["bearer"] != nil, "\(served.name)")
            let scheme = ((served.document["components"] as? [String: Any])?["securitySchemes"] as? [String: Any])?["bearer"] as? [String: Any]
            #expect(scheme?["type"] as? String == "http" && scheme?["scheme"] as? String == "bearer", "\(served.name)")
            for operation in Self.operations(served.document) {
                // Only an operation whose credential is its body (the partner token exchange) opts out, and
                // it says so with an empty requirement.
                if served.access[operation.id]?.anonymous == true {
                    #expect((operation.post["security"] as? [Any])?.isEmpty == true, "\(served.name) \(operation.id) must declare security: []")
                } else {
                    #expect(operation.post["security"] == nil, "\(served.name) \(operation.id) must not opt out of the bearer scheme")
                }
            }
        }
    }

    /// The key is declared where the guard takes it for the handler's mutation (the access table's
    /// `mutates`), and nowhere else: the platform's operations are idempotent by event id or by nature.
    @Test func theIdempotencyKeyIsDeclaredExactlyWhereItIsHonoured() throws {
        for served in try Self.served() {
            for operation in Self.operations(served.document) where !operation.path.hasPrefix("/aftersales.platform.") {
                let parameters = operation.post["parameters"] as? [[String: Any]] ?? []
                let declares = parameters.contains { $0["$ref"] as? String == "#/components/parameters/IdempotencyKey" }
                let rule = try #require(served.access[operation.id], "\(served.name) \(operation.id) has no access rule")
                #expect(declares == rule.mutates, "\(served.name) \(operation.id)")
            }
            let parameter = ((served.document["components"] as? [String: Any])?["parameters"] as? [String: Any])?["IdempotencyKey"] as? [String: Any]
            #expect(parameter?["name"] as? String == IdempotencyClaim.header && parameter?["in"] as? String == "header", "\(served.name)")
            #expect(parameter?["required"] as? Bool == false, "\(served.name): a key is optional")
        }
    }

    /// One example request and one example answer per operation, each naming only fields of its schema
    /// and all the required ones.
    @Test func everyOperationHasAnExampleRequestAndAnswer() throws {
        for served in try Self.served() {
            let schemas = (served.document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
            for operation in Self.operations(served.document) {
                let request = ((operation.post["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any]
                let answers = ((operation.post["responses"] as? [String: Any])?["200"] as? [String: Any])?["content"] as? [String: Any]
                // An export answers CSV: its example is the file, records ending in CRLF (YAML's loader drops the
                // example's byte-order mark; the export's own test reads it from the answer).
                var checked: [(String, [String: Any]?)] = [("request", request)]
                if let csv = answers?["text/csv"] as? [String: Any] {
                    let example = csv["example"] as? String
                    #expect(example?.contains("\r\n") == true, "\(served.name) \(operation.id): no CSV example")
                } else {
                    checked.append(("answer", answers?["application/json"] as? [String: Any]))
                }
                for (what, media) in checked {
                    let example = media?["example"] as? [String: Any]
                    #expect(example != nil, "\(served.name) \(operation.id): no example \(what)")
                    guard let example, let reference = (media?["schema"] as? [String: Any])?["$ref"] as? String,
                        let schema = schemas[String(reference.split(separator: "/").last ?? "")] as? [String: Any]
                    else { continue }
                    let properties = Set((schema["properties"] as? [String: Any] ?? [:]).keys)
                    let required = Set(schema["required"] as? [String] ?? [])
                    #expect(Set(example.keys).isSubset(of: properties), "\(served.name) \(operation.id): the example \(what) names unknown fields")
                    #expect(required.isSubset(of: Set(example.keys)), "\(served.name) \(operation.id): the example \(what) lacks required fields")
                }
            }
        }
    }

    /// Every string of a service's request has a length, a pattern, an enum or a format; every number a
    /// minimum and a maximum; every list a most. (The platform's event envelope is open by design: a sink
    /// acknowledges types it does not know.)
    @Test func everyRequestFieldIsBounded() throws {
        for served in try Self.served() {
            let schemas = (served.document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
            let open: Set<String> = ["EventBatch", "EventEnvelope", "EventSubject", "RedriveRequest", "EmptyRequest"]
            var requests: [String] = []
            for operation in Self.operations(served.document) {
                let media = ((operation.post["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any]
                if let reference = (media?["schema"] as? [String: Any])?["$ref"] as? String {
                    requests.append(String(reference.split(separator: "/").last!))
                }
            }
            var seen: Set<String> = []
            while let name = requests.popLast() {
                guard seen.insert(name).inserted, !open.contains(name), let schema = schemas[name] as? [String: Any] else { continue }
                for (field, value) in schema["properties"] as? [String: Any] ?? [:] {
                    for property in Self.leaves(value as? [String: Any] ?? [:]) {
                        if let reference = property["$ref"] as? String {
                            requests.append(String(reference.split(separator: "/").last!))
                            continue
                        }
                        let where_ = "\(served.name) \(name).\(field)"
                        // A nullable field's type is a list with "null" (absent and null are the same).
                        let type = property["type"] as? String ?? (property["type"] as? [String])?.first { $0 != "null" }
                        switch type {
                        case "string":
                            let bounded = ["maxLength", "pattern", "enum", "format"].contains { property[$0] != nil }
                            #expect(bounded, "\(where_) is an unbounded string")
                        case "integer":
                            #expect(property["minimum"] != nil && property["maximum"] != nil, "\(where_) is an unbounded integer")
                        default: break
                        }
                    }
                }
            }
            #expect(!seen.isEmpty)
        }
    }

    /// A property and, for a list, its items (whose bound is the list's `maxItems`).
    static func leaves(_ property: [String: Any]) -> [[String: Any]] {
        let type = property["type"] as? String ?? (property["type"] as? [String])?.first { $0 != "null" }
        guard type == "array" else { return [property] }
        #expect(property["maxItems"] != nil, "a list without maxItems: \(property)")
        return [property["items"] as? [String: Any] ?? [:]]
    }
}
