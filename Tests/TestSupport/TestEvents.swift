public import Foundation
public import HTTPTypes
public import HummingbirdTesting
public import Models
import NIOCore
public import ServiceKit
public import Testing

/// Events as a relay delivers them to a service's sink: an envelope of a catalog payload, and a batch
/// delivered with a service token.
public enum TestEvents {
    /// The envelope of `payload` about `subject`, of `tenant`, at `occurredAt`, as JSON text.
    public static func envelope<P: EventPayload>(
        _ payload: P,
        subject: UUID,
        id: UUID = .v7(),
        tenant: TenantID = TestTenants.a,
        occurredAt: Date = Date(timeIntervalSince1970: 1_773_108_000)
    ) throws -> String {
        let envelope = EventEnvelope(
            id: id,
            tenantID: tenant,
            subject: EventSubject(kind: P.subjectKind, id: subject.wire),
            occurredAt: occurredAt,
            producer: P.producer,
            data: payload
        )
        return String(decoding: try JSONEncoder().encode(envelope), as: UTF8.self)
    }

    /// Delivers `envelopes` in one batch to the sink of `client`'s service; its answer, expected `status`.
    @discardableResult
    public static func deliver(
        _ client: ServiceTestClient,
        _ envelopes: [String],
        expecting status: HTTPResponse.Status = .ok,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> TestResponse {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.authorization] = "Bearer \(try await TestTokens.token(tenant: nil, roles: [.service], subject: "service:relay"))"
        let body = #"{"events":[\#(envelopes.joined(separator: ","))]}"#
        let answer = try await client.execute(uri: PlatformPaths.deliver, method: .post, headers: headers, body: ByteBuffer(string: body))
        #expect(answer.status == status, "\(answer.json)", sourceLocation: sourceLocation)
        return answer
    }
}
