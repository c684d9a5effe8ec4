import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Models
import NIOCore
import ServiceKit
import TestSupport
import Testing

/// The endpoints every service has, as Intake serves them.
@Suite struct PlatformEndpointTests {
    @Test func theServedContractIsTheContractFile() async throws {
        let file = TestEnvironment.repositoryRoot.appending(path: "Shared/Contracts/IntakeAPI/openapi.yaml")
        let expected = try String(contentsOf: file, encoding: .utf8)
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                let answer = try await client.execute(uri: "/openapi.yaml", method: .get)
                #expect(answer.status == .ok)
                #expect(String(buffer: answer.body) == expected)
            }
        }
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
                _ = try await client.call("CreateCase", IntakeHarness.createBody())
                _ = try await client.call("CreateCase", IntakeHarness.createBody(["quantity": 0]))
                _ = try await client.call("GetCase", ["caseId": UUID().uuidString.lowercased()])
                let text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
                let lines = text.split(separator: "\n").map(String.init)
                func count(_ operation: String, _ code: String) -> String? {
                    lines.first { $0.hasPrefix("aftersales_requests_total{") && $0.contains(#"operation="\#(operation)""#) && $0.contains(#"code="\#(code)""#) }?
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
