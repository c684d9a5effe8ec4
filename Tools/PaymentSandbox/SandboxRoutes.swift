import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// The sandbox's HTTP API (API.md): JSON in and out, snake_case, errors as `{"error": {type, code, message,
/// param}}`, every call authenticated by `Authorization: Bearer <key>`.
struct SandboxRoutes: Sendable {
    let store: SandboxStore
    let settings: SandboxSettings
    let logger: Logger

    func register(on router: Router<BasicRequestContext>) {
        router.get("/health") { _, _ in Response(status: .ok) }
        router.get("/readyz") { _, _ in Response(status: .ok) }
        for kind in [Transfer.Kind.payout, .charge] {
            let path = RouterPath("/v1/\(kind.rawValue)s")
            router.post(path) { request, context in try await create(kind, request, context) }
            router.get(path) { request, context in try await list(kind, request, context) }
            router.get(RouterPath("/v1/\(kind.rawValue)s/:id")) { request, context in
                let account = try authenticate(request)
                let id = context.parameters.get("id") ?? ""
                guard let found = try await store.find(id: id, kind: kind, account: account) else {
                    throw ApiError(.notFound, "resource_missing", "no \(kind.rawValue) \(id)", param: "id")
                }
                return json(found.json)
            }
        }
        router.put("/v1/sandbox/faults") { request, context in
            let account = try authenticate(request)
            let body = try await object(request)
            guard let text = body["mode"] as? String, let mode = Fault(rawValue: text) else {
                throw ApiError(.badRequest, "parameter_invalid", "mode is one of \(Fault.allCases.map(\.rawValue))", param: "mode")
            }
            let count = (body["count"] as? Int) ?? 1
            guard (0...1000).contains(count) else { throw ApiError(.badRequest, "parameter_invalid", "count is 0…1000", param: "count") }
            try await store.arm(mode, count: count, account: account)
            return json(["account": account, "mode": mode.rawValue, "remaining": count])
        }
    }

    private func create(_ kind: Transfer.Kind, _ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let account = try authenticate(request)
        guard let key = request.headers[.idempotencyKey], (1...255).contains(key.count) else {
            throw ApiError(.badRequest, "idempotency_key_required", "the Idempotency-Key header (1…255 characters) is required", param: nil)
        }
        var callFault: Fault?
        if let named = request.headers[.sandboxFault] {
            guard let fault = Fault(rawValue: named) else {
                throw ApiError(.badRequest, "parameter_invalid", "Sandbox-Fault is one of \(Fault.allCases.map(\.rawValue))", param: nil)
            }
            callFault = fault
        }
        let body = try await object(request)
        guard let amount = (body["amount"] as? NSNumber).flatMap({ Int64(exactly: $0) }), amount > 0, !(body["amount"] is Bool),
            String(describing: body["amount"]!).allSatisfy(\.isNumber)
        else { throw ApiError(.badRequest, "parameter_invalid", "amount is a positive integer of minor units", param: "amount") }
        guard let currency = body["currency"] as? String, currency.count == 3, currency.allSatisfy({ $0.isUppercase && $0.isASCII }) else {
            throw ApiError(.badRequest, "parameter_invalid", "currency is an ISO 4217 code", param: "currency")
        }
        guard let reference = body["reference"] as? String, (1...200).contains(reference.count) else {
            throw ApiError(.badRequest, "parameter_invalid", "reference is 1…200 characters", param: "reference")
        }
        let asked = TransferRequest(kind: kind, account: account, idempotencyKey: key, amount: amount, currency: currency, reference: reference)
        let outcome = try await store.create(asked, callFault: callFault)
        let transfer: Transfer
        let fault: Fault?
        var headers = HTTPFields()
        switch outcome {
        case .keyReused(let existing):
            throw ApiError(.conflict, "idempotency_key_reused", "the key was used for another request (\(existing.id))", param: nil)
        case .created(let made, let armed):
            (transfer, fault) = (made, armed)
        case .replayed(let made, let armed):
            (transfer, fault) = (made, armed)
            headers[.idempotentReplayed] = "true"
        }
        logger.info(
            "transfer",
            metadata: ["id": "\(transfer.id)", "kind": "\(kind.rawValue)", "status": "\(transfer.status)", "fault": "\(fault?.rawValue ?? "-")"]
        )
        switch fault {
        case .crash:
            kill(getpid(), SIGKILL)
        case .timeout:
            try await Task.sleep(for: settings.timeoutHold)
        case .late:
            try await Task.sleep(for: settings.lateDelay)
        case .loseAnswer:
            // The full length is promised and half is sent: the client sees the connection cut mid-answer.
            let bytes = try JSONSerialization.data(withJSONObject: transfer.json, options: [.sortedKeys, .withoutEscapingSlashes])
            headers[.contentType] = "application/json"
            return Response(
                status: .ok,
                headers: headers,
                body: ResponseBody(contentLength: bytes.count) { writer in
                    try await writer.write(ByteBuffer(bytes: bytes.prefix(bytes.count / 2)))
                    throw LostAnswer()
                }
            )
        case .fail, .none:
            break
        }
        return json(transfer.json, headers: headers)
    }

    private func list(_ kind: Transfer.Kind, _ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let account = try authenticate(request)
        let query = request.uri.queryParameters
        func instant(_ name: String) throws -> Date? {
            guard let text = query[Substring(name)].map(String.init) else { return nil }
            guard let date = Instant.parse(text) else {
                throw ApiError(.badRequest, "parameter_invalid", "\(name) is an RFC 3339 instant", param: name)
            }
            return date
        }
        let limit = query["limit"].flatMap { Int(String($0)) } ?? 100
        guard (1...1000).contains(limit) else { throw ApiError(.badRequest, "parameter_invalid", "limit is 1…1000", param: "limit") }
        let found = try await store.list(
            kind: kind,
            account: account,
            idempotencyKey: query["idempotency_key"].map(String.init),
            referencePrefix: query["reference_prefix"].map(String.init),
            createdFrom: try instant("created_gte"),
            createdBefore: try instant("created_lt"),
            limit: limit + 1
        )
        return json(["object": "list", "data": found.prefix(limit).map(\.json), "has_more": found.count > limit])
    }

    private func authenticate(_ request: Request) throws -> String {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            let account = settings.accounts[String(header.dropFirst("Bearer ".count))]
        else { throw ApiError(.unauthorized, "invalid_api_key", "a valid API key is required (Authorization: Bearer <key>)", param: nil) }
        return account
    }

    private func object(_ request: Request) async throws -> [String: Any] {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        guard let body = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any] else {
            throw ApiError(.badRequest, "body_invalid", "the body is a JSON object", param: nil)
        }
        return body
    }

    private func json(_ object: [String: Any], headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        let bytes = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// An API error: its status and the `{"error": …}` body real providers answer with.
struct ApiError: HTTPResponseError {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    let param: String?

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, param: String?) {
        self.status = status
        self.code = code
        self.message = message
        self.param = param
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let type = status == .unauthorized ? "authentication_error" : "invalid_request_error"
        let error: [String: Any] = ["type": type, "code": code, "message": message, "param": param ?? NSNull()]
        let bytes = try JSONSerialization.data(withJSONObject: ["error": error], options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

struct LostAnswer: Error {}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
    static let sandboxFault = Self("Sandbox-Fault")!
}
