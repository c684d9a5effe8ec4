import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Models
import NIOCore
import NIOPosix

/// The command line of every service executable: `serve` (the default), `migrate` and `provision`.
/// Configuration comes from the environment only; a bad value stops the command with the key's name.
public enum ServiceCommand<D: ServiceDefinition> {
    public static func main(arguments: [String] = Array(CommandLine.arguments.dropFirst())) async {
        installEventLoopsAsGlobalExecutor(arguments: arguments)
        do {
            var command = try Root.parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let error as SettingsError {
            FileHandle.standardError.write(Data("\(D.name): configuration error\n\(error)\n".utf8))
            exit(78)  // EX_CONFIG
        } catch {
            Root.exit(withError: error)
        }
    }

    struct Root: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(
                commandName: D.name,
                abstract: "The \(D.name) service of the after-sales platform.",
                discussion: "Configured by environment variables:\n"
                    + D.registry.map { "  \($0.environmentName)  \($0.summary)" }.joined(separator: "\n"),
                subcommands: [Serve.self, Migrate.self, Provision.self],
                defaultSubcommand: Serve.self
            )
        }
    }

    struct Serve: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(abstract: "Serve the API; stops gracefully on SIGTERM or SIGINT.")
        }

        func run() async throws {
            let settings = try Settings.fromEnvironment(registry: D.registry)
            // In test mode business time is the test clock's, starting at the configured instant or the wall
            // clock's whole second (so every reading survives the wire's millisecond instants exactly).
            var start = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
            if let configured = settings.optionalString(CommonSettings.testClockStart) {
                guard settings.bool(CommonSettings.testMode) else {
                    throw SettingsError(CommonSettings.testClockStart, "is a test-mode setting; set TEST_MODE or leave it empty")
                }
                guard let instant = RFC3339.date(configured) else {
                    throw SettingsError(CommonSettings.testClockStart, "must be an RFC 3339 instant such as 2026-01-01T00:00:00Z")
                }
                start = Date(timeIntervalSince1970: instant.timeIntervalSince1970.rounded(.down))
            }
            let clock: any BusinessClock = settings.bool(CommonSettings.testMode) ? ManualBusinessClock(start) : SystemBusinessClock()
            let app = try await ServiceApplication.build(D.self, settings: settings, clock: clock, faults: FaultPoints.configured(settings))
            try await app.runService()
        }
    }

    struct Migrate: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(abstract: "Apply the service's migrations, as the database owner role.")
        }

        func run() async throws {
            let settings = try Settings.fromEnvironment(registry: CommonSettings.database)
            let logger = commandLogger(settings)
            let clock = SystemBusinessClock()
            let applied = try await withClient(DatabaseConfiguration(settings: settings, asOwner: true), logger: logger) { client in
                try await D.migrator.apply(on: client, appliedAt: { clock.now() }, logger: logger)
            }
            logger.info("migrations current", metadata: ["applied": "\(applied.count)"])
        }
    }

    struct Provision: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(abstract: "Create the service's roles and database (as a superuser); idempotent.")
        }

        func run() async throws {
            let settings = try Settings.fromEnvironment(registry: CommonSettings.provisioning)
            var admin = DatabaseConfiguration(settings: settings)
            admin.user = settings.string(CommonSettings.dbAdminUser)
            admin.password = settings.optionalString(CommonSettings.dbAdminPassword)
            let passwords = [
                D.roles.owner: settings.string(CommonSettings.dbOwnerPassword),
                D.roles.app: settings.string(CommonSettings.dbPassword),
                D.roles.worker: settings.string(CommonSettings.dbWorkerPassword),
            ]
            let provisioner = Provisioner(roles: D.roles, database: settings.string(CommonSettings.dbName), passwords: passwords)
            try await provisioner.run(admin: admin, logger: commandLogger(settings))
        }
    }

    /// With `runtime.tasks_on_event_loops` (`serve` only, before anything else runs): Swift concurrency's
    /// global executor becomes the NIO event loop group that Hummingbird and PostgresNIO share, so a handler
    /// continues on the loop its I/O completes on instead of hopping to another pool. Off by default: measured
    /// on 2 cores (create-case with Dispatch, `make bench`), saturated throughput fell from ~735 to ~590
    /// requests/s and the open-loop median at 500/s rose from 41 ms to 90–930 ms — the two loop threads then
    /// carry every task while PostgreSQL competes for the same cores.
    static func installEventLoopsAsGlobalExecutor(arguments: [String]) {
        let subcommand = arguments.first { !$0.hasPrefix("-") } ?? "serve"
        guard subcommand == "serve",
            ProcessInfo.processInfo.environment[CommonSettings.tasksOnEventLoops.environmentName]?.lowercased() == "true"
        else { return }
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    static func commandLogger(_ settings: Settings) -> Logger {
        JSONLinesLogHandler.logger(label: D.name, level: Logger.Level(rawValue: settings.string(CommonSettings.logLevel)) ?? .info)
    }
}
