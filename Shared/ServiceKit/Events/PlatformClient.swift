import AsyncHTTPClient
public import Foundation
import Models
import NIOCore
import NIOHTTP1
import Synchronization

/// The small client of the platform paths (DESIGN §9): a relay posting to `EventSink/Deliver`, the test
/// harness calling `TestClock/*`. Every call carries a service token and a timeout.
public struct PlatformClient: Sendable {
    public struct Answer: Sendable {
        public let status: Int
        public let body: Data
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    public let tokens: ServiceTokens

    public init(tokens: ServiceTokens) { self.tokens = tokens }

    /// One client for every relay of the process. A subscriber that refuses connections fails the attempt
    /// at once — the relay retries it on its own schedule — instead of AsyncHTTPClient retrying the connect
    /// until the delivery timeout: that held the relay's pass (and a worker connection) for the whole
    /// timeout per batch, so one subscriber down slowed delivery to all the others.
    static let client: HTTPClient = {
        var pool = HTTPClient.Configuration.ConnectionPool(idleTimeout: .seconds(60))
        pool.retryConnectionEstablishment = false
        return HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(timeout: .init(connect: .seconds(2)), connectionPool: pool)
        )
    }()

    /// POSTs `body` (JSON) to `path` of the service at `baseURL`.
    /// - Throws: when there is no answer at all (refused, reset, timed out).
    public func post(_ baseURL: String, path: String, body: Data, timeout: Duration) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL.trimmingSuffix("/") + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(try await tokens.current())")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await Self.client.execute(request, timeout: TimeAmount(timeout))
        let answer = try await response.body.collect(upTo: 1 << 20)
        return Answer(status: Int(response.status.code), body: Data(answer.readableBytesView))
    }
}

/// The service's own token (`service` role, no tenant), minted with its key and renewed before it ends;
/// the key never leaves the process and the token is never logged.
public final class ServiceTokens: Sendable {
    private let issuer: TokenIssuer
    private let subject: String
    private let cached = Mutex<(token: String, renewAt: Date)?>(nil)

    public init(issuer: TokenIssuer, service: String) {
        self.issuer = issuer
        self.subject = "service:\(service)"
    }

    public func current() async throws -> String {
        let now = Date()  // token lifetimes run on the wall clock (DESIGN §6)
        if let cached = cached.withLock({ $0 }), cached.renewAt > now { return cached.token }
        let token = try await issuer.issue(subject: subject, tenant: nil, roles: [.service], lifetime: .seconds(900), now: now)
        cached.withLock { $0 = (token, now.addingTimeInterval(600)) }
        return token
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
