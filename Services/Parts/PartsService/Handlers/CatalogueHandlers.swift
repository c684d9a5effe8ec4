import Foundation
import Logging
import Models
import PartsAPI
import PostgresNIO
import ServiceKit

/// The catalogue (parts, rules.md §2(f)), suppliers and stock locations.
extension PartsHandlers {
    func createPart(_ input: Operations.CreatePart.Input) async throws -> Operations.CreatePart.Output {
        try await answering { caller in
            let cataloguing = try PartCataloguing.validate(PartCataloguing.Draft(input.request)).get()
            let part = Part(id: .v7(), cataloguing: cataloguing, createdAt: environment.clock.now())
            let answer = try await environment.mutate(caller, answering: Components.Schemas.Part(part)) { connection in
                try await Self.knownSuppliers(cataloguing.suppliers, caller, on: connection)
                guard try await PartStore().insert(part, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                    throw ErrorBody.alreadyExists("partNumber", "is already catalogued in this tenant")
                }
            }
            caller.logger.info("part catalogued", metadata: ["part.id": "\(part.id.wire)"])
            return .ok(answer)
        }
    }

    func getPart(_ input: Operations.GetPart.Input) async throws -> Operations.GetPart.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            var id: UUID?
            var partNumber: String?
            switch (request.partId, request.partNumber) {
            case (let text?, nil): id = checks.uuid(text, "partId")
            case (nil, let number?): partNumber = PartCataloguing.normalizedPartNumber(number, &checks)
            default:
                checks.fail("partId", "give exactly one of partId and partNumber")
                checks.fail("partNumber", "give exactly one of partId and partNumber")
            }
            try checks.throwIfFailed()
            let found = try await environment.read(caller) { [id, partNumber] connection in
                try await PartStore().find(id: id, partNumber: partNumber, tenant: caller.tenant, on: connection, logger: caller.logger)
            }
            guard let found else { throw ErrorBody.notFound("part \(request.partId ?? partNumber ?? "")") }
            return .ok(Components.Schemas.Part(found))
        }
    }

    func updatePart(_ input: Operations.UpdatePart.Input) async throws -> Operations.UpdatePart.Output {
        try await answering { caller in
            let request = input.request
            let id = try FieldChecks.uuid(request.partId, "partId")
            let expectedVersion = request.expectedVersion.map(Int.init)
            let answer = try await environment.mutate(caller) { connection in
                var part = try await Self.part(id, locked: true, tenant: caller.tenant, on: connection, logger: caller.logger)
                if let expectedVersion, expectedVersion != part.version {
                    throw ErrorBody(code: .aborted, message: "the part changed since version \(expectedVersion) (now \(part.version)); read it again")
                }
                guard part.status == .active else { throw ErrorBody.failedPrecondition("partId", "the part is retired") }
                var draft = PartCataloguing.Draft(request)
                draft.partNumber = part.cataloguing.partNumber
                let cataloguing = try PartCataloguing.validate(draft).get()
                try await Self.knownSuppliers(cataloguing.suppliers, caller, on: connection)
                part.cataloguing = cataloguing
                part.version += 1
                try await PartStore().update(part, tenant: caller.tenant, on: connection, logger: caller.logger)
                return Components.Schemas.Part(part)
            }
            return .ok(answer)
        }
    }

    func retirePart(_ input: Operations.RetirePart.Input) async throws -> Operations.RetirePart.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let id = checks.uuid(request.partId, "partId")
            let reason = checks.text(request.reason, "reason", max: 200)
            try checks.throwIfFailed()
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { connection in
                var part = try await Self.part(id!, locked: true, tenant: caller.tenant, on: connection, logger: caller.logger)
                guard part.status == .active else { return Components.Schemas.Part(part) }
                part.status = .retired
                part.retiredAt = now
                part.retiredReason = reason
                part.version += 1
                try await PartStore().update(part, tenant: caller.tenant, on: connection, logger: caller.logger)
                return Components.Schemas.Part(part)
            }
            return .ok(answer)
        }
    }

    func searchParts(_ input: Operations.SearchParts.Input) async throws -> Operations.SearchParts.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let query = request.query.map { checks.text($0, "query", max: 100) }
            let model = request.fittingModel.map { checks.text($0, "fittingModel", max: 100) }
            try checks.throwIfFailed()
            let retired = request.includeRetired ?? false
            let page = try await environment.page(
                caller,
                operation: "SearchParts",
                filter: "q=\(query ?? "")\u{1F}m=\(model ?? "")\u{1F}r=\(retired)",
                pageSize: request.pageSize,
                pageToken: request.pageToken,
                id: \Part.id
            ) { after, limit, connection in
                try await PartStore().search(
                    query: query,
                    fittingModel: model,
                    includeRetired: retired,
                    after: after,
                    limit: limit,
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
            }
            return .ok(.init(parts: page.rows.map(Components.Schemas.Part.init), nextPageToken: page.nextPageToken))
        }
    }

    func createSupplier(_ input: Operations.CreateSupplier.Input) async throws -> Operations.CreateSupplier.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let name = checks.text(request.name, "name", max: 100)
            let contact = checks.optionalText(request.contactName, "contactName", max: 50)
            // Checked as sent (the contract's pattern), kept trimmed; never logged.
            if let raw = request.phone, !(3...40).contains(raw.count) || !raw.allSatisfy({ $0.isASCII && ($0.isNumber || "+() -".contains($0)) }) {
                checks.fail("phone", "must be 3–40 of digits, spaces, '+', '-', '(' and ')'")
            }
            let phone = request.phone.map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 }
            let days = checks.number(request.leadTimeDays, "leadTimeDays", range: 0...365, fallback: 7)
            try checks.throwIfFailed()
            let supplier = Supplier(id: .v7(), name: name, contactName: contact, phone: phone, leadTimeDays: days, createdAt: environment.clock.now())
            let answer = try await environment.mutate(caller, answering: Components.Schemas.Supplier(supplier)) { connection in
                guard try await SupplierStore().insert(supplier, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                    throw ErrorBody.alreadyExists("name", "is already a supplier of this tenant")
                }
            }
            return .ok(answer)
        }
    }

    func listSuppliers(_ input: Operations.ListSuppliers.Input) async throws -> Operations.ListSuppliers.Output {
        try await answering { caller in
            let request = input.request
            let page = try await environment.page(
                caller,
                operation: "ListSuppliers",
                pageSize: request.pageSize,
                pageToken: request.pageToken,
                id: \Supplier.id
            ) { after, limit, connection in
                try await SupplierStore().list(after: after, limit: limit, tenant: caller.tenant, on: connection, logger: caller.logger)
            }
            return .ok(.init(suppliers: page.rows.map(Components.Schemas.Supplier.init), nextPageToken: page.nextPageToken))
        }
    }

    func createStockLocation(_ input: Operations.CreateStockLocation.Input) async throws -> Operations.CreateStockLocation.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let code = request.code.trimmed.uppercased()
            if code.isEmpty || code.count > 32 || !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-_".contains($0)) }) {
                checks.fail("code", "must be 1–32 of A–Z, 0–9, '.', '-', '_'")
            }
            let name = checks.text(request.name, "name", max: 100)
            try checks.throwIfFailed()
            let location = StockLocation(id: .v7(), code: code, name: name, kind: request.kind, createdAt: environment.clock.now())
            let answer = try await environment.mutate(caller, answering: Components.Schemas.StockLocation(location)) { connection in
                guard try await LocationStore().insert(location, tenant: caller.tenant, on: connection, logger: caller.logger) else {
                    throw ErrorBody.alreadyExists("code", "is already a stock location of this tenant")
                }
            }
            return .ok(answer)
        }
    }

    func listStockLocations(_ input: Operations.ListStockLocations.Input) async throws -> Operations.ListStockLocations.Output {
        try await answering { caller in
            let kind = input.request.kind
            let locations = try await environment.read(caller) { connection in
                try await LocationStore().list(kind: kind, tenant: caller.tenant, on: connection, logger: caller.logger)
            }
            return .ok(.init(locations: locations.map(Components.Schemas.StockLocation.init)))
        }
    }

    /// Every supplier a part lists must be one of the tenant's (invalid_argument naming the first unknown).
    static func knownSuppliers(_ suppliers: [PartSupplier], _ caller: TenantCaller, on connection: PostgresConnection) async throws {
        if let index = try await SupplierStore().firstUnknown(
            suppliers.map(\.supplierID),
            tenant: caller.tenant,
            on: connection,
            logger: caller.logger
        ) {
            throw ErrorBody.invalidArgument("suppliers[\(index)].supplierId", "is not a supplier of this tenant")
        }
    }
}
