import Foundation
public import HTTPTypes
public import HummingbirdTesting
import NIOCore

/// Intake's requests as the tests send them, in-process or to the real executable.
public enum IntakeRequests {
    /// A merchant id the cases name (Intake does not check merchants yet).
    public static let merchant = "0190e3a0-0000-7000-8000-0000000000c1"

    public static func path(_ method: String) -> String { "/aftersales.intake.v1.IntakeService/\(method)" }

    /// A valid CreateCase body; `overrides` replace or (with NSNull) remove fields.
    public static func createBody(_ overrides: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "orderNumber": "DD20260301-0042", "productName": "笔记本电脑 ThinkPad X1", "productModel": "X1 Carbon Gen 12",
            "quantity": 1, "purchaseDate": "2026-03-01", "reason": "屏幕开机后闪烁", "requestedResolution": "repair",
            "merchantId": merchant,
        ]
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
