import DispatchService
import Foundation
import IntakeService
import Logging
import Models
import NotificationsService
import PartsService
import RepairsService
import ReturnsService
import ServiceKit
import TestSupport
import Testing
import Yams

/// The table of the six services (``PlatformDirectory``) is the one place their names, ports, contracts and
/// subscriptions are kept: the manifest, the run script, the compose file and each service's own
/// definition must agree with it.
@Suite struct PlatformDirectoryTests {
    /// Each service's definition, by name.
    static let definitions: [String: any ServiceDefinition.Type] = [
        IntakeService.name: IntakeService.self, DispatchService.name: DispatchService.self, ReturnsService.name: ReturnsService.self,
        RepairsService.name: RepairsService.self, PartsService.name: PartsService.self, NotificationsService.name: NotificationsService.self,
    ]

    @Test func theManifestBuildsExactlyTheServicesOfTheDirectory() throws {
        #expect(try DeploymentFilesTests.serviceExecutables() == PlatformDirectory.names)
        let manifest = try DeploymentFilesTests.text("Package.swift")
        for service in PlatformDirectory.services {
            #expect(manifest.contains(#"("\#(service.moduleName)", "\#(service.name)")"#), "Package.swift names \(service.moduleName)")
            #expect(Self.definitions[service.name] != nil, "\(service.name) has a service definition")
        }
    }

    @Test func theRunScriptUsesTheDirectorysPorts() throws {
        let script = try DeploymentFilesTests.text("Tools/dev/run-platform.sh")
        let table = try #require(script.firstMatch(of: #/declare -A PORTS=\((.*)\)/#)?.output.1)
        let ports = Dictionary(
            uniqueKeysWithValues: table.matches(of: #/\[(\w+)\]=(\d+)/#).map { (String($0.output.1), Int($0.output.2) ?? 0) }
        )
        #expect(ports == Dictionary(uniqueKeysWithValues: PlatformDirectory.services.map { ($0.name, $0.port) }))
        #expect(script.contains("SERVICES=${SERVICES:-\(PlatformDirectory.names.joined(separator: " "))}"))
    }

    @Test func composeListensAndAddressesEachServiceOnItsPort() throws {
        let services = try DeploymentFilesTests.compose()
        for service in PlatformDirectory.services {
            let definition = services[service.name] as? [String: Any]
            let environment = DeploymentFilesTests.environment(definition)
            #expect(environment["HTTP_PORT"] == String(service.port), "\(service.name) listens on \(service.port)")
            #expect((definition?["ports"] as? [String]) == ["\(service.port):\(service.port)"])
            for peer in PlatformDirectory.services {
                #expect(environment["SERVICES_\(peer.name.uppercased())_URL"] == "http://\(peer.name):\(peer.port)")
            }
        }
    }

    /// What a service handles is what the directory says it subscribes to: an event type routed to a
    /// service without a handler would be acknowledged and dropped, a handler nobody routes to is dead code.
    @Test(arguments: PlatformDirectory.services)
    func eachServiceHandlesExactlyTheEventsItSubscribesTo(service: PlatformService) throws {
        let definition = try #require(Self.definitions[service.name])
        #expect(Self.handledTypes(definition) == service.subscribes)
        for type in service.subscribes { #expect(EventCatalog.payloadType(type, version: 1) != nil, "\(type) is in the catalog") }
    }

    @Test func everyServedContractNamesItsServiceAndThePlatformPaths() throws {
        for service in PlatformDirectory.services {
            let definition = try #require(Self.definitions[service.name])
            let served = try #require(try Yams.load(yaml: definition.contract.yaml) as? [String: Any])
            let paths = Set((served["paths"] as? [String: Any] ?? [:]).keys)
            #expect(paths.contains { $0.hasPrefix(service.operationPrefix + "/") }, "\(service.name) serves its own operations")
            #expect(paths.contains(PlatformPaths.deliver))
            #expect(paths.contains(PlatformPaths.deadLetters + "/Redrive"))
            #expect(!paths.contains { $0.hasPrefix(PlatformPaths.testClock) }, "the test clock is documented only in test mode")
            let testMode = try #require(try Yams.load(yaml: definition.contract.testModeYAML) as? [String: Any])
            #expect((testMode["paths"] as? [String: Any])?[PlatformPaths.testClock + "/Drain"] != nil)
        }
    }

    private static func handledTypes<D: ServiceDefinition>(_ definition: D.Type) -> Set<String> {
        let database = TestDatabase(name: "unused", service: D.name, port: 1)
        guard let settings = try? database.settings(registry: D.registry) else { return ["settings could not be built"] }
        let logger = Logger(label: "directory-test")
        let environment = ServiceEnvironment(
            settings: settings,
            database: Database(configuration: DatabaseConfiguration(settings: settings), logger: logger, metrics: nil),
            clock: ManualBusinessClock(Date()),
            logger: logger
        )
        return D.eventHandlers(environment: environment).types
    }
}

extension PlatformDirectoryTests {
    @Test func theSchemaChecksCoverEveryService() {
        #expect(PlatformServices.all.map(\.name) == PlatformDirectory.names)
    }
}
