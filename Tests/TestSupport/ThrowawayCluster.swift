import Foundation

/// A PostgreSQL cluster of a test's own (initdb takes under a second), for tests that stop and start the
/// server — never the shared test cluster. Uses the same script as `make test`.
public struct ThrowawayCluster: Sendable {
    public let directory: String
    public let port: Int

    public init() {
        directory = "/tmp/aftersales-throwaway-\(UUID().uuidString.prefix(8).lowercased())"
        // Below the ephemeral range (FreePort): a random port inside it may be held by one of the suites'
        // outgoing connections when the server binds it, and the cluster then fails to start (seen in full runs).
        port = FreePort.next()
    }

    public func start(fresh: Bool = false) throws { try script(fresh ? "fresh" : "up", directory, String(port)) }
    public func stop() throws { try script("down", directory) }

    public func destroy() {
        try? stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func script(_ arguments: String...) throws {
        let path = TestEnvironment.repositoryRoot.appending(path: "Tools/dev/pg-cluster.sh").path()
        var environment = ProcessInfo.processInfo.environment
        environment["PGBIN"] = TestEnvironment.postgresBinDirectory
        let status = try ChildProcess.run(path, arguments, environment: environment)
        guard status == 0 else {
            throw ClusterError(message: "pg-cluster.sh \(arguments.joined(separator: " ")) exited \(status)")
        }
    }

    struct ClusterError: Error { let message: String }
}
