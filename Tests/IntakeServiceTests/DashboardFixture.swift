import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Models
import ServiceKit
import TestSupport
import Testing

/// Four cases of tenant A registered an hour apart from the harness clock's start (2026-03-10 10:00
/// Beijing), then moved by Dispatch's events, for the dashboard tests to filter, count and find:
///
/// | case | customer (phone) | order / serial | product, category, brand | channel | asks | merchant, where |
/// |---|---|---|---|---|---|---|
/// | mouse | 张伟 (13800138000) | JD-1001 / SN-A1 | 罗技无线鼠标 M330, peripherals, 罗技 | online | exchange | M1, queued, respond by +48 h |
/// | laptop | 王芳 (13912345678) | PDD-2002 / PF-12345 | 笔记本电脑 ThinkPad X1, laptop, Lenovo | phone | repair | M1, acknowledged, repair agreed |
/// | keyboard | 张伟明 (13700001111) | TB-3003 / — | 机械键盘, 青轴, peripherals, =Cherry | walk_in | refund_only | none, recorded |
/// | monitor | 李娜 (15000005678) | JD-4004 / — | 显示器 27寸, monitor, Dell | chat | return_and_refund | M2, queued, respond by +4 h |
struct DashboardCases {
    static let m1 = IntakeFixture.merchant
    static let m2 = UUID(uuidString: "0190e3a0-0000-7000-8000-0000000000c2")!
    let mouse: UUID
    let laptop: UUID
    let keyboard: UUID
    let monitor: UUID

    static func seed(_ harness: ServiceHarness<IntakeService>, _ client: ServiceTestClient) async throws -> DashboardCases {
        let start = ServiceHarness<IntakeService>.start
        func register(_ overrides: [String: Any]) async throws -> UUID {
            let created = try await client.call("CreateCase", IntakeRequests.createBody(overrides))
            return try #require(UUID(uuidString: created.json["caseId"] as? String ?? ""), "\(created.json)")
        }
        let mouse = try await register([
            "customer": ["name": "张伟", "phone": "13800138000"], "orderNumber": "JD-1001", "serialNumber": "SN-A1",
            "productName": "罗技无线鼠标 M330", "productCategory": "peripherals", "productBrand": "罗技", "channel": "online",
            "requestedResolution": "exchange",
        ])
        try harness.clock.advance(by: 3600)
        let laptop = try await register([
            "customer": ["name": "王芳", "phone": "139-1234-5678"], "orderNumber": "PDD-2002", "serialNumber": "PF-12345",
            "channel": "phone", "requestedResolution": "repair",
        ])
        try harness.clock.advance(by: 3600)
        let keyboard = try await register([
            "customer": ["name": "张伟明", "phone": "13700001111"], "orderNumber": "TB-3003", "productName": "机械键盘, 青轴",
            "productCategory": "peripherals", "productBrand": "=Cherry", "channel": "walk_in", "requestedResolution": "refund_only",
            "merchantId": NSNull(),
        ])
        try harness.clock.advance(by: 3600)
        let monitor = try await register([
            "customer": ["name": "李娜", "phone": "15000005678"], "orderNumber": "JD-4004", "productName": "显示器 27寸",
            "productCategory": "monitor", "productBrand": "Dell", "channel": "chat", "requestedResolution": "return_and_refund",
        ])
        let mouseFields = MerchantCaseFields(caseID: mouse, merchantID: m1, respondBy: start.addingTimeInterval(48 * 3600))
        let laptopFields = MerchantCaseFields(caseID: laptop, merchantID: m1, respondBy: start.addingTimeInterval(49 * 3600))
        let monitorFields = MerchantCaseFields(caseID: monitor, merchantID: m2, respondBy: start.addingTimeInterval(4 * 3600))
        let events = [
            try CaseTimelineTests.envelope(CaseQueuedForMerchant(mouseFields), case: mouse, at: 10),
            try CaseTimelineTests.envelope(CaseQueuedForMerchant(laptopFields), case: laptop, at: 3610),
            try CaseTimelineTests.envelope(CaseAcknowledgedByMerchant(laptopFields), case: laptop, at: 3620),
            try CaseTimelineTests.envelope(
                ResolutionAgreed(caseID: laptop, merchantID: m1, resolution: .repair, refund: nil),
                case: laptop,
                at: 3630
            ),
            try CaseTimelineTests.envelope(CaseQueuedForMerchant(monitorFields), case: monitor, at: 3 * 3600 + 10),
        ]
        let delivered = try await CaseTimelineTests.deliver(client, events)
        #expect(delivered.json["applied"] as? Int == 5, "\(delivered.json)")
        return DashboardCases(mouse: mouse, laptop: laptop, keyboard: keyboard, monitor: monitor)
    }

    /// The ids of a list answer, in its order.
    static func ids(_ answer: TestResponse) -> [UUID] {
        (answer.json["cases"] as? [[String: Any]] ?? []).compactMap { UUID(uuidString: $0["caseId"] as? String ?? "") }
    }
}
