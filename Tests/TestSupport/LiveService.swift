import Foundation
import Hummingbird
public import ServiceKit

/// A service's real application served in-process on a loopback port (real HTTP, real router, real
/// relay and timer worker), for tests where services talk to each other. Test mode is on, so the test
/// clock paths are served over `clock`.
public final class LiveService<Service: ServiceDefinition>: Sendable {
    public let port: Int
    public let faults: FaultPoints
    private let task: Task<Void, any Error>

    private init(port: Int, faults: FaultPoints, task: Task<Void, any Error>) {
        self.port = port
        self.faults = faults
        self.task = task
    }

    /// Starts the service on `port` against `database` and waits until it is ready.
    public static func start(
        on port: Int = FreePort.next(),
        database: TestDatabase,
        clock: ManualBusinessClock,
        settings extra: [String: String] = [:],
        faults: FaultPoints = FaultPoints(),
        logSink: JSONLinesLogHandler.Sink? = nil
    ) async throws -> LiveService {
        var environment = ["HTTP_PORT": String(port), "TEST_MODE": "true", "EVENTS_POLL_INTERVAL_MS": "200"]
        environment.merge(extra) { _, new in new }
        let settings = try database.settings(registry: Service.registry, environment)
        let logs: JSONLinesLogHandler.Sink = logSink ?? (ProcessInfo.processInfo.environment["TEST_LOGS"] == nil ? .init { _ in } : .standardOutput)
        let app = try await ServiceApplication.build(Service.self, settings: settings, clock: clock, logSink: logs, faults: faults)
        let task = Task { try await app.runService() }
        let service = LiveService(port: port, faults: faults, task: task)
        do {
            try await Readiness.wait(port: port, timeout: .seconds(30))
        } catch {
            await service.stop()
            throw error
        }
        return service
    }

    /// Stops the service (graceful shutdown) and waits for it, at most 10 s: an idle keep-alive connection
    /// of another service's client may hold the server's shutdown open, and a test must not hang on it.
    public func stop() async {
        task.cancel()
        let task = self.task
        await withTaskGroup(of: Void.self) { group in
            group.addTask { _ = try? await task.value }
            group.addTask { try? await Task.sleep(for: .seconds(10)) }
            await group.next()
            group.cancelAll()
        }
    }
}
