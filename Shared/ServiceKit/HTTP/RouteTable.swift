public import HTTPTypes
public import OpenAPIRuntime

/// The operations a service serves, by path and method: the error mapper needs them to tell a wrong
/// method (405) from an unknown operation (501) after the router has answered "not found".
///
/// Registration goes through ``RecordingTransport`` first, so the table is complete before any
/// middleware that reads it is built.
public struct RouteTable: Sendable {
    public private(set) var methodsByPath: [String: Set<HTTPRequest.Method>] = [:]

    public init() {}

    public mutating func add(path: String, method: HTTPRequest.Method) {
        methodsByPath[path, default: []].insert(method)
    }

    public func methods(for path: String) -> Set<HTTPRequest.Method>? { methodsByPath[path] }

    public func contains(path: String, method: HTTPRequest.Method) -> Bool {
        methodsByPath[path]?.contains(method) ?? false
    }
}

/// A `ServerTransport` that only records what the generated server registers, to be replayed on the
/// real router once the route table is known.
public final class RecordingTransport: ServerTransport {
    public typealias Handler =
        @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)

    public struct Registration: Sendable {
        public let handler: Handler
        public let method: HTTPRequest.Method
        public let path: String
    }

    public private(set) var registrations: [Registration] = []

    public init() {}

    public func register(_ handler: @escaping Handler, method: HTTPRequest.Method, path: String) throws {
        registrations.append(Registration(handler: handler, method: method, path: path))
    }

    public var routeTable: RouteTable {
        var table = RouteTable()
        for registration in registrations { table.add(path: registration.path, method: registration.method) }
        return table
    }
}
