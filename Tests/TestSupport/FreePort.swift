import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A TCP port on 127.0.0.1 that nothing listens on right now, for starting a real executable.
///
/// Taken below the kernel's ephemeral range, in turn from a random start: a port the kernel hands out
/// (bind to 0) may be given again, between our check and the service's bind, to one of the many outgoing
/// connections the suites make (PostgreSQL clients, relays), and the service then fails to start with
/// "address already in use" (seen in a full run). Ports below the range are never handed out that way.
public enum FreePort {
    private static let last = Mutex<Int?>(nil)

    public static func next() -> Int {
        let range = candidates
        for _ in 0..<range.count {
            let port = last.withLock { last -> Int in
                let port = last.map { $0 + 1 < range.upperBound ? $0 + 1 : range.lowerBound } ?? Int.random(in: range)
                last = port
                return port
            }
            if isFree(port) { return port }
        }
        preconditionFailure("no free port in \(range)")
    }

    /// 12,000 ports just below the ephemeral range (`ip_local_port_range`, 32768 by default).
    static let candidates: Range<Int> = {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let low = text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 32_768
        let upper = max(2_048, min(low, 65_536))
        return max(1_024, upper - 12_000)..<upper
    }()

    private static func isFree(_ port: Int) -> Bool {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        precondition(socketFD >= 0, "socket() failed")
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) == 0 }
        }
    }
}
