import Foundation
import Logging
import Models
import PartsAPI
import PostgresNIO
import ServiceKit

/// Stock per location (rules.md §2(f) 4): balances, the ledger, adjustments, transfers, safety stock.
extension PartsHandlers {
    func getStock(_ input: Operations.GetStock.Input) async throws -> Operations.GetStock.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let partID = checks.optionalUUID(request.partId, "partId")
            let locationID = checks.optionalUUID(request.locationId, "locationId")
            try checks.throwIfFailed()
            let below = request.belowSafetyStockOnly ?? false
            let page = try await environment.page(
                caller,
                operation: "GetStock",
                filter: "p=\(partID?.wire ?? "")\u{1F}l=\(locationID?.wire ?? "")\u{1F}b=\(below)",
                pageSize: request.pageSize,
                pageToken: request.pageToken,
                id: \.id
            ) { after, limit, connection in
                try await StockQueries().levels(
                    partID: partID,
                    locationID: locationID,
                    belowSafetyOnly: below,
                    after: after,
                    limit: limit,
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
            }
            return .ok(.init(levels: page.rows.map { Components.Schemas.StockLevel($0.level) }, nextPageToken: page.nextPageToken))
        }
    }

    func listStockMovements(_ input: Operations.ListStockMovements.Input) async throws -> Operations.ListStockMovements.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let partID = checks.uuid(request.partId, "partId")
            let locationID = checks.optionalUUID(request.locationId, "locationId")
            try checks.throwIfFailed()
            let page = try await environment.page(
                caller,
                operation: "ListStockMovements",
                filter: "p=\(partID!.wire)\u{1F}l=\(locationID?.wire ?? "")",
                pageSize: request.pageSize,
                pageToken: request.pageToken,
                id: \StockMovement.id
            ) { before, limit, connection in
                try await StockQueries().movements(
                    partID: partID!,
                    locationID: locationID,
                    before: before,
                    limit: limit,
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
            }
            return .ok(.init(movements: page.rows.map(Components.Schemas.StockMovement.init), nextPageToken: page.nextPageToken))
        }
    }

    func adjustStock(_ input: Operations.AdjustStock.Input) async throws -> Operations.AdjustStock.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let partID = checks.uuid(request.partId, "partId")
            let locationID = checks.uuid(request.locationId, "locationId")
            let change = checks.number(request.change, "change", range: -100_000...100_000)
            if request.change == 0 { checks.fail("change", "must not be 0") }
            let reason = checks.text(request.reason, "reason", max: 200)
            try checks.throwIfFailed()
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { connection in
                let level = try await writer(connection, caller, now: now).post(
                    .adjustment(change),
                    part: partID!,
                    location: locationID!,
                    reason: reason,
                    field: "change"
                )
                return Components.Schemas.StockLevel(level)
            }
            caller.logger.info("stock adjusted", metadata: ["part.id": "\(partID!.wire)", "change": "\(change)"])
            return .ok(answer)
        }
    }

    func transferStock(_ input: Operations.TransferStock.Input) async throws -> Operations.TransferStock.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let partID = checks.uuid(request.partId, "partId")
            let from = checks.uuid(request.fromLocationId, "fromLocationId")
            let to = checks.uuid(request.toLocationId, "toLocationId")
            if from != nil, from == to { checks.fail("toLocationId", "must differ from fromLocationId") }
            let quantity = checks.number(request.quantity, "quantity", range: 1...100_000)
            let reason = checks.optionalText(request.reason, "reason", max: 200)
            try checks.throwIfFailed()
            let now = environment.clock.now()
            let transfer = UUID.v7()
            let answer = try await environment.mutate(caller) { connection in
                let writer = writer(connection, caller, now: now)
                try await Self.location(to!, tenant: caller.tenant, on: connection, logger: caller.logger)
                // Both rows in one order whichever way the stock moves, so opposite transfers cannot deadlock.
                let legs = [(from!, StockChange.transferOut(quantity)), (to!, StockChange.transferIn(quantity))]
                var levels: [UUID: StockLevel] = [:]
                for (location, change) in legs.sorted(by: { $0.0.uuidString < $1.0.uuidString }) {
                    levels[location] = try await writer.post(
                        change,
                        part: partID!,
                        location: location,
                        reference: (.transfer, transfer),
                        reason: reason,
                        field: "quantity"
                    )
                }
                return Components.Schemas.TransferStockResponse(from: .init(levels[from!]!), to: .init(levels[to!]!))
            }
            return .ok(answer)
        }
    }

    func setSafetyStock(_ input: Operations.SetSafetyStock.Input) async throws -> Operations.SetSafetyStock.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let partID = checks.uuid(request.partId, "partId")
            let locationID = checks.uuid(request.locationId, "locationId")
            var level: Int?
            var window: (days: Int, cover: Int?)?
            switch (request.level, request.suggestFromUsage) {
            case (let given?, nil): level = checks.number(given, "level", range: 0...100_000)
            case (nil, let usage?):
                window = (
                    checks.number(usage.windowDays, "suggestFromUsage.windowDays", range: 7...365),
                    usage.coverDays.map { checks.number($0, "suggestFromUsage.coverDays", range: 1...365) }
                )
            default:
                checks.fail("level", "give exactly one of level and suggestFromUsage")
                checks.fail("suggestFromUsage", "give exactly one of level and suggestFromUsage")
            }
            try checks.throwIfFailed()
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { [level, window] connection in
                let part = try await Self.part(partID!, tenant: caller.tenant, on: connection, logger: caller.logger)
                try await Self.location(locationID!, tenant: caller.tenant, on: connection, logger: caller.logger)
                var basis: SafetyStock.Basis?
                if let window {
                    let since = now.addingTimeInterval(-TimeInterval(window.days * 86_400))
                    let usage = try await StockQueries().usage(
                        partID!,
                        location: locationID!,
                        since: since,
                        tenant: caller.tenant,
                        on: connection,
                        logger: caller.logger
                    )
                    basis = SafetyStock.Basis(
                        windowDays: window.days,
                        coverDays: window.cover ?? part.cataloguing.shortestLeadTimeDays ?? 7,
                        consumed: usage.consumed,
                        installed: usage.installed,
                        failed: usage.failed
                    )
                }
                let value = level ?? basis?.suggested ?? 0
                let source: SafetyStockSource = basis != nil ? .suggested : (value == 0 ? .none : .manual)
                let writer = writer(connection, caller, now: now)
                // Locked: a reservation racing this change cannot announce the same crossing twice.
                guard
                    let before = try await writer.ledger.lock(
                        partID!,
                        location: locationID!,
                        now: now,
                        tenant: caller.tenant,
                        on: connection,
                        logger: caller.logger
                    )
                else { throw ErrorBody.notFound("stock of part \(partID!.wire) at \(locationID!.wire)") }
                guard
                    let after = try await writer.ledger.setSafetyStock(
                        partID!,
                        location: locationID!,
                        level: value,
                        source: source,
                        now: now,
                        tenant: caller.tenant,
                        on: connection,
                        logger: caller.logger
                    )
                else { throw ErrorBody.notFound("stock of part \(partID!.wire) at \(locationID!.wire)") }
                // A level raised above what is available is a reorder to suggest now.
                if !SafetyStock.isBelow(available: before.available, level: before.safetyStock), after.belowSafetyStock {
                    try await writer.belowSafety(after, availableBefore: after.safetyStock)
                }
                return Components.Schemas.SafetyStockAnswer(
                    level: .init(after),
                    basis: basis.map {
                        .init(
                            windowDays: Int64($0.windowDays),
                            coverDays: Int64($0.coverDays),
                            consumed: Int64($0.consumed),
                            installed: Int64($0.installed),
                            failed: Int64($0.failed),
                            suggested: Int64($0.suggested)
                        )
                    }
                )
            }
            return .ok(answer)
        }
    }
}
