import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// The limits of every call to a partner's endpoint (webhooks): a slow or huge answer is cut off and counts
/// as a failure.
public struct OutboundLimits: Sendable, Equatable {
    public var connectTimeout: Duration
    /// From the start of the call to the last byte of the answer.
    public var totalTimeout: Duration
    /// The most bytes of an answer's body read; a longer answer is a failure.
    public var maxResponseBytes: Int
    /// What is kept of an answer for its delivery log.
    public var excerptBytes: Int

    public init(connectTimeout: Duration, totalTimeout: Duration, maxResponseBytes: Int, excerptBytes: Int = 1024) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxResponseBytes = maxResponseBytes
        self.excerptBytes = excerptBytes
    }
}

/// What one outbound call met: the answer's status (nil when none came), how long it took, the start of
/// its body (at most ``OutboundLimits/excerptBytes``, cut on a character boundary) and, for a failure, why.
public struct OutboundResult: Sendable, Equatable {
    public let status: Int?
    public let latencyMs: Int
    public let excerpt: String
    /// Nil for a 2xx answer read within the limits.
    public let failure: String?

    public var succeeded: Bool { failure == nil }

    public init(status: Int?, latencyMs: Int, excerpt: String, failure: String?) {
        self.status = status
        self.latencyMs = latencyMs
        self.excerpt = excerpt
        self.failure = failure
    }
}

/// Posts to partners' endpoints safely (issue: merchant webhooks; OWASP API7): a name is resolved here,
/// every address it resolves to must be public (``EndpointSafety/isPublic(_:)``) outside test mode, and the
/// connection goes to the address that was checked (AsyncHTTPClient's DNS override), so a name cannot be
/// re-pointed at a private address between the check and the connect. No redirect is followed; connect,
/// total and size limits hold on every call.
public final class OutboundClient: Sendable {
    let limits: OutboundLimits
    let allowPrivateHosts: Bool
    let resolver: any HostResolver
    let isAllowed: @Sendable (HostAddress) -> Bool
    /// For literal addresses (checked as written) and test mode.
    let direct: HTTPClient
    /// A client per name and the address it was pinned to; a few dozen at most (oldest shut down first).
    private let pinned = Mutex<[(key: String, client: HTTPClient)]>([])
    static let pinnedClients = 32

    /// - Parameters:
    ///   - allowPrivateHosts: test mode: any address, loopback included, and no resolution here.
    ///   - isAllowed: which addresses may be connected to; tests replace it to reach a loopback receiver
    ///     through a resolved name.
    public init(
        limits: OutboundLimits,
        allowPrivateHosts: Bool,
        resolver: any HostResolver = SystemResolver(),
        isAllowed: @escaping @Sendable (HostAddress) -> Bool = EndpointSafety.isPublic
    ) {
        self.limits = limits
        self.allowPrivateHosts = allowPrivateHosts
        self.resolver = resolver
        self.isAllowed = isAllowed
        self.direct = HTTPClient(eventLoopGroupProvider: .singleton, configuration: Self.configuration(limits, pinning: nil))
    }

    static func configuration(_ limits: OutboundLimits, pinning: (host: String, address: String)?) -> HTTPClient.Configuration {
        // A refused or timed-out connect fails the attempt (the delivery schedule retries it), rather than
        // being retried inside the call until its total limit.
        var pool = HTTPClient.Configuration.ConnectionPool(idleTimeout: .seconds(30))
        pool.retryConnectionEstablishment = false
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(limits.connectTimeout), read: TimeAmount(limits.totalTimeout)),
            connectionPool: pool,
            decompression: .disabled
        )
        if let pinning { configuration.dnsOverride = [pinning.host: pinning.address] }
        return configuration
    }

    /// One client per process for each set of limits and mode, never released: an AsyncHTTPClient must be
    /// shut down before it is freed, and a service built and dropped (tests build many) would free it.
    public static func shared(limits: OutboundLimits, allowPrivateHosts: Bool) -> OutboundClient {
        processClients.withLock { clients in
            if let client = clients.first(where: { $0.limits == limits && $0.allowPrivateHosts == allowPrivateHosts }) { return client }
            let client = OutboundClient(limits: limits, allowPrivateHosts: allowPrivateHosts)
            clients.append(client)
            return client
        }
    }

    private static let processClients = Mutex<[OutboundClient]>([])

    /// Posts `body` to `url` with `headers` (JSON content type added); never throws: every failure is in the result.
    public func post(_ url: String, headers: [(String, String)], body: Data) async -> OutboundResult {
        let started = ContinuousClock.now
        func failed(_ reason: String, status: Int? = nil, excerpt: String = "") -> OutboundResult {
            OutboundResult(status: status, latencyMs: (ContinuousClock.now - started).wholeMilliseconds, excerpt: excerpt, failure: reason)
        }
        let client: HTTPClient
        switch await route(url) {
        case .failure(let refusal): return failed(refusal.reason)
        case .success(let chosen): client = chosen
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "aftersales-webhooks/1")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let limits = self.limits
        let prepared = request
        // The total limit holds from the request to the last byte of the answer (ServiceKit's `withTimeout`:
        // the call is cancelled and the caller resumes at the limit).
        let answer: (status: Int, body: ByteBuffer, tooLarge: Bool)
        do {
            answer = try await withTimeout(limits.totalTimeout) {
                let response = try await client.execute(prepared, timeout: TimeAmount(limits.totalTimeout))
                var collected = ByteBuffer()
                for try await chunk in response.body {
                    if collected.readableBytes + chunk.readableBytes > limits.maxResponseBytes { return (Int(response.status.code), collected, true) }
                    collected.writeImmutableBuffer(chunk)
                }
                return (Int(response.status.code), collected, false)
            }
        } catch let error where error is TimeoutError || (error as? HTTPClientError) == .deadlineExceeded {
            // Either limit may fire first (both are the total limit): the same failure.
            return failed("no complete answer within \(limits.totalTimeout.components.seconds) s")
        } catch {
            return failed("no answer: \(String(describing: error).prefix(200))")
        }
        let excerpt = Self.excerpt(answer.body, limit: limits.excerptBytes)
        if answer.tooLarge {
            return failed("the answer was larger than \(limits.maxResponseBytes) bytes; cut off", status: answer.status, excerpt: excerpt)
        }
        if (300..<400).contains(answer.status) {
            return failed("HTTP \(answer.status): redirects are not followed", status: answer.status, excerpt: excerpt)
        }
        guard (200..<300).contains(answer.status) else { return failed("HTTP \(answer.status)", status: answer.status, excerpt: excerpt) }
        return OutboundResult(status: answer.status, latencyMs: (ContinuousClock.now - started).wholeMilliseconds, excerpt: excerpt, failure: nil)
    }

    struct Refusal: Error { let reason: String }

    /// The client that connects to a checked address of `url`'s host, or why there is none.
    private func route(_ url: String) async -> Result<HTTPClient, Refusal> {
        guard let components = URLComponents(string: url), let host = components.host, let address = HostAddress.parse(host) else {
            return .failure(Refusal(reason: "refused: not a URL with a host"))
        }
        if allowPrivateHosts { return .success(direct) }
        guard case .name(let name) = address else {
            return isAllowed(address) ? .success(direct) : .failure(Refusal(reason: "refused: \(host) is not a public address"))
        }
        let resolved: [HostAddress]
        do {
            resolved = try await resolver.addresses(of: name)
        } catch {
            return .failure(Refusal(reason: "\(error)"))
        }
        guard let first = resolved.first, let text = first.connectText else { return .failure(Refusal(reason: "\(name) resolves to no address")) }
        if let blocked = resolved.first(where: { !isAllowed($0) }) {
            return .failure(Refusal(reason: "refused: \(name) resolves to \(blocked.connectText ?? "?"), not a public address"))
        }
        return .success(pinnedClient(host: name, address: text))
    }

    private func pinnedClient(host: String, address: String) -> HTTPClient {
        let key = host + "|" + address
        let (client, evicted) = pinned.withLock { clients -> (HTTPClient, HTTPClient?) in
            if let index = clients.firstIndex(where: { $0.key == key }) { return (clients[index].client, nil) }
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: Self.configuration(limits, pinning: (host, address)))
            clients.append((key, client))
            return (client, clients.count > Self.pinnedClients ? clients.removeFirst().client : nil)
        }
        if let evicted { Task { try? await evicted.shutdown() } }
        return client
    }

    /// The start of an answer for a log: at most `limit` bytes, cut back to a whole UTF-8 character.
    static func excerpt(_ buffer: ByteBuffer, limit: Int) -> String {
        var bytes = Array(buffer.readableBytesView.prefix(limit))
        for _ in 0..<3 where !bytes.isEmpty && String(validating: bytes, as: UTF8.self) == nil { bytes.removeLast() }
        // Invalid bytes become U+FFFD (three bytes each): cut again to the limit. NUL cannot be stored as text.
        var text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\u{0}", with: "")
        while text.utf8.count > limit { text.removeLast() }
        return text
    }

    /// Shuts every client down (at the end of the process).
    public func shutdown() async {
        let clients = pinned.withLock { clients in
            defer { clients.removeAll() }
            return clients.map(\.client)
        }
        for client in clients + [direct] { try? await client.shutdown() }
    }
}
