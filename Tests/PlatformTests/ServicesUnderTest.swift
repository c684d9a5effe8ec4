import DispatchService
import IntakeService
import NotificationsService
import PartsService
import RepairsService
import ReturnsService
import ServiceKit
import Testing

/// The six services, for the checks every one of them must pass.
struct ServiceUnderTest: Sendable, CustomTestStringConvertible {
    let name: String
    /// Its first domain table (tenant data the worker must not reach unscoped).
    let domainTable: String
    let registry: [SettingKey]

    var testDescription: String { name }
}

enum PlatformServices {
    /// In the order of ``PlatformDirectory`` (a test checks the names agree).
    static let all: [ServiceUnderTest] = [
        ServiceUnderTest(name: IntakeService.name, domainTable: "cases", registry: IntakeService.registry),
        ServiceUnderTest(name: DispatchService.name, domainTable: "merchants", registry: DispatchService.registry),
        ServiceUnderTest(name: ReturnsService.name, domainTable: "return_requests", registry: ReturnsService.registry),
        ServiceUnderTest(name: RepairsService.name, domainTable: "repair_orders", registry: RepairsService.registry),
        ServiceUnderTest(name: PartsService.name, domainTable: "parts", registry: PartsService.registry),
        // Its webhook_* tables are delivery infrastructure the worker claims across tenants (migration 0003).
        ServiceUnderTest(name: NotificationsService.name, domainTable: "tenant_calendars", registry: NotificationsService.registry),
    ]
}
