import Foundation
public import HTTPTypes
public import HummingbirdTesting
import NIOCore

/// Intake's requests as the tests send them, in-process or to the real executable.
public enum IntakeRequests {
    /// The merchant the cases name: known to Intake in every fixture tenant (``IntakeFixture``).
    public static let merchant = "0190e3a0-0000-7000-8000-0000000000c1"

    public static func path(_ method: String) -> String { "/aftersales.intake.v1.IntakeService/\(method)" }

    /// A valid CreateCase body (a laptop repair the fixture's laptop-shop policy grants); `overrides`
    /// replace or (with NSNull) remove fields. Its order number is `order`, else a new one on every call (one
    /// open case per order line): a test that replays a request keeps the body it sent.
    public static func createBody(_ overrides: [String: Any] = [:], order: String? = nil) -> [String: Any] {
        var body: [String: Any] = [
            "channel": "online", "customer": ["name": "王芳", "phone": "139-1234-5678", "address": "深圳市福田区华强北路 1002 号"],
            "orderNumber": "DD20260301-0042", "pricePaid": ["currency": "CNY", "amountMinor": 899_900],
            "productName": "笔记本电脑 ThinkPad X1", "productModel": "X1 Carbon Gen 12", "productCategory": "laptop",
            "productBrand": "Lenovo", "quantity": 1, "purchaseDate": "2026-03-01", "issueKind": "quality_issue",
            "reason": "屏幕开机后闪烁", "requestedResolution": "repair", "merchantId": merchant,
            "itemCondition": ["accessoriesComplete": true, "receiptPresent": true], "flags": ["functional_fault", "has_warranty_card"],
        ]
        body["orderNumber"] = order ?? "DD20260301-\(UUID().uuidString.prefix(8))"
        for (key, value) in overrides {
            if value is NSNull { body[key] = nil } else { body[key] = value }
        }
        return body
    }

    public static func headers(_ contentType: String?) -> HTTPFields {
        var headers = HTTPFields()
        if let contentType { headers[.contentType] = contentType }
        return headers
    }
}

/// The same calls over a real TCP connection, for the real executable.
extension TestClient {
    public func call(_ method: String, _ body: [String: Any], token: String, headers extra: HTTPFields = [:]) async throws -> TestClient.Response {
        let bytes = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        var headers = IntakeRequests.headers("application/json")
        headers[.authorization] = "Bearer \(token)"
        headers.append(contentsOf: extra)
        return try await execute(.init(IntakeRequests.path(method), method: .post, headers: headers, body: bytes))
    }
}
