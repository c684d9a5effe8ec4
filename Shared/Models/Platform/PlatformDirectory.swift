/// One service of the platform: its name (executable, database, roles, log label), the port `make run` and
/// the default base URLs give it, its contract's name, and the event types it consumes.
public struct PlatformService: Sendable, Hashable {
    /// Lower-case name: `intake`.
    public let name: String
    /// Where it listens under `make run`, and the default of `services.<name>.url`.
    public let port: Int
    /// The event types delivered to its `EventSink/Deliver` (DESIGN §6).
    public let subscribes: Set<String>

    /// `Intake`: the prefix of its Package.swift targets (`IntakeAPI`, `IntakeService`, `IntakeMain`).
    public var moduleName: String { name.prefix(1).uppercased() + name.dropFirst() }
    /// `IntakeService`: the contract's service, as the CLI names operations (`IntakeService/CreateCase`).
    public var contractName: String { moduleName + "Service" }
    /// `/aftersales.intake.v1.IntakeService`: where its operations live (DESIGN §9).
    public var operationPrefix: String { "/aftersales.\(name).v1.\(contractName)" }
    /// `http://127.0.0.1:8081`: its address on this machine.
    public var localURL: String { "http://127.0.0.1:\(port)" }
}

/// The six services in one table: the CLI, the relays and the tests read it; a test checks Package.swift,
/// the run script and the compose file against it.
public enum PlatformDirectory {
    public static let services: [PlatformService] = [
        PlatformService(
            name: "intake",
            port: 8081,
            subscribes: [
                // The case life and timeline (the hand-off contract).
                CaseQueuedForMerchant.type, CaseAcknowledgedByMerchant.type, MerchantResponseOverdue.type, InspectionRecorded.type,
                ResolutionProposed.type, ResolutionAgreed.type, CaseEscalated.type, CaseChased.type, CaseHandedBack.type, ClaimRejected.type,
                ItemShippedBack.type, ReturnRequestChanged.type, RefundApproved.type, RefundPaid.type,
                RepairOrderChanged.type,
                // The repair facts its judgement rests on (days away, repeated faults, the policy's repair timers).
                RepairRecorded.type, RepairTimerExpired.type,
                // The read model of merchants.
                MerchantRegistered.type, MerchantUpdated.type, MerchantSuspended.type, MerchantReinstated.type,
            ]
        ),
        // The services that count days keep each tenant's calendar from Intake's settings events.
        PlatformService(
            name: "dispatch",
            port: 8082,
            // The case's judgement follows its corrections and revisions: agreement is decided on it.
            subscribes: [CaseRegistered.type, CaseUpdated.type, CaseDecisionRevised.type, CaseCancelled.type, TenantSettingsChanged.type]
        ),
        // Returns checks case and merchant references against read models, opens requests from agreed refunds,
        // returns and exchanges, and applies the case's stamped policy (its judgement follows the revisions).
        PlatformService(
            name: "returns",
            port: 8083,
            subscribes: [
                TenantSettingsChanged.type, CaseRegistered.type, CaseUpdated.type, CaseDecisionRevised.type, CaseCancelled.type,
                CaseQueuedForMerchant.type, ResolutionAgreed.type, MerchantRegistered.type, MerchantUpdated.type, MerchantSuspended.type,
                MerchantReinstated.type,
            ]
        ),
        // Repairs opens orders from agreed repairs, checks case and merchant references against read models, and
        // follows the parts its orders wait for (moving their promised completion).
        PlatformService(
            name: "repairs",
            port: 8084,
            subscribes: [
                TenantSettingsChanged.type, RequisitionChanged.type, PurchaseChanged.type, DeliveryOverdue.type, ReservationChanged.type,
                PartFailed.type, CaseRegistered.type, CaseCancelled.type, ResolutionAgreed.type, MerchantRegistered.type, MerchantUpdated.type,
                MerchantSuspended.type, MerchantReinstated.type,
            ]
        ),
        // Parts holds, consumes and releases the parts of repair orders.
        PlatformService(name: "parts", port: 8085, subscribes: [RepairPartsRequested.type, RepairPartsSettled.type]),
        // Notifications delivers to merchants' webhook endpoints every event a merchant may subscribe to (its own
        // are delivered where they are made), and keeps each tenant's calendar.
        PlatformService(
            name: "notifications",
            port: 8086,
            subscribes: WebhookCatalog.subscribedByNotifications
        ),
    ]

    public static var names: [String] { services.map(\.name) }

    public static func service(named name: String) -> PlatformService? {
        services.first { $0.name == name }
    }
}
