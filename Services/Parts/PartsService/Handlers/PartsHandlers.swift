import Foundation
import Logging
import Models
import PartsAPI
import PostgresNIO
import ServiceKit

/// Parts' operations: contract in, workflow, store, contract out. The operations live in one extension per
/// area (catalogue, stock, reservations, purchasing, stocktake, quality).
struct PartsHandlers: APIProtocol {
    let environment: ServiceEnvironment
    let settings: PartsSettings

    static let desk: Set<Role> = [.tenantAdmin, .partsClerk, .supervisor]
    static let readers: Set<Role> = [.tenantAdmin, .partsClerk, .supervisor, .technician, .csAgent, .finance, .dashboardReader]

    /// Who may call what (DESIGN §5): the parts desk keeps the catalogue, the stock and purchasing;
    /// technicians reserve, consume, ask for parts and count; a supervisor approves a stocktake; those who
    /// quote, repair and report read.
    static let access: AccessTable = [
        "CreatePart": .mutates(desk),
        "GetPart": .reads(readers),
        "UpdatePart": .mutates(desk),
        "RetirePart": .mutates(desk),
        "SearchParts": .reads(readers),
        "CreateSupplier": .mutates(desk),
        "ListSuppliers": .reads(readers),
        "CreateStockLocation": .mutates(desk),
        "ListStockLocations": .reads(readers),
        "GetStock": .reads(readers),
        "ListStockMovements": .reads(readers),
        "AdjustStock": .mutates(desk),
        "TransferStock": .mutates(desk.union([.technician])),
        "ReservePart": .mutates(desk.union([.technician])),
        "GetReservation": .reads(readers),
        "ReleaseReservation": .mutates(desk.union([.technician])),
        "ConsumeReservation": .mutates(desk.union([.technician])),
        "CreateRequisition": .mutates(desk.union([.technician, .csAgent])),
        "VerifyRequisition": .mutates(desk),
        "ListRequisitions": .reads(readers),
        "CreatePurchaseRequest": .mutates(desk),
        "ReceivePurchase": .mutates(desk),
        "ReschedulePurchase": .mutates(desk),
        "CancelPurchaseRequest": .mutates(desk),
        "ListPurchaseRequests": .reads(readers),
        "SetSafetyStock": .mutates(desk),
        "StartStocktake": .mutates(desk),
        "RecordStocktakeCounts": .mutates(desk.union([.technician])),
        "PostStocktake": .mutates([.tenantAdmin, .supervisor]),
        "CancelStocktake": .mutates(desk),
        "GetStocktake": .reads(readers),
        "RecordPartFailure": .mutates(desk.union([.technician, .csAgent])),
        "ListReplacements": .reads(readers),
        "ListPartFailureRates": .reads(readers),
    ]

    /// The stock writer of one transaction of `caller`'s.
    func writer(_ connection: PostgresConnection, _ caller: TenantCaller, now: Date) -> StockWriter {
        StockWriter(
            connection,
            tenant: caller.tenant,
            now: now,
            outbox: environment.outbox,
            timers: environment.timers,
            logger: caller.logger,
            actor: caller.principal.subject
        )
    }

    /// The part, or not_found; `active` also refuses a retired one (failed_precondition on `field`).
    static func part(
        _ id: UUID,
        active: Bool = false,
        field: String = "partId",
        locked: Bool = false,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Part {
        guard let part = try await PartStore().find(id: id, partNumber: nil, locked: locked, tenant: tenant, on: connection, logger: logger) else {
            throw ErrorBody.notFound("part \(id.wire)")
        }
        if active, part.status == .retired { throw ErrorBody.failedPrecondition(field, "the part is retired") }
        return part
    }

    static func location(_ id: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        guard try await LocationStore().exists(id, tenant: tenant, on: connection, logger: logger) else {
            throw ErrorBody.notFound("stock location \(id.wire)")
        }
    }
}
