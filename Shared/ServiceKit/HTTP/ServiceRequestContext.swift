public import Hummingbird
public import NIOCore

/// The request context of every service: Hummingbird's own storage and the connection, whose peer address
/// the operation guard hands to handlers that limit by source (the partner token exchange). The channel is
/// kept rather than its address: the context is copied through every middleware, and a class reference
/// copies more cheaply than the address enum (measured: the enum's copies showed in the profile).
public struct ServiceRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Read when asked (only operations that limit by source ask).
    public var remoteAddress: SocketAddress? { channel.remoteAddress }
}
