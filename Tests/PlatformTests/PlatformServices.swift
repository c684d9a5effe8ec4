import DispatchService
import IntakeService
import NotificationsService
import PartsService
import RepairsService
import ReturnsService
import ServiceKit
import Testing

/// The six services, for the checks every one of them must pass.
struct PlatformService: Sendable, CustomTestStringConvertible {
    let name: String
    /// Its first domain table (tenant data the worker must not reach unscoped).
    let domainTable: String
    let registry: [SettingKey]

    var testDescription: String { name }
}

enum PlatformServices {
    static let all: [PlatformService] = [
        PlatformService(name: IntakeService.name, domainTable: "cases", registry: IntakeService.registry),
        PlatformService(name: DispatchService.name, domainTable: "merchants", registry: DispatchService.registry),
        PlatformService(name: ReturnsService.name, domainTable: "return_requests", registry: ReturnsService.registry),
        PlatformService(name: RepairsService.name, domainTable: "repair_orders", registry: RepairsService.registry),
        PlatformService(name: PartsService.name, domainTable: "parts", registry: PartsService.registry),
        PlatformService(name: NotificationsService.name, domainTable: "webhook_endpoints", registry: NotificationsService.registry),
    ]
}
