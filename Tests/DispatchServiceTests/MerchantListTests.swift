import DispatchService
import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import ServiceKit
import TestSupport
import Testing

/// ListMerchants: keyset pages in registration order, filters, and page tokens bound to their list.
@Suite struct MerchantListTests {
    typealias Harness = ServiceHarness<DispatchService>

    /// Registers `count` merchants (every other one serving 华北) and returns their ids in order.
    static func register(_ count: Int, on client: ServiceTestClient) async throws -> [String] {
        var ids: [String] = []
        for index in 0..<count {
            let regions = index % 2 == 0 ? ["华北"] : ["华南"]
            let body: [String: Any] = ["name": "商家\(index)", "contacts": [["name": "联系人", "phone": "010-1234567\(index)"]], "regions": regions]
            ids.append(try #require(try await client.call("CreateMerchant", body).json["merchantId"] as? String))
        }
        return ids
    }

    static func ids(_ page: [String: Any]) -> [String] {
        ((page["merchants"] as? [[String: Any]]) ?? []).compactMap { $0["merchantId"] as? String }
    }

    @Test func pagesWalkEveryMerchantOnceInRegistrationOrder() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .staff([.tenantAdmin])) { client in
                let registered = try await Self.register(5, on: client)
                var seen: [String] = []
                var token: String?
                var pages = 0
                repeat {
                    var request: [String: Any] = ["pageSize": 2]
                    if let token { request["pageToken"] = token }
                    let page = try await client.call("ListMerchants", request)
                    #expect(page.status == .ok)
                    seen += Self.ids(page.json)
                    token = page.json["nextPageToken"] as? String
                    pages += 1
                } while token != nil && pages < 10
                #expect(pages == 3)
                #expect(seen == registered)
            }
        }
    }

    @Test func filtersNarrowTheListAndTokensStayWithTheirFilter() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .staff([.tenantAdmin])) { client in
                let registered = try await Self.register(5, on: client)
                let north = try await client.call("ListMerchants", ["region": "华北", "pageSize": 2])
                #expect(Self.ids(north.json) == [registered[0], registered[2]])
                let token = try #require(north.json["nextPageToken"] as? String)
                let rest = try await client.call("ListMerchants", ["region": "华北", "pageToken": token])
                #expect(Self.ids(rest.json) == [registered[4]])
                #expect(rest.json["nextPageToken"] == nil)

                // The same token with another filter, or for another tenant, is refused.
                let otherFilter = try await client.call("ListMerchants", ["region": "华南", "pageToken": token])
                #expect(otherFilter.violatedFields == ["pageToken"])
                let otherTenant = try await client.calling(as: .staff([.tenantAdmin], of: TestTenants.b))
                #expect(try await otherTenant.call("ListMerchants", ["region": "华北", "pageToken": token]).violatedFields == ["pageToken"])
                #expect(try await client.call("ListMerchants", ["pageToken": "garbage"]).violatedFields == ["pageToken"])

                let active = try await client.call("ListMerchants", ["status": "active", "pageSize": 100])
                #expect(Self.ids(active.json) == registered)
                let suspended = try await client.call("ListMerchants", ["status": "suspended"])
                #expect(Self.ids(suspended.json).isEmpty)
            }
        }
    }

    @Test func pageSizesOutsideOneToAHundredAreRefused() async throws {
        try await Harness.with { harness in
            try await harness.serve(as: .staff([.dashboardReader])) { client in
                for size in [0, 101, -1] {
                    let answer = try await client.call("ListMerchants", ["pageSize": size])
                    #expect(answer.status == .badRequest)
                    #expect(answer.violatedFields == ["pageSize"])
                }
            }
        }
    }
}
