import Foundation
import Logging
import Models
import PartsAPI
import PostgresNIO
import ServiceKit

/// Purchasing (配件采购申请, rules.md §2(f) 3, SH-15): verified requisitions grouped into a purchase request
/// to a supplier, received in one or several deliveries, rescheduled, cancelled; a late one is chased by a
/// timer. Each step tells the requisitions' repair orders when their parts arrive.
extension PartsHandlers {
    func createPurchaseRequest(_ input: Operations.CreatePurchaseRequest.Input) async throws -> Operations.CreatePurchaseRequest.Output {
        try await answering { caller in
            let request = input.request
            let now = environment.clock.now()
            var checks = FieldChecks()
            let supplierID = checks.uuid(request.supplierId, "supplierId")
            let locationID = checks.uuid(request.locationId, "locationId")
            if request.expectedArrival <= now { checks.fail("expectedArrival", "must be in the future") }
            let requisitionIDs = (request.requisitionIds ?? []).enumerated().compactMap { checks.uuid($1, "requisitionIds[\($0)]") }
            if (request.requisitionIds?.count ?? 0) > 100 { checks.fail("requisitionIds", "must have at most 100 entries") }
            if Set(requisitionIDs).count != requisitionIDs.count { checks.fail("requisitionIds", "must name each requisition once") }
            let extra = Self.quantityLines(request.lines ?? [], &checks, max: 100_000)
            if requisitionIDs.isEmpty, extra.isEmpty { checks.fail("requisitionIds", "give at least one requisition or line") }
            try checks.throwIfFailed()
            let answer = try await environment.mutate(caller) { connection in
                let (tenant, logger) = (caller.tenant, caller.logger)
                if try await SupplierStore().firstUnknown([supplierID!], tenant: tenant, on: connection, logger: logger) != nil {
                    throw ErrorBody.notFound("supplier \(supplierID!.wire)")
                }
                try await Self.location(locationID!, tenant: tenant, on: connection, logger: logger)
                let store = RequisitionStore()
                let found = try await store.list(ids: requisitionIDs, locked: true, tenant: tenant, on: connection, logger: logger)
                var requisitions: [Requisition] = []
                for (index, id) in requisitionIDs.enumerated() {
                    guard let requisition = found.first(where: { $0.id == id }) else { throw ErrorBody.notFound("requisition \(id.wire)") }
                    guard requisition.status == .verified else {
                        throw ErrorBody.failedPrecondition(
                            "requisitionIds[\(index)]",
                            "the requisition is \(requisition.status.rawValue); only a verified one is ordered"
                        )
                    }
                    requisitions.append(requisition)
                }
                let lines = PurchaseRequest.lines(requisitions: requisitions, extra: extra)
                let parts = try await PartStore().many(lines.map(\.partID), tenant: tenant, on: connection, logger: logger)
                for (index, line) in extra.enumerated() where parts[line.partID] == nil {
                    throw ErrorBody.notFound("part \(line.partID.wire) (lines[\(index)])")
                }
                if let retired = lines.first(where: { parts[$0.partID]?.status == .retired }) {
                    throw ErrorBody.failedPrecondition("lines", "part \(retired.partID.wire) is retired")
                }
                let purchase = PurchaseRequest(
                    id: .v7(),
                    supplierID: supplierID!,
                    locationID: locationID!,
                    expectedArrival: request.expectedArrival,
                    lines: lines,
                    requisitionIDs: requisitionIDs,
                    createdAt: now,
                    updatedAt: now
                )
                try await PurchaseStore().insert(purchase, tenant: tenant, on: connection, logger: logger)
                let writer = writer(connection, caller, now: now)
                for line in lines.sorted(by: { $0.partID.uuidString < $1.partID.uuidString }) {
                    try await writer.ledger.changeOnOrder(
                        line.partID,
                        location: purchase.locationID,
                        by: line.quantity,
                        now: now,
                        tenant: tenant,
                        on: connection,
                        logger: logger
                    )
                }
                for var requisition in requisitions {
                    requisition.status = .ordered
                    requisition.purchaseRequestID = purchase.id
                    requisition.expectedArrival = purchase.expectedArrival
                    requisition.updatedAt = now
                    try await store.update(requisition, tenant: tenant, on: connection, logger: logger)
                    try await writer.emit(requisition.event, subject: requisition.id)
                }
                try await writer.scheduleChase(purchase.id, at: purchase.expectedArrival)
                try await writer.emit(purchase.event, subject: purchase.id)
                return Components.Schemas.PurchaseRequest(purchase, parts: parts, now: now)
            }
            return .ok(answer)
        }
    }

    func receivePurchase(_ input: Operations.ReceivePurchase.Input) async throws -> Operations.ReceivePurchase.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let id = checks.uuid(request.purchaseRequestId, "purchaseRequestId")
            let delivery = Self.quantityLines(request.lines, &checks, max: 100_000)
            if request.lines.isEmpty { checks.fail("lines", "give at least one line") }
            try checks.throwIfFailed()
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { connection in
                let (tenant, logger) = (caller.tenant, caller.logger)
                let purchase = try await Self.purchase(id!, caller, on: connection)
                let received = try purchase.receiving(delivery, at: now).get()
                let writer = writer(connection, caller, now: now)
                // Stock rows in part order, so two deliveries of the same parts cannot deadlock.
                for (index, line) in delivery.enumerated().sorted(by: { $0.element.partID.uuidString < $1.element.partID.uuidString }) {
                    try await writer.post(
                        .receipt(line.quantity),
                        part: line.partID,
                        location: purchase.locationID,
                        reference: (.purchaseRequest, purchase.id),
                        field: "lines[\(index)].quantity"
                    )
                    try await writer.ledger.changeOnOrder(
                        line.partID,
                        location: purchase.locationID,
                        by: -line.quantity,
                        now: now,
                        tenant: tenant,
                        on: connection,
                        logger: logger
                    )
                }
                try await PurchaseStore().update(received, tenant: tenant, on: connection, logger: logger)
                if received.status == .received {
                    try await environment.timers.cancel(
                        StockWriter.deliveryOverdueKind,
                        subject: StockWriter.subject(ofPurchase: received.id),
                        tenant: tenant,
                        on: connection,
                        logger: logger
                    )
                }
                // A requisition is received when its part's line is complete.
                let complete = Set(received.lines.filter { $0.outstanding == 0 }.map(\.partID))
                let store = RequisitionStore()
                for var requisition in try await store.list(
                    purchaseRequestID: received.id,
                    statuses: [.ordered],
                    locked: true,
                    tenant: tenant,
                    on: connection,
                    logger: logger
                )
                where complete.contains(requisition.partID) {
                    requisition.status = .received
                    requisition.updatedAt = now
                    try await store.update(requisition, tenant: tenant, on: connection, logger: logger)
                    try await writer.emit(requisition.event, subject: requisition.id)
                }
                try await writer.emit(received.event, subject: received.id)
                return try await Self.answer(received, caller, on: connection, now: now)
            }
            return .ok(answer)
        }
    }

    func reschedulePurchase(_ input: Operations.ReschedulePurchase.Input) async throws -> Operations.ReschedulePurchase.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let id = checks.uuid(request.purchaseRequestId, "purchaseRequestId")
            let reason = checks.text(request.reason, "reason", max: 200)
            try checks.throwIfFailed()
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { connection in
                let moved = try await Self.purchase(id!, caller, on: connection).rescheduled(to: request.expectedArrival, reason: reason, at: now)
                    .get()
                try await PurchaseStore().update(moved, tenant: caller.tenant, on: connection, logger: caller.logger)
                let writer = writer(connection, caller, now: now)
                try await writer.scheduleChase(moved.id, at: moved.expectedArrival)
                try await Self.moveRequisitions(of: moved, caller, writer: writer) { requisition in
                    requisition.expectedArrival = moved.expectedArrival
                }
                try await writer.emit(moved.event, subject: moved.id)
                return try await Self.answer(moved, caller, on: connection, now: now)
            }
            return .ok(answer)
        }
    }

    func cancelPurchaseRequest(_ input: Operations.CancelPurchaseRequest.Input) async throws -> Operations.CancelPurchaseRequest.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let id = checks.uuid(request.purchaseRequestId, "purchaseRequestId")
            let reason = checks.text(request.reason, "reason", max: 200)
            try checks.throwIfFailed()
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { connection in
                let (tenant, logger) = (caller.tenant, caller.logger)
                let cancelled = try await Self.purchase(id!, caller, on: connection).cancelled(reason: reason, at: now).get()
                try await PurchaseStore().update(cancelled, tenant: tenant, on: connection, logger: logger)
                let writer = writer(connection, caller, now: now)
                try await environment.timers.cancel(
                    StockWriter.deliveryOverdueKind,
                    subject: StockWriter.subject(ofPurchase: cancelled.id),
                    tenant: tenant,
                    on: connection,
                    logger: logger
                )
                for line in cancelled.lines.sorted(by: { $0.partID.uuidString < $1.partID.uuidString }) {
                    try await writer.ledger.changeOnOrder(
                        line.partID,
                        location: cancelled.locationID,
                        by: -line.outstanding,
                        now: now,
                        tenant: tenant,
                        on: connection,
                        logger: logger
                    )
                }
                // Its requisitions wait to be ordered again.
                try await Self.moveRequisitions(of: cancelled, caller, writer: writer) { requisition in
                    requisition.status = .verified
                    requisition.purchaseRequestID = nil
                    requisition.expectedArrival = nil
                }
                try await writer.emit(cancelled.event, subject: cancelled.id)
                return try await Self.answer(cancelled, caller, on: connection, now: now)
            }
            return .ok(answer)
        }
    }

    func listPurchaseRequests(_ input: Operations.ListPurchaseRequests.Input) async throws -> Operations.ListPurchaseRequests.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let supplierID = checks.optionalUUID(request.supplierId, "supplierId")
            try checks.throwIfFailed()
            let statuses = request.status.map { [$0] } ?? PurchaseStatus.allCases.filter(\.isOpen)
            let now = environment.clock.now()
            let overdue = request.overdueOnly ?? false
            let page = try await environment.page(
                caller,
                operation: "ListPurchaseRequests",
                filter: "s=\(request.status?.rawValue ?? "")\u{1F}su=\(supplierID?.wire ?? "")\u{1F}o=\(overdue)",
                pageSize: request.pageSize,
                pageToken: request.pageToken,
                id: { (row: (PurchaseRequest, [UUID: Part])) in row.0.id }
            ) { after, limit, connection in
                let found = try await PurchaseStore().list(
                    statuses: statuses,
                    supplierID: supplierID,
                    overdueAt: overdue ? now : nil,
                    after: after,
                    limit: limit,
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
                let parts = try await PartStore().many(
                    found.flatMap { $0.lines.map(\.partID) },
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
                return found.map { ($0, parts) }
            }
            return .ok(
                .init(
                    purchaseRequests: page.rows.map { Components.Schemas.PurchaseRequest($0.0, parts: $0.1, now: now) },
                    nextPageToken: page.nextPageToken
                )
            )
        }
    }

    /// The contract's shape of `purchase`, its lines named from the catalogue.
    static func answer(
        _ purchase: PurchaseRequest,
        _ caller: TenantCaller,
        on connection: PostgresConnection,
        now: Date
    ) async throws
        -> Components.Schemas.PurchaseRequest
    {
        let parts = try await PartStore().many(purchase.lines.map(\.partID), tenant: caller.tenant, on: connection, logger: caller.logger)
        return Components.Schemas.PurchaseRequest(purchase, parts: parts, now: now)
    }

    /// The purchase request, locked, or not_found.
    static func purchase(_ id: UUID, _ caller: TenantCaller, on connection: PostgresConnection) async throws -> PurchaseRequest {
        guard let found = try await PurchaseStore().find(id, locked: true, tenant: caller.tenant, on: connection, logger: caller.logger) else {
            throw ErrorBody.notFound("purchase request \(id.wire)")
        }
        return found
    }

    /// Changes every still-ordered requisition of `purchase` and tells its repair order.
    static func moveRequisitions(
        of purchase: PurchaseRequest,
        _ caller: TenantCaller,
        writer: StockWriter,
        _ change: (inout Requisition) -> Void
    )
        async throws
    {
        let store = RequisitionStore()
        let ordered = try await store.list(
            purchaseRequestID: purchase.id,
            statuses: [.ordered],
            locked: true,
            tenant: caller.tenant,
            on: writer.connection,
            logger: caller.logger
        )
        for var requisition in ordered {
            change(&requisition)
            requisition.updatedAt = writer.now
            try await store.update(requisition, tenant: caller.tenant, on: writer.connection, logger: caller.logger)
            try await writer.emit(requisition.event, subject: requisition.id)
        }
    }

    /// `{partId, quantity}` lines as sent, each checked with its index.
    static func quantityLines(_ lines: [Components.Schemas.QuantityLine], _ checks: inout FieldChecks, max: Int64) -> [(partID: UUID, quantity: Int)]
    {
        if lines.count > 100 { checks.fail("lines", "must have at most 100 entries") }
        return lines.prefix(100).enumerated().compactMap { index, line in
            let id = checks.uuid(line.partId, "lines[\(index)].partId")
            let quantity = checks.number(line.quantity, "lines[\(index)].quantity", range: 1...max)
            return id.map { ($0, quantity) }
        }
    }
}
