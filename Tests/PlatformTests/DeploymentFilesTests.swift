import Foundation
import ServiceKit
import TestSupport
import Testing
import Yams

/// docker-compose.yml and the Dockerfile against Package.swift and each service's configuration registry:
/// every executable is deployed with its own PostgreSQL server, migrated before it serves, and configured
/// only with keys it documents — and with every key it requires.
@Suite struct DeploymentFilesTests {
    /// Each service executable's configuration registry. A service added to Package.swift without an
    /// entry here fails `everyExecutableIsDeployed`.
    static let registries: [String: [SettingKey]] = Dictionary(
        uniqueKeysWithValues: PlatformServices.all.map { ($0.name, $0.registry) }
    )

    static func text(_ path: String) throws -> String {
        try String(contentsOf: TestEnvironment.repositoryRoot.appending(path: path), encoding: .utf8)
    }

    /// The executables of the manifest's `platformServices` table (`("Intake", "intake"),` lines).
    static func serviceExecutables() throws -> [String] {
        let manifest = try text("Package.swift")
        guard let declaration = manifest.firstRange(of: "let platformServices"),
            let table = manifest[declaration.upperBound...].firstRange(of: "= ["),
            let end = manifest[table.upperBound...].firstRange(of: "\n]")
        else { return [] }
        let pattern = try Regex(#"\("[A-Z][A-Za-z]+", "([a-z]+)"\)"#)
        return manifest[table.upperBound..<end.lowerBound].matches(of: pattern).compactMap { $0.output[1].substring.map(String.init) }
    }

    static func compose() throws -> [String: Any] {
        let document = try Yams.load(yaml: text("docker-compose.yml")) as? [String: Any]
        return (document?["services"] as? [String: Any]) ?? [:]
    }

    static func environment(_ service: Any?) -> [String: String] {
        let environment = (service as? [String: Any])?["environment"] as? [String: Any] ?? [:]
        return environment.mapValues { "\($0)" }
    }

    @Test func everyExecutableIsDeployed() throws {
        let executables = try Self.serviceExecutables()
        #expect(!executables.isEmpty, "the manifest scan must find the services")
        let services = try Self.compose()
        var databases: Set<String> = []
        for executable in executables {
            #expect(Self.registries[executable] != nil, "no registry known for \(executable)")
            let service = services[executable] as? [String: Any]
            #expect(service?["command"] as? [String] == [executable, "serve"], "\(executable) serves")
            #expect(service?["healthcheck"] != nil, "\(executable) has a healthcheck")
            let serviceDependencies = service?["depends_on"] as? [String: [String: String]]
            #expect(serviceDependencies?["\(executable)-migrate"]?["condition"] == "service_completed_successfully")

            let migrate = services["\(executable)-migrate"] as? [String: Any]
            let migrateCommand = (migrate?["command"] as? [String])?.joined(separator: " ") ?? ""
            #expect(migrateCommand.contains("\(executable) migrate"), "\(executable) is migrated by a one-shot job")
            let migrateDependencies = migrate?["depends_on"] as? [String: [String: String]]
            #expect(migrateDependencies?["\(executable)-db"]?["condition"] == "service_healthy")

            let database = services["\(executable)-db"] as? [String: Any]
            #expect((database?["image"] as? String)?.hasPrefix("postgres:15") == true, "\(executable) has its own PostgreSQL 15")
            #expect(database?["healthcheck"] != nil)
            #expect(Self.environment(service)["DB_HOST"] == "\(executable)-db", "\(executable) talks to its own server")
            databases.insert(Self.environment(service)["DB_HOST"] ?? "")
        }
        #expect(databases.count == executables.count, "no two services share a database server")
    }

    /// Every key set in compose is one the service documents, and every key without a default is set.
    @Test func composeConfiguresOnlyDocumentedKeysAndEveryRequiredOne() throws {
        let services = try Self.compose()
        for executable in try Self.serviceExecutables() {
            let registry = Self.registries[executable] ?? []
            for (name, keys) in [(executable, registry), ("\(executable)-migrate", CommonSettings.provisioning)] {
                let environment = Self.environment(services[name])
                let documented = Set(keys.map(\.environmentName))
                let unknown = Set(environment.keys).subtracting(documented)
                #expect(unknown.isEmpty, "\(name) sets undocumented keys \(unknown.sorted())")
                let missing = keys.filter { $0.defaultValue == nil && environment[$0.environmentName] == nil }.map(\.environmentName)
                #expect(missing.isEmpty, "\(name) lacks required keys \(missing)")
            }
        }
    }

    /// The development deployment's payment provider: the sandbox with its own PostgreSQL, healthy before
    /// Returns starts, and Returns' key the sandbox's.
    @Test func theSandboxIsReturnsPaymentProvider() throws {
        let services = try Self.compose()
        let sandbox = services["payment-sandbox"] as? [String: Any]
        #expect(sandbox?["command"] as? [String] == ["payment-sandbox", "serve"])
        #expect(Self.environment(sandbox)["DB_HOST"] == "payment-sandbox-db")
        #expect(((services["payment-sandbox-db"] as? [String: Any])?["image"] as? String)?.hasPrefix("postgres:15") == true)
        let returns = Self.environment(services["returns"])
        #expect(returns["PAYMENTS_PROVIDER_URL"] == "http://payment-sandbox:8090")
        let key = try #require(returns["PAYMENTS_API_KEY"])
        #expect(Self.environment(sandbox)["SANDBOX_API_KEYS"] == "acct_development=\(key)")
        let dependencies = (services["returns"] as? [String: Any])?["depends_on"] as? [String: [String: String]]
        #expect(dependencies?["payment-sandbox"]?["condition"] == "service_healthy")
    }

    @Test func theImageBuildsEveryExecutableStaticallyOnASlimBase() throws {
        let dockerfile = try Self.text("Dockerfile")
        for executable in try Self.serviceExecutables() + ["aftersales", "payment-sandbox"] {
            #expect(dockerfile.contains("--product \(executable)"), "the image builds \(executable)")
        }
        #expect(dockerfile.contains("--static-swift-stdlib"))
        for library in ["libpq-dev", "libssl-dev", "zlib1g-dev"] { #expect(dockerfile.contains(library)) }
        #expect(dockerfile.contains("FROM debian:bookworm-slim"))
        #expect(dockerfile.contains("USER aftersales"), "the runtime does not run as root")
    }
}
