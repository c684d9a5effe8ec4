import Foundation
import Logging
import Models
import PartsAPI
import PostgresNIO
import ServiceKit

/// Stocktakes (盘点): a count per location, lines recorded against the ledger's on hand at the moment of
/// counting, variances posted as adjustments by an approver.
extension PartsHandlers {
    func startStocktake(_ input: Operations.StartStocktake.Input) async throws -> Operations.StartStocktake.Output {
        try await answering { caller in
            let locationID = try FieldChecks.uuid(input.request.locationId, "locationId")
            let stocktake = Stocktake(id: .v7(), locationID: locationID, startedBy: caller.principal.subject, startedAt: environment.clock.now())
            let answer = try await environment.mutate(caller, answering: Components.Schemas.Stocktake(stocktake)) { connection in
                try await Self.location(locationID, tenant: caller.tenant, on: connection, logger: caller.logger)
                guard try await StocktakeStore().insert(stocktake, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                    throw ErrorBody.failedPrecondition("locationId", "a stocktake of this location is already counting; post it first")
                }
            }
            return .ok(answer)
        }
    }

    func recordStocktakeCounts(_ input: Operations.RecordStocktakeCounts.Input) async throws -> Operations.RecordStocktakeCounts.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let id = checks.uuid(request.stocktakeId, "stocktakeId")
            if !(1...500).contains(request.lines.count) { checks.fail("lines", "must have from 1 to 500 entries") }
            var seen = Set<UUID>()
            let lines = request.lines.prefix(500).enumerated().compactMap { index, line in
                let part = checks.uuid(line.partId, "lines[\(index)].partId")
                if let part, !seen.insert(part).inserted { checks.fail("lines[\(index)].partId", "is counted twice in this request") }
                let counted = checks.number(line.counted, "lines[\(index)].counted", range: 0...1_000_000)
                return part.map { ($0, counted) }
            }
            try checks.throwIfFailed()
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { connection in
                let store = StocktakeStore()
                let stocktake = try await Self.stocktake(id!, locked: true, caller, on: connection)
                if let error = stocktake.requireCounting() { throw error }
                let parts = try await PartStore().many(lines.map(\.0), tenant: caller.tenant, on: connection, logger: caller.logger)
                for (index, (part, counted)) in lines.enumerated() {
                    guard parts[part] != nil else { throw ErrorBody.notFound("part \(part.wire) (lines[\(index)])") }
                    try await store.count(
                        part,
                        counted: counted,
                        in: stocktake,
                        by: caller.principal.subject,
                        at: now,
                        tenant: caller.tenant,
                        on: connection,
                        logger: caller.logger
                    )
                }
                return Components.Schemas.Stocktake(try await Self.stocktake(id!, locked: false, caller, on: connection))
            }
            return .ok(answer)
        }
    }

    func postStocktake(_ input: Operations.PostStocktake.Input) async throws -> Operations.PostStocktake.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let id = checks.uuid(request.stocktakeId, "stocktakeId")
            let reason = checks.text(request.reason, "reason", max: 200)
            try checks.throwIfFailed()
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { connection in
                let stocktake = try await Self.stocktake(id!, locked: true, caller, on: connection)
                let posted = try stocktake.posted(by: caller.principal.subject, at: now, reason: reason).get()
                let writer = writer(connection, caller, now: now)
                for (partID, change) in stocktake.adjustments.sorted(by: { $0.partID.uuidString < $1.partID.uuidString }) {
                    let index = stocktake.lines.firstIndex { $0.partID == partID } ?? 0
                    try await writer.post(
                        .adjustment(change),
                        part: partID,
                        location: stocktake.locationID,
                        reference: (.stocktake, stocktake.id),
                        reason: reason,
                        field: "lines[\(index)]"
                    )
                }
                try await StocktakeStore().markPosted(posted, tenant: caller.tenant, on: connection, logger: caller.logger)
                return Components.Schemas.Stocktake(posted)
            }
            caller.logger.info("stocktake posted", metadata: ["stocktake.id": "\(id!.wire)"])
            return .ok(answer)
        }
    }

    func cancelStocktake(_ input: Operations.CancelStocktake.Input) async throws -> Operations.CancelStocktake.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let id = checks.uuid(request.stocktakeId, "stocktakeId")
            let reason = checks.text(request.reason, "reason", max: 200)
            try checks.throwIfFailed()
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { connection in
                let cancelled = try await Self.stocktake(id!, locked: true, caller, on: connection)
                    .cancelled(by: caller.principal.subject, at: now, reason: reason).get()
                try await StocktakeStore().markCancelled(cancelled, tenant: caller.tenant, on: connection, logger: caller.logger)
                return Components.Schemas.Stocktake(cancelled)
            }
            return .ok(answer)
        }
    }

    func getStocktake(_ input: Operations.GetStocktake.Input) async throws -> Operations.GetStocktake.Output {
        try await answering { caller in
            let id = try FieldChecks.uuid(input.request.stocktakeId, "stocktakeId")
            let found = try await environment.read(caller) { connection in try await Self.stocktake(id, locked: false, caller, on: connection) }
            return .ok(Components.Schemas.Stocktake(found))
        }
    }

    static func stocktake(_ id: UUID, locked: Bool, _ caller: TenantCaller, on connection: PostgresConnection) async throws -> Stocktake {
        guard let found = try await StocktakeStore().find(id, locked: locked, tenant: caller.tenant, on: connection, logger: caller.logger) else {
            throw ErrorBody.notFound("stocktake \(id.wire)")
        }
        return found
    }
}
