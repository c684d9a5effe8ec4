import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to a service on 127.0.0.1, for what an HTTP client cannot send: half a request, a
/// broken framing, a malformed header. Calls with deadlines (poll), for tests only; the wait for an answer
/// runs on a thread of its own, never on the concurrency pool the services in the same process run on (with
/// two cores, two tests waiting in `poll` starved the very servers they waited for).
public final class RawConnection: @unchecked Sendable {
    private var socket: Int32

    /// Connects to `127.0.0.1:port`.
    public init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw RawConnectionError.system("socket", errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let error = errno
            Glibc.close(socket)
            throw RawConnectionError.system("connect", error)
        }
    }

    deinit { close() }

    public func close() {
        if socket >= 0 { Glibc.close(socket) }
        socket = -1
    }

    /// Sends `text` as it is (CRLF line ends are the caller's).
    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw RawConnectionError.system("send", errno) }
            offset += sent
        }
    }

    /// What arrives until the server closes the connection or `timeout` passes without a byte (then
    /// `closed` is false).
    public func receive(timeout: Duration) async -> (text: String, closed: Bool) {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: self.waitForAnswer(timeout: timeout)) }
        }
    }

    private func waitForAnswer(timeout: Duration) -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        while true {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, milliseconds) > 0 else { return (String(decoding: received, as: UTF8.self), false) }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = buffer.withUnsafeMutableBytes { Glibc.recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return (String(decoding: received, as: UTF8.self), true) }
            received += buffer[..<count]
        }
    }

    /// The first answer in `text`: status, headers (lower-cased names) and body.
    public static func answer(_ text: String) -> (status: Int, headers: [String: String], body: String)? {
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = String(text[split.upperBound...])
        if let length = headers["content-length"].flatMap(Int.init) { body = String(body.utf8.prefix(length)) ?? body }
        return (status, headers, body)
    }
}

public enum RawConnectionError: Error {
    case system(String, Int32)
}
