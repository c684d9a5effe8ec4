public import HTTPTypes
public import OpenAPIRuntime

/// The operations a service serves, by path: their methods (so the error answer can tell a wrong method,
/// 405, from an unknown operation, 501) and who may call them. Built once, before any middleware that
/// reads it, from what the generated servers register through ``RecordingTransport``.
public struct RouteTable: Sendable {
    public private(set) var methodsByPath: [String: Set<HTTPRequest.Method>] = [:]
    private var accessByPath: [String: OperationAccess] = [:]

    public init() {}

    public mutating func add(path: String, method: HTTPRequest.Method, access: OperationAccess? = nil) {
        methodsByPath[path, default: []].insert(method)
        if let access { accessByPath[path] = access }
    }

    public func methods(for path: String) -> Set<HTTPRequest.Method>? { methodsByPath[path] }

    public func contains(path: String, method: HTTPRequest.Method) -> Bool {
        methodsByPath[path]?.contains(method) ?? false
    }

    /// Who may call the operation at `path`.
    public func access(for path: String) -> OperationAccess? { accessByPath[path] }

    /// Whether `path` names a method of a service this one serves (`/aftersales.intake.v1.IntakeService/…`,
    /// the platform's `TestClock` too, routed or not): an unknown method there is unimplemented, any other
    /// unknown path not found.
    public func servesService(of path: String) -> Bool {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return false }
        let service = path[..<slash]
        return servicePrefixes.contains(String(service))
    }

    private var servicePrefixes: Set<String> {
        Set(methodsByPath.keys.filter { $0.hasPrefix("/aftersales.") }.compactMap { path in path.lastIndex(of: "/").map { String(path[..<$0]) } })
            .union([PlatformPaths.testClock, PlatformPaths.deadLetters, "/aftersales.platform.v1.EventSink"])
    }
}

/// A `ServerTransport` that only records what a generated server registers, to be replayed on the real
/// router once the route table is known.
public final class RecordingTransport: ServerTransport {
    public typealias Handler =
        @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)

    public struct Registration: Sendable {
        public let handler: Handler
        public let method: HTTPRequest.Method
        public let path: String

        /// The operation's method name, the last segment of its path (`CreateCase`); a path outside the
        /// service's namespace (`/.well-known/jwks.json`) is its own name.
        public var operation: String { path.hasPrefix("/aftersales.") ? String(path.split(separator: "/").last ?? "") : path }
    }

    public private(set) var registrations: [Registration] = []

    /// How every generated server is configured: the platform's JSON (``WireJSON``)…
    public let configuration = WireJSON.serverConfiguration
    /// …and its failures handed on to the one place that answers them (``ContractErrorMiddleware``).
    public let middlewares: [any ServerMiddleware] = [ContractErrorMiddleware()]

    public init() {}

    public func register(_ handler: @escaping Handler, method: HTTPRequest.Method, path: String) throws {
        registrations.append(Registration(handler: handler, method: method, path: path))
    }
}
