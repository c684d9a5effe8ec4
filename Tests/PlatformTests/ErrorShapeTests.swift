import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Models
import NIOCore
import ServiceKit
import TestSupport
import Testing

/// DESIGN §4: whatever goes wrong, the caller gets one flat body with a canonical code, and bad bytes are
/// refused before any SQL.
@Suite struct ErrorShapeTests {
    /// The only keys an error body may have.
    static let errorKeys: Set<String> = ["code", "message", "details"]

    @Test(arguments: [
        ("{\"orderNumber\": ", "malformed JSON"),
        ("[1, 2, 3]", "not an object"),
        ("", "empty body"),
    ])
    func unreadableBodiesAreInvalidArgument(raw: String, _ label: String) async throws {
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                let answer = try await client.call("CreateCase", raw: ByteBuffer(string: raw))
                #expect(answer.status == .badRequest, "\(label)")
                #expect(answer.json["code"] as? String == "invalid_argument", "\(label)")
                #expect(Set(answer.json.keys).isSubset(of: Self.errorKeys))
                #expect(answer.headers[.contentType] == "application/json")
            }
        }
    }

    @Test func aMissingBodyIsInvalidArgument() async throws {
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                let answer = try await client.call("GetCase", raw: nil)
                #expect(answer.status == .badRequest)
                #expect(answer.json["code"] as? String == "invalid_argument")
            }
        }
    }

    @Test func aNulCharacterIsRefusedBeforeAnySQL() async throws {
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                let answer = try await client.call("CreateCase", IntakeRequests.createBody(["reason": "坏了\u{0}"]))
                #expect(answer.status == .badRequest)
                #expect(answer.json["code"] as? String == "invalid_argument")
            }
            #expect(try await harness.caseCount() == 0)
        }
    }

    /// The decoder would keep one value and the fingerprint another: a key twice is refused at the edge,
    /// naming it, with or without an `Idempotency-Key`, and nothing is written or claimed.
    @Test(arguments: [false, true])
    func aBodyWithAKeyTwiceIsRefused(keyed: Bool) async throws {
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                let valid = String(decoding: try JSONSerialization.data(withJSONObject: IntakeRequests.createBody()), as: UTF8.self)
                let twice = valid.dropLast() + #","quantity":5}"#
                var headers = HTTPFields()
                if keyed { headers[HTTPField.Name("Idempotency-Key")!] = "dup-1" }
                let answer = try await client.call("CreateCase", raw: ByteBuffer(string: String(twice)), headers: headers)
                #expect(answer.status == .badRequest)
                #expect(answer.json["code"] as? String == "invalid_argument")
                #expect(answer.violatedFields == ["quantity"])
                // The key is still free: the same key with a valid body registers the case.
                let valid2 = try await client.call("CreateCase", raw: ByteBuffer(string: valid), headers: headers)
                #expect(valid2.status == .ok)
                #expect(valid2.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            }
            #expect(try await harness.caseCount() == 1)
            #expect(try await harness.database.count("idempotency_keys") == (keyed ? 1 : 0))
        }
    }

    @Test func invalidUTF8IsRefused() async throws {
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                var bytes = ByteBuffer(string: #"{"caseId": ""#)
                bytes.writeBytes([0xC3, 0x28, 0xFF])
                bytes.writeString(#""}"#)
                let answer = try await client.call("GetCase", raw: bytes)
                #expect(answer.status == .badRequest)
                #expect(answer.json["code"] as? String == "invalid_argument")
            }
        }
    }

    @Test func anOversizeBodyIsRefused() async throws {
        try await IntakeHarness.with { harness in
            try await harness.serve(settings: ["HTTP_MAX_BODY_BYTES": "2048"]) { client in
                let answer = try await client.call("CreateCase", IntakeRequests.createBody(["reason": String(repeating: "x", count: 4000)]))
                #expect(answer.status == .badRequest)
                #expect(answer.json["code"] as? String == "invalid_argument")
                #expect(answer.violatedFields == ["body"])
            }
            #expect(try await harness.caseCount() == 0)
        }
    }

    @Test func aWrongContentTypeIs415() async throws {
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                let answer = try await client.call("GetCase", raw: ByteBuffer(string: "caseId=1"), contentType: "application/x-www-form-urlencoded")
                #expect(answer.status == .unsupportedMediaType)
                #expect(answer.json["code"] as? String == "invalid_argument")
                let none = try await client.call("GetCase", raw: ByteBuffer(string: #"{"caseId":"x"}"#), contentType: nil)
                #expect(none.status == .unsupportedMediaType)
            }
        }
    }

    @Test func aWrongMethodIs405WithAllow() async throws {
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                let answer = try await client.execute(uri: "/aftersales.intake.v1.IntakeService/GetCase", method: .get)
                #expect(answer.status == .methodNotAllowed)
                #expect(answer.headers[.allow] == "POST")
                #expect(Set(answer.json.keys).isSubset(of: Self.errorKeys))
            }
        }
    }

    @Test func anUnknownOperationIsUnimplemented() async throws {
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                let answer = try await client.call("DeleteEverything", ["caseId": "x"])
                #expect(answer.status == .notImplemented)
                #expect(answer.json["code"] as? String == "unimplemented")
            }
        }
    }

    @Test func everyAnswerCarriesARequestIdAndAnIncomingOneIsKept() async throws {
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                let fresh = try await client.call("GetCase", ["caseId": "nope"])
                #expect((fresh.headers[HTTPField.Name("X-Request-Id")!] ?? "").isEmpty == false)
                let kept = try await client.execute(
                    uri: "/aftersales.intake.v1.IntakeService/GetCase",
                    method: .post,
                    headers: [.contentType: "application/json", HTTPField.Name("X-Request-Id")!: "req-abc-123"],
                    body: ByteBuffer(string: #"{"caseId":"nope"}"#)
                )
                #expect(kept.headers[HTTPField.Name("X-Request-Id")!] == "req-abc-123")
            }
        }
    }

    /// The router ignores empty path segments; the guard must not be skippable that way.
    @Test(arguments: ["/aftersales.intake.v1.IntakeService/CreateCase/", "/aftersales.intake.v1.IntakeService//CreateCase"])
    func aNonCanonicalOperationPathIsNotAnOperation(path: String) async throws {
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                let answer = try await client.execute(
                    uri: path,
                    method: .post,
                    headers: [.contentType: "application/json"],
                    body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: IntakeRequests.createBody()))
                )
                #expect(answer.status == .notImplemented)
                #expect(answer.json["code"] as? String == "unimplemented")
            }
            #expect(try await harness.caseCount() == 0)
        }
    }
}
