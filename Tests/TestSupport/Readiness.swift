import Foundation
import HTTPTypes
import HummingbirdTesting

/// Waiting for a real executable to serve: polls `/readyz` with a deadline, never a fixed sleep.
public enum Readiness {
    /// Returns once `127.0.0.1:port/readyz` answers 200; throws after `timeout` (the caller records why).
    public static func wait(port: Int, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let ready = try? await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                try await client.execute(.init("/readyz", method: .get)).status == .ok
            }
            if ready == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw NotReady(port: port, timeout: timeout)
    }

    public struct NotReady: Error, CustomStringConvertible {
        public let port: Int
        public let timeout: Duration
        public var description: String { "nothing ready on 127.0.0.1:\(port) within \(timeout)" }
    }
}
