import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A transfer as the provider reports it (Tools/PaymentSandbox/API.md).
struct ProviderTransfer: Decodable, Sendable, Equatable {
    let id: String
    let status: String
    let amount: Int64
    let currency: String
    let reference: String
    let idempotencyKey: String
    let failureCode: String?
    let created: String

    enum CodingKeys: String, CodingKey {
        case id, status, amount, currency, reference, created
        case idempotencyKey = "idempotency_key"
        case failureCode = "failure_code"
    }

    var succeeded: Bool { status == "succeeded" }
}

/// The payment provider's client: every call with the API key, a timeout and a size limit on the answer.
/// It never throws for the provider's state: what a call learnt is an ``Answer``.
struct PaymentProvider: Sendable {
    enum Direction: String, Sendable {
        case payout, charge
        var path: String { "/v1/\(rawValue)s" }
    }

    enum Answer: Sendable, Equatable {
        /// The provider holds the transfer in a final state (succeeded or failed).
        case transfer(ProviderTransfer)
        /// The provider has no transfer under that key.
        case notFound
        /// The provider refused the call itself (4xx): a defect or a configuration error, not a payment state.
        case refused(String)
        /// No usable answer (timeout, connection cut, 5xx): whether it happened is unknown.
        case unknown(String)
    }

    let settings: PaymentSettings

    var configured: Bool { !settings.apiKey.isEmpty }

    /// Creates a payout or charge under `key`; the provider makes it once per key.
    func create(_ direction: Direction, key: String, amount: Int64, currency: String, reference: String) async -> Answer {
        let body: [String: Any] = ["amount": amount, "currency": currency, "reference": reference]
        guard let bytes = try? JSONSerialization.data(withJSONObject: body) else { return .refused("the body could not be encoded") }
        var request = HTTPClientRequest(url: url(direction.path))
        request.method = .POST
        request.headers.add(name: "Idempotency-Key", value: key)
        request.body = .bytes(ByteBuffer(bytes: bytes))
        return await send(request)
    }

    /// The transfer made under `key`, if any (how an uncertain payment is settled).
    func find(_ direction: Direction, key: String) async -> Answer {
        let escaped = key.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+"))) ?? key
        return await send(HTTPClientRequest(url: url("\(direction.path)?idempotency_key=\(escaped)&limit=1")))
    }

    /// The account's transfers whose reference starts with `prefix`, oldest first, a page of 1,000 at a time
    /// (the next from the last one's creation, repeats dropped), at most `pages` pages; and whether that was
    /// all of them.
    func listAll(_ direction: Direction, referencePrefix prefix: String, pages: Int = 10) async -> Result<([ProviderTransfer], Bool), ListFailure> {
        var found: [ProviderTransfer] = []
        var seen: Set<String> = []
        var from: String?
        for _ in 0..<pages {
            var query = "reference_prefix=\(Self.escaped(prefix))&limit=1000"
            if let from { query += "&created_gte=\(Self.escaped(from))" }
            switch await raw(HTTPClientRequest(url: url("\(direction.path)?\(query)"))) {
            case .success(let (status, body)) where status == 200:
                guard let list = try? JSONDecoder().decode(TransferList.self, from: body) else {
                    return .failure(ListFailure(reason: "unreadable list"))
                }
                for transfer in list.data where seen.insert(transfer.id).inserted { found.append(transfer) }
                guard list.hasMore, let last = list.data.last?.created else { return .success((found, true)) }
                from = last
            case .success(let (status, _)):
                return .failure(ListFailure(reason: "HTTP \(status)"))
            case .failure(let failure):
                return .failure(failure)
            }
        }
        return .success((found, false))
    }

    private static func escaped(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }

    struct ListFailure: Error, Sendable { let reason: String }

    private struct TransferList: Decodable {
        let data: [ProviderTransfer]
        let hasMore: Bool

        enum CodingKeys: String, CodingKey {
            case data
            case hasMore = "has_more"
        }
    }

    private func url(_ path: String) -> String {
        (settings.providerURL.hasSuffix("/") ? String(settings.providerURL.dropLast()) : settings.providerURL) + path
    }

    private func send(_ request: HTTPClientRequest) async -> Answer {
        switch await raw(request) {
        case .failure(let failure):
            return .unknown(failure.reason)
        case .success(let (status, body)):
            switch status {
            case 200:
                if let transfer = try? JSONDecoder().decode(ProviderTransfer.self, from: body) { return .transfer(transfer) }
                if let list = try? JSONDecoder().decode(TransferList.self, from: body) { return list.data.first.map(Answer.transfer) ?? .notFound }
                return .unknown("an unreadable answer")
            case 404: return .notFound
            // A timeout, a conflict or a rate limit says nothing about the transfer.
            case 408, 409, 429: return .unknown("HTTP \(status)")
            case 400..<500: return .refused("HTTP \(status): \(String(decoding: body.prefix(300), as: UTF8.self))")
            default: return .unknown("HTTP \(status)")
            }
        }
    }

    /// One call: the key in the header (never logged), the timeout, at most 1 MiB of answer.
    private func raw(_ request: HTTPClientRequest) async -> Result<(Int, Data), ListFailure> {
        var request = request
        request.headers.add(name: "Authorization", value: "Bearer \(settings.apiKey)")
        request.headers.add(name: "Content-Type", value: "application/json")
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64(settings.timeoutMilliseconds)))
            let body = try await response.body.collect(upTo: 1 << 20)
            return .success((Int(response.status.code), Data(body.readableBytesView)))
        } catch {
            return .failure(ListFailure(reason: "\(type(of: error)): \(error)"))
        }
    }
}
