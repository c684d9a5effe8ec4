public import Hummingbird
public import NIOCore

/// The request context of every service: Hummingbird's own storage and the peer's address, which the
/// operation guard hands to handlers that limit by source (the partner token exchange).
public struct ServiceRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
