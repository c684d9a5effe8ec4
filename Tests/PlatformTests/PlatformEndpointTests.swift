import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Models
import NIOCore
import ServiceKit
import TestSupport
import Testing
import Yams

/// The endpoints every service has, as Intake serves them.
@Suite struct PlatformEndpointTests {
    /// The served document is the contract file with the platform contract merged in: every path and
    /// schema of the file as written, the platform's paths beside them, the test clock's only in test mode.
    @Test(arguments: [false, true])
    func theServedContractIsTheContractFileWithThePlatformPaths(testMode: Bool) async throws {
        let root = TestEnvironment.repositoryRoot
        let fileText = try String(contentsOf: root.appending(path: "Shared/Contracts/IntakeAPI/openapi.yaml"), encoding: .utf8)
        let platformText = try String(contentsOf: root.appending(path: "Shared/Contracts/PlatformAPI/openapi.yaml"), encoding: .utf8)
        try await IntakeHarness.with { harness in
            try await harness.serve(settings: ["TEST_MODE": testMode ? "true" : "false"]) { client in
                let (file, platform) = (try Self.yaml(fileText), try Self.yaml(platformText))
                let answer = try await client.execute(uri: "/openapi.yaml", method: .get)
                #expect(answer.status == .ok)
                let served = try Self.yaml(String(buffer: answer.body))
                let paths = served["paths"] as? [String: Any] ?? [:]
                for (path, item) in file["paths"] as? [String: Any] ?? [:] {
                    #expect(
                        paths[path].map { NSDictionary(dictionary: $0 as? [String: Any] ?? [:]) }
                            == NSDictionary(dictionary: item as? [String: Any] ?? [:])
                    )
                }
                let platformPaths = Set((platform["paths"] as? [String: Any] ?? [:]).keys)
                let expected = testMode ? platformPaths : platformPaths.filter { !$0.hasPrefix(PlatformPaths.testClock) }
                #expect(Set(paths.keys) == Set((file["paths"] as? [String: Any] ?? [:]).keys).union(expected))
                let schemas = (served["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
                for (name, schema) in (file["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:] {
                    #expect(
                        schemas[name].map { NSDictionary(dictionary: $0 as? [String: Any] ?? [:]) }
                            == NSDictionary(dictionary: schema as? [String: Any] ?? [:])
                    )
                }
                #expect(schemas["EventBatch"] != nil, "the platform's schemas come with its paths")
            }
        }
    }

    static func yaml(_ text: String) throws -> [String: Any] {
        try Yams.load(yaml: text) as? [String: Any] ?? [:]
    }

    @Test func readyOnAMigratedDatabase() async throws {
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                let ready = try await client.execute(uri: "/readyz", method: .get)
                let live = try await client.execute(uri: "/healthz", method: .get)
                #expect(ready.status == .ok)
                #expect(live.status == .ok)
            }
        }
    }

    @Test func metricsCountRequestsByOperationAndCode() async throws {
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                _ = try await client.call("CreateCase", IntakeRequests.createBody())
                _ = try await client.call("CreateCase", IntakeRequests.createBody(["quantity": 0]))
                _ = try await client.call("GetCase", ["caseId": UUID().uuidString.lowercased()])
                let text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
                let lines = text.split(separator: "\n").map(String.init)
                func count(_ operation: String, _ code: String) -> String? {
                    lines.first {
                        $0.hasPrefix("aftersales_requests_total{") && $0.contains(#"operation="\#(operation)""#) && $0.contains(#"code="\#(code)""#)
                    }?
                    .split(separator: " ").last.map(String.init)
                }
                #expect(count("CreateCase", "ok") == "1")
                #expect(count("CreateCase", "invalid_argument") == "1")
                #expect(count("GetCase", "not_found") == "1")
                #expect(lines.contains { $0.hasPrefix("aftersales_request_duration_seconds_bucket{") })
                #expect(lines.contains { $0.hasPrefix("aftersales_db_pool_leased_connections") })
            }
        }
    }
}
