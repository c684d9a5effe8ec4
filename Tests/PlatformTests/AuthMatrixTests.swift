import Foundation
import HTTPTypes
import HummingbirdTesting
import IntakeService
import Models
import NIOCore
import ServiceKit
import TestSupport
import Testing

/// Every way a caller can be wrong, against CreateCase and GetCase with real token verification.
@Suite struct AuthMatrixTests {
    static let now = Int(Date().timeIntervalSince1970)

    static func claims(_ change: (inout TestTokens.Claims) -> Void = { _ in }) -> TestTokens.Claims {
        var claims = TestTokens.claims(tenant: TestTenants.a, roles: [.intakeClerk])
        change(&claims)
        return claims
    }

    /// Tokens that must be refused as unauthenticated, each with why.
    static func refusedTokens() async throws -> [(String, String?)] {
        [
            ("missing", nil),
            ("not a bearer token", "Basic dXNlcjpwYXNz"),
            ("malformed", "Bearer not.a.jwt"),
            ("garbage segments", "Bearer eyJhbGciOiJFZERTQSJ9.%%%.###"),
            ("expired", "Bearer " + (try await TestTokens.sign(claims { $0.exp = now - 120 }))),
            ("not yet valid", "Bearer " + (try await TestTokens.sign(claims { $0.nbf = now + 600 }))),
            ("wrong signature", "Bearer " + (try TestTokens.forged(claims()))),
            ("unknown key id", "Bearer " + (try await TestTokens.sign(claims(), with: TestTokens.strangerKey))),
            ("alg none", "Bearer " + (try TestTokens.unsigned(claims()))),
            ("HS256 with the public key", "Bearer " + (try TestTokens.hmacWithPublicKey(claims()))),
            ("no kid", "Bearer " + (try await TestTokens.sign(claims(), withKeyID: false))),
            ("wrong audience", "Bearer " + (try await TestTokens.sign(claims { $0.aud = ["another-system"] }))),
            ("wrong issuer", "Bearer " + (try await TestTokens.sign(claims { $0.iss = "someone-else" }))),
            ("no tenant", "Bearer " + (try await TestTokens.sign(claims { $0.tid = nil }))),
            ("tenant not a uuid", "Bearer " + (try await TestTokens.sign(claims { $0.tid = "tenant-a" }))),
            ("no exp", "Bearer " + (try await TestTokens.sign(claims { $0.exp = nil }))),
            ("merchant without mid", "Bearer " + (try await TestTokens.sign(claims { $0.roles = ["merchant"] }))),
        ]
    }

    @Test func everyBadTokenIsUnauthenticatedAndNothingIsWritten() async throws {
        let tokens = try await Self.refusedTokens()
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                for (label, authorization) in tokens {
                    let caller = client.authorized(authorization)
                    for (operation, body) in [("CreateCase", IntakeRequests.createBody()), ("GetCase", ["caseId": UUID.v7().wire])] {
                        let answer = try await caller.call(operation, body)
                        #expect(answer.status == .unauthorized, "\(label) on \(operation)")
                        #expect(answer.json["code"] as? String == "unauthenticated", "\(label) on \(operation)")
                    }
                }
            }
            #expect(try await harness.caseCount() == 0)
        }
    }

    @Test func aTokenWithinTheClockSkewIsAccepted() async throws {
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                // Expired 20 s ago by the wall clock at the call (under load, starting the service takes long:
                // a token signed before it could be past the skew by the time it is sent).
                let lateButTolerated = "Bearer " + (try await TestTokens.sign(Self.claims { $0.exp = Int(Date().timeIntervalSince1970) - 20 }))
                let answer = try await client.authorized(lateButTolerated).call("CreateCase", IntakeRequests.createBody())
                #expect(answer.status == .ok)
            }
        }
    }

    /// Rotation: a token signed with a newly added key is accepted as soon as the key set has it, and
    /// refused by a service still holding the old set.
    @Test func aRotatedKeyIsAcceptedOnceInTheKeySet() async throws {
        let rotated = "Bearer " + (try await TestTokens.sign(Self.claims(), with: TestTokens.rotatedKey))
        try await IntakeHarness.with { harness in
            try await harness.serve { client in
                let accepted = try await client.authorized(rotated).call("CreateCase", IntakeRequests.createBody())
                #expect(accepted.status == .ok)
            }
            try await harness.serve(settings: ["AUTH_JWKS": TestTokens.keySetBeforeRotation]) { client in
                let refused = try await client.authorized(rotated).call("CreateCase", IntakeRequests.createBody())
                #expect(refused.status == .unauthorized)
            }
        }
    }

    @Test func aRoleTheOperationDoesNotAdmitIsPermissionDenied() async throws {
        try await IntakeHarness.with { harness in
            let reader = TestCaller(tenant: TestTenants.a, roles: [.dashboardReader], merchant: nil, subject: "dash")
            try await harness.serve(as: reader) { client in
                let create = try await client.call("CreateCase", IntakeRequests.createBody())
                #expect(create.status == .forbidden)
                #expect(create.json["code"] as? String == "permission_denied")
                // The same caller may read.
                #expect(try await client.call("GetCase", ["caseId": UUID.v7().wire]).status == .notFound)
            }
            let technicianOnly = TestCaller(tenant: TestTenants.a, roles: [.technician], merchant: nil, subject: "tech")
            try await harness.serve(as: technicianOnly) { client in
                let refused = try await client.call("CreateCase", IntakeRequests.createBody())
                #expect(refused.status == .forbidden)
            }
            let unknownRoles = TestCaller(tenant: TestTenants.a, roles: [], merchant: nil, subject: "nobody")
            try await harness.serve(as: unknownRoles) { client in
                let refused = try await client.call("GetCase", ["caseId": UUID.v7().wire])
                #expect(refused.status == .forbidden)
            }
            #expect(try await harness.caseCount() == 0)
        }
    }

    /// A merchant reads its own cases; another merchant's case, like another tenant's, is not found.
    @Test func merchantsSeeOnlyTheirOwnCases() async throws {
        let other = "0190e3a0-0000-7000-8000-0000000000c2"
        try await IntakeHarness.with { harness in
            let box = Box()
            try await harness.serve { client in
                box.caseID = try await client.call("CreateCase", IntakeRequests.createBody()).json["caseId"] as? String
            }
            let caseID = try #require(box.caseID)
            try await harness.serve(as: .merchant(IntakeRequests.merchant)) { client in
                let own = try await client.call("GetCase", ["caseId": caseID])
                #expect(own.status == .ok)
                // A merchant does not register cases.
                #expect(try await client.call("CreateCase", IntakeRequests.createBody()).status == .forbidden)
            }
            try await harness.serve(as: .merchant(other)) { client in
                let foreign = try await client.call("GetCase", ["caseId": caseID])
                #expect(foreign.status == .notFound)
                #expect(foreign.json["code"] as? String == "not_found")
            }
            try await harness.serve(as: .merchant(IntakeRequests.merchant, of: TestTenants.b)) { client in
                let foreign = try await client.call("GetCase", ["caseId": caseID])
                #expect(foreign.status == .notFound)
            }
        }
    }
}
