import Foundation
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Resolves a host name to the addresses a connection may go to. Outbound calls to partners resolve the
/// name themselves, check every address, and connect to the one they checked (``OutboundClient``).
public protocol HostResolver: Sendable {
    func addresses(of name: String) async throws -> [HostAddress]
}

/// The system's resolver (`getaddrinfo`: /etc/hosts, then DNS), off the concurrency pool.
public struct SystemResolver: HostResolver {
    public init() {}

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public func addresses(of name: String) async throws -> [HostAddress] {
        try await NIOThreadPool.singleton.runIfActive { try Self.lookup(name) }
    }

    static func lookup(_ name: String) throws -> [HostAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, nil, &hints, &list)
        guard status == 0 else { throw Failure(description: "cannot resolve \(name): \(String(cString: gai_strerror(status)))") }
        defer { freeaddrinfo(list) }
        var addresses: [HostAddress] = []
        var entry = list
        while let current = entry {
            if let socketAddress = current.pointee.ai_addr {
                switch current.pointee.ai_family {
                case AF_INET:
                    let value = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
                    addresses.append(.ipv4(UInt32(bigEndian: value)))
                case AF_INET6:
                    var address = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                    addresses.append(.ipv6(withUnsafeBytes(of: &address) { Array($0) }))
                default:
                    break
                }
            }
            entry = current.pointee.ai_next
        }
        return addresses
    }
}

extension HostAddress {
    /// The address as a connection names it (`203.0.113.7`, `2001:db8::1`); nil for a name.
    public var connectText: String? {
        switch self {
        case .ipv4(let value):
            return [24, 16, 8, 0].map { String((value >> UInt32($0)) & 0xFF) }.joined(separator: ".")
        case .ipv6(let bytes):
            guard bytes.count == 16 else { return nil }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            let written = bytes.withUnsafeBytes { raw in inet_ntop(AF_INET6, raw.baseAddress, &buffer, socklen_t(buffer.count)) }
            return written == nil ? nil : String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        case .name:
            return nil
        }
    }
}
