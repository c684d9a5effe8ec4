import Foundation
import HTTPTypes
public import Hummingbird
import Logging
import Models
import NIOCore

/// The platform operations every service serves the same way (DESIGN §9), behind the same guard as its
/// own operations: `EventSink/Deliver` (service role), `DeadLetters/List` and `Redrive` (platform
/// operators), and in test mode only `TestClock/Get|Set|Advance|Drain` (service role). With test mode off
/// the test-clock paths are not routed at all.
enum PlatformOperations {
    static func access(testClock: Bool) -> AccessTable {
        var table: AccessTable = [
            "Deliver": .mutates([.service]),
            "List": .reads([.platformOperator]),
            "Redrive": .mutates([.platformOperator]),
        ]
        if testClock {
            table["Get"] = .reads([.service])
            for operation in ["Set", "Advance", "Drain"] { table[operation] = .mutates([.service]) }
        }
        return table
    }

    static func paths(testClock: Bool) -> [String] {
        var paths = [PlatformPaths.deliver, PlatformPaths.deadLetters + "/List", PlatformPaths.deadLetters + "/Redrive"]
        if testClock { paths += ["Get", "Set", "Advance", "Drain"].map { PlatformPaths.testClock + "/" + $0 } }
        return paths
    }

    static func register<Context: RequestContext>(
        on router: Router<Context>, runtime: EventRuntime, deadLetters: DeadLetters, testClock: ManualBusinessClock?, drain: Drain,
        maxBodyBytes: Int
    ) {
        router.post(RouterPath(PlatformPaths.deliver)) { request, context in
            let body = try await request.body.collect(upTo: maxBodyBytes)
            return try json(try await runtime.sink.deliver(body: Data(body.readableBytesView), logger: context.logger))
        }
        router.post(RouterPath(PlatformPaths.deadLetters + "/List")) { request, _ in
            let input = try await decode(DeadLetterQuery.self, request, maxBodyBytes)
            let tenant = try input.tenantId.map { try uuid($0, field: "tenantId") }
            let limit = input.pageSize ?? 100
            guard (1...500).contains(limit) else {
                throw ErrorBody.invalidArgument([FieldViolation(field: "pageSize", reason: "must be from 1 to 500")])
            }
            return try json(["deadLetters": try await deadLetters.list(tenant: tenant, limit: limit)])
        }
        router.post(RouterPath(PlatformPaths.deadLetters + "/Redrive")) { request, _ in
            let input = try await decode(RedriveRequest.self, request, maxBodyBytes)
            let tenant = try uuid(input.tenantId, field: "tenantId")
            let event = try uuid(input.eventId, field: "eventId")
            guard try await deadLetters.redrive(tenant: tenant, event: event, subscriber: input.subscriber) else {
                throw ErrorBody.notFound("dead letter of event \(event.wireText) to \(input.subscriber)")
            }
            return try json(["redriven": true])
        }
        guard let testClock else { return }
        router.post(RouterPath(PlatformPaths.testClock + "/Get")) { _, _ in
            try json(ClockReading(now: RFC3339.string(testClock.now())))
        }
        router.post(RouterPath(PlatformPaths.testClock + "/Set")) { request, _ in
            let input = try await decode(ClockReading.self, request, maxBodyBytes)
            guard let instant = RFC3339.date(input.now) else {
                throw ErrorBody.invalidArgument([FieldViolation(field: "now", reason: "must be an RFC 3339 instant")])
            }
            do {
                try testClock.set(instant)
            } catch {
                throw ErrorBody.invalidArgument([FieldViolation(field: "now", reason: "must not be earlier than the clock's time")])
            }
            return try json(ClockReading(now: RFC3339.string(testClock.now())))
        }
        router.post(RouterPath(PlatformPaths.testClock + "/Advance")) { request, _ in
            let input = try await decode(ClockAdvance.self, request, maxBodyBytes)
            do {
                try testClock.advance(by: TimeInterval(input.seconds))
            } catch {
                throw ErrorBody.invalidArgument([FieldViolation(field: "seconds", reason: "must not be negative: the clock never goes back")])
            }
            return try json(ClockReading(now: RFC3339.string(testClock.now())))
        }
        router.post(RouterPath(PlatformPaths.testClock + "/Drain")) { _, _ in
            try json(try await drain.run())
        }
    }

    struct DeadLetterQuery: Decodable {
        let tenantId: String?
        let pageSize: Int?
    }

    struct RedriveRequest: Decodable {
        let tenantId: String
        let eventId: String
        let subscriber: String
    }

    struct ClockReading: Codable {
        let now: String
    }

    struct ClockAdvance: Decodable {
        let seconds: Int
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ limit: Int) async throws -> T {
        let body = try await request.body.collect(upTo: limit)
        do {
            return try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
        } catch DecodingError.keyNotFound(let key, _) {
            throw ErrorBody.invalidArgument([FieldViolation(field: key.stringValue, reason: "is required")])
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ErrorBody.invalidArgument([FieldViolation(field: field.isEmpty ? "body" : field, reason: "has the wrong type")])
        } catch {
            throw ErrorBody.invalidArgument([FieldViolation(field: "body", reason: "must be a JSON object")])
        }
    }

    private static func uuid(_ text: String, field: String) throws -> UUID {
        guard let uuid = UUID(uuidString: text) else {
            throw ErrorBody.invalidArgument([FieldViolation(field: field, reason: "must be a UUID")])
        }
        return uuid
    }

    private static func json(_ value: some Encodable) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try WireJSON.encoder.encode(value))))
    }
}
