import Foundation
import Logging
import Models
import PartsAPI
import PostgresNIO
import ServiceKit

/// Parts requisitions (配件需求申报, rules.md §2(f) 1–2): filed for a device, verified by the desk.
extension PartsHandlers {
    func createRequisition(_ input: Operations.CreateRequisition.Input) async throws -> Operations.CreateRequisition.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let partID = checks.uuid(request.partId, "partId")
            let quantity = checks.number(request.quantity, "quantity", range: 1...1000)
            let model = checks.text(request.deviceModel, "deviceModel", max: 100)
            let cause = checks.text(request.faultCause, "faultCause", max: 500)
            let repairOrderID = checks.optionalUUID(request.repairOrderId, "repairOrderId")
            let caseID = checks.optionalUUID(request.caseId, "caseId")
            let locationID = checks.optionalUUID(request.locationId, "locationId")
            try checks.throwIfFailed()
            let now = environment.clock.now()
            let requisition = Requisition(
                id: .v7(),
                partID: partID!,
                quantity: quantity,
                deviceModel: model,
                faultCause: cause,
                repairOrderID: repairOrderID,
                caseID: caseID,
                locationID: locationID,
                requestedBy: caller.principal.subject,
                createdAt: now,
                updatedAt: now
            )
            let answer = try await environment.mutate(caller, answering: Components.Schemas.Requisition(requisition)) { connection in
                _ = try await Self.part(partID!, active: true, tenant: caller.tenant, on: connection, logger: caller.logger)
                if let locationID { try await Self.location(locationID, tenant: caller.tenant, on: connection, logger: caller.logger) }
                try await RequisitionStore().insert(requisition, tenant: caller.tenant, on: connection, logger: caller.logger)
                try await writer(connection, caller, now: now).emit(requisition.event, subject: requisition.id)
            }
            return .ok(answer)
        }
    }

    func verifyRequisition(_ input: Operations.VerifyRequisition.Input) async throws -> Operations.VerifyRequisition.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let id = checks.uuid(request.requisitionId, "requisitionId")
            let note = checks.optionalText(request.note, "note", max: 500)
            try checks.throwIfFailed()
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { connection in
                let store = RequisitionStore()
                guard let found = try await store.list(ids: [id!], locked: true, tenant: caller.tenant, on: connection, logger: caller.logger).first
                else {
                    throw ErrorBody.notFound("requisition \(id!.wire)")
                }
                let part = try await Self.part(found.partID, tenant: caller.tenant, on: connection, logger: caller.logger)
                let verified = try found.verified(
                    request.verdict,
                    note: note,
                    by: caller.principal.subject,
                    fittingModels: part.cataloguing.fittingModels,
                    at: now
                ).get()
                try await store.update(verified, tenant: caller.tenant, on: connection, logger: caller.logger)
                try await writer(connection, caller, now: now).emit(verified.event, subject: verified.id)
                return Components.Schemas.Requisition(verified)
            }
            return .ok(answer)
        }
    }

    func listRequisitions(_ input: Operations.ListRequisitions.Input) async throws -> Operations.ListRequisitions.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let partID = checks.optionalUUID(request.partId, "partId")
            let repairOrderID = checks.optionalUUID(request.repairOrderId, "repairOrderId")
            try checks.throwIfFailed()
            let statuses = request.status.map { [$0] } ?? RequisitionStatus.allCases.filter(\.isOpen)
            let page = try await environment.page(
                caller,
                operation: "ListRequisitions",
                filter: "s=\(request.status?.rawValue ?? "")\u{1F}p=\(partID?.wire ?? "")\u{1F}r=\(repairOrderID?.wire ?? "")",
                pageSize: request.pageSize,
                pageToken: request.pageToken,
                id: \Requisition.id
            ) { after, limit, connection in
                try await RequisitionStore().list(
                    statuses: statuses,
                    partID: partID,
                    repairOrderID: repairOrderID,
                    after: after,
                    limit: limit,
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
            }
            return .ok(.init(requisitions: page.rows.map(Components.Schemas.Requisition.init), nextPageToken: page.nextPageToken))
        }
    }
}
