import Foundation
import Logging
import Models
import PartsAPI
import PostgresNIO
import ServiceKit

/// Part quality (rules.md §2(f) 6): which part went into which device, its failures, failure rates per part
/// and supplier.
extension PartsHandlers {
    func recordPartFailure(_ input: Operations.RecordPartFailure.Input) async throws -> Operations.RecordPartFailure.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let id = checks.uuid(request.replacementId, "replacementId")
            let description = checks.text(request.description, "description", max: 500)
            let now = environment.clock.now()
            let failedAt = request.failedAt ?? now
            if failedAt > now { checks.fail("failedAt", "must not be in the future") }
            try checks.throwIfFailed()
            let answer = try await environment.mutate(caller) { connection in
                let store = ReplacementStore()
                guard
                    var replacement = try await store.list(id: id!, locked: true, tenant: caller.tenant, on: connection, logger: caller.logger).first
                else {
                    throw ErrorBody.notFound("replacement \(id!.wire)")
                }
                guard replacement.failedAt == nil else {
                    throw ErrorBody.failedPrecondition("replacementId", "its failure is already recorded")
                }
                guard failedAt >= replacement.installedAt else {
                    throw ErrorBody.invalidArgument("failedAt", "must not be before the part was installed")
                }
                replacement.failedAt = failedAt
                replacement.failureDescription = description
                try await store.recordFailure(replacement, tenant: caller.tenant, on: connection, logger: caller.logger)
                let event = PartFailed(
                    replacementID: replacement.id,
                    partID: replacement.partID,
                    supplierID: replacement.supplierID,
                    serial: replacement.serial,
                    repairOrderID: replacement.repairOrderID,
                    installedAt: replacement.installedAt,
                    failedAt: failedAt
                )
                try await writer(connection, caller, now: now).emit(event, subject: replacement.id)
                return Components.Schemas.Replacement(replacement)
            }
            return .ok(answer)
        }
    }

    func listReplacements(_ input: Operations.ListReplacements.Input) async throws -> Operations.ListReplacements.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let serial = request.serial.map { checks.text($0, "serial", max: 64) }
            let partID = checks.optionalUUID(request.partId, "partId")
            let repairOrderID = checks.optionalUUID(request.repairOrderId, "repairOrderId")
            if serial == nil, request.partId == nil, request.repairOrderId == nil {
                checks.fail("serial", "give at least one of serial, partId and repairOrderId")
            }
            try checks.throwIfFailed()
            let page = try await environment.page(
                caller,
                operation: "ListReplacements",
                filter: "s=\(serial ?? "")\u{1F}p=\(partID?.wire ?? "")\u{1F}r=\(repairOrderID?.wire ?? "")",
                pageSize: request.pageSize,
                pageToken: request.pageToken,
                id: \Replacement.id
            ) { before, limit, connection in
                try await ReplacementStore().list(
                    serial: serial,
                    partID: partID,
                    repairOrderID: repairOrderID,
                    before: before,
                    limit: limit,
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
            }
            return .ok(.init(replacements: page.rows.map(Components.Schemas.Replacement.init), nextPageToken: page.nextPageToken))
        }
    }

    func listPartFailureRates(_ input: Operations.ListPartFailureRates.Input) async throws -> Operations.ListPartFailureRates.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let partID = checks.optionalUUID(request.partId, "partId")
            let supplierID = checks.optionalUUID(request.supplierId, "supplierId")
            if let from = request.installedFrom, let to = request.installedTo, from >= to {
                checks.fail("installedTo", "must be after installedFrom")
            }
            try checks.throwIfFailed()
            let counts = try await environment.read(caller) { connection in
                try await ReplacementStore().failureCounts(
                    partID: partID,
                    supplierID: supplierID,
                    from: request.installedFrom,
                    to: request.installedTo,
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
            }
            let rates = counts.map { count in
                (count, FailureRate.perThousand(failed: count.failed, installed: count.installed))
            }
            .sorted { ($0.1, $0.0.installed) > ($1.1, $1.0.installed) }
            return .ok(
                .init(
                    rates: rates.map { count, rate in
                        .init(
                            partId: count.partID.wire,
                            partNumber: count.partNumber,
                            supplierId: count.supplierID?.wire,
                            installed: Int64(count.installed),
                            failed: Int64(count.failed),
                            failuresPerThousand: Int64(rate)
                        )
                    }
                )
            )
        }
    }
}
