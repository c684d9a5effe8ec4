#if canImport(Glibc)
import Glibc
#endif

/// A TCP port on 127.0.0.1 that nothing listens on right now, for starting a real executable.
public enum FreePort {
    public static func next() -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        precondition(socketFD >= 0, "socket() failed")
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddr in
                bind(socketFD, sockaddr, length) == 0 && getsockname(socketFD, sockaddr, &length) == 0
            }
        }
        precondition(bound, "bind() failed")
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
