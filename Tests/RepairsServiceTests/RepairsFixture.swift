import Foundation
import HTTPTypes
import HummingbirdTesting
import Models
import NIOCore
import RepairsService
import ServiceKit
import TestSupport
import Testing

/// What repair tests start from: events delivered to Repairs' sink as the relays deliver them (the cases
/// and merchants it knows, Parts' answers), and orders made through the operations themselves.
enum RepairsFixture {
    typealias Harness = ServiceHarness<RepairsService>
    static let technician = TestCaller.staff([.technician], subject: "tech-wang")
    static let frontDesk = TestCaller.staff([.csAgent], subject: "cs-li")
    static let supervisor = TestCaller.staff([.supervisor], subject: "boss-zhao")

    static func envelope<P: EventPayload>(_ payload: P, subject: UUID, id: UUID = .v7(), tenant: TenantID = TestTenants.a) throws -> String {
        try TestEvents.envelope(payload, subject: subject, id: id, tenant: tenant, occurredAt: Harness.start)
    }

    /// Delivers `envelopes` in one batch; the sink's answer.
    @discardableResult
    static func deliver(
        _ client: ServiceTestClient,
        _ envelopes: [String],
        expecting status: HTTPResponse.Status = .ok,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> TestResponse {
        try await TestEvents.deliver(client, envelopes, expecting: status, sourceLocation: sourceLocation)
    }

    /// Intake registered a case: Repairs knows it.
    static func knownCase(_ client: ServiceTestClient, _ caseID: UUID = .v7(), category: String? = "computer") async throws -> UUID {
        var registered = CaseRegistered.example
        registered.caseID = caseID
        registered.productCategory = category
        try await deliver(client, [try envelope(registered, subject: caseID)])
        return caseID
    }

    /// Dispatch registered a merchant: Repairs knows it.
    static func knownMerchant(_ client: ServiceTestClient, _ merchantID: UUID = .v7(), status: MerchantStatus = .active) async throws -> UUID {
        let summary = MerchantSummary(
            merchantID: merchantID,
            merchantVersion: 1,
            name: "华强电脑城三楼 \(merchantID.wire.suffix(4))",
            status: status,
            regions: []
        )
        try await deliver(client, [try envelope(MerchantRegistered(summary), subject: merchantID)])
        return merchantID
    }

    static func orderBody(_ overrides: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "device": ["productName": "联想 ThinkPad X1 笔记本", "model": "X1 Carbon Gen 12", "serialNumber": "PF3ABCD1"],
            "reportedFault": "开机无显示，电源灯闪烁", "accompanyingItems": ["电源适配器"], "category": "computer",
        ]
        for (key, value) in overrides { body[key] = value }
        return body
    }

    /// A registered order (walk-in unless `overrides` names a case).
    static func order(_ client: ServiceTestClient, _ overrides: [String: Any] = [:]) async throws -> String {
        let created = try await client.call("CreateRepairOrder", orderBody(overrides))
        return try #require(created.json["repairOrderId"] as? String, "\(created.json)")
    }

    /// Checks `order` in as matching the case's photos.
    static func checkIn(_ client: ServiceTestClient, _ order: String) async throws {
        let body: [String: Any] = [
            "repairOrderId": order, "receivedItems": ["电源适配器"], "exteriorCondition": "A 面轻微划痕", "customerSignatureRef": "sig-001",
            "matchesEvidence": true,
        ]
        expectStatus(try await client.call("CheckInRepairOrder", body), "checked_in")
    }

    static func money(_ yuan: Int64) -> [String: Any] { ["currency": "CNY", "amountMinor": yuan * 100] }

    static func labour(_ minutes: Int, perHour yuan: Int64, _ description: String = "主板维修工时") -> [String: Any] {
        ["description": description, "kind": "labour", "minutes": minutes, "hourlyRate": money(yuan)]
    }

    static func package(_ yuan: Int64, _ description: String = "屏幕总成更换", coverage: String? = nil) -> [String: Any] {
        var line: [String: Any] = ["description": description, "kind": "package", "price": money(yuan)]
        if let coverage { line["coverage"] = coverage }
        return line
    }

    static func part(_ yuan: Int64, _ extra: [String: Any] = [:], _ description: String = "电源管理芯片") -> [String: Any] {
        var part: [String: Any] = ["unitPrice": money(yuan), "quantity": 1, "origin": "in_stock"]
        part.merge(extra) { _, new in new }
        return ["description": description, "kind": "part", "part": part]
    }

    /// The order's status is `status` (and the answer 200).
    static func expectStatus(_ answer: TestResponse, _ status: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            answer.status == .ok && answer.json["status"] as? String == status,
            "\(answer.status.code) \(answer.json)",
            sourceLocation: sourceLocation
        )
    }

    /// The order is refused as its state does not allow the step, with `words` in the message.
    static func expectRefused(_ answer: TestResponse, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(answer.json["code"] as? String == "failed_precondition", "\(answer.json)", sourceLocation: sourceLocation)
        #expect((answer.json["message"] as? String)?.contains(words) == true, "\(answer.json)", sourceLocation: sourceLocation)
    }

    /// The data of the events of `type` in the outbox, oldest first.
    static func events(_ database: TestDatabase, _ type: String) async throws -> [[String: Any]] {
        try await database.rows("SELECT envelope::text FROM outbox_events WHERE type = '\(type)' ORDER BY occurred_at, id").map { text in
            let envelope = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            return envelope?["data"] as? [String: Any] ?? [:]
        }
    }

    static func amount(_ value: Any?) -> Int64? { ((value as? [String: Any])?["amountMinor"] as? NSNumber)?.int64Value }
}
