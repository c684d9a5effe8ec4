import Foundation
import Logging
import Models
import PostgresNIO
import RepairsAPI
import ServiceKit

/// A repair order as the contract shows it: its document with the parts Parts holds and requisitioned for
/// it. The document is the contract's shape, so the answer is read from its JSON.
enum RepairAnswer {
    static func make(
        _ order: RepairOrder,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws
        -> Components.Schemas.RepairOrder
    {
        let parts = try await PartsReadModelStore().parts(of: order.id, tenant: tenant, on: connection, logger: logger)
        let data = try WireJSON.encoder.encode(WithParts(order: order, parts: parts))
        return try WireJSON.decoder.decode(Components.Schemas.RepairOrder.self, from: data)
    }

    private struct WithParts: Encodable {
        let order: RepairOrder
        let parts: OrderParts

        enum CodingKeys: String, CodingKey { case partWaits, heldParts }

        func encode(to encoder: any Encoder) throws {
            try order.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(parts.waits, forKey: .partWaits)
            try c.encode(parts.held, forKey: .heldParts)
        }
    }
}

extension RepairRegistration.Draft {
    /// The request's fields as received, for the workflow to check.
    init(_ request: Components.Schemas.CreateRepairOrderRequest) {
        self.init(
            caseID: request.caseId,
            merchantID: request.merchantId,
            category: request.category,
            device: Device(productName: request.device.productName, model: request.device.model, serialNumber: request.device.serialNumber),
            reportedFault: request.reportedFault,
            accompanyingItems: request.accompanyingItems ?? []
        )
    }
}

/// Quote lines from the contract, checked field by field (the arithmetic's own bounds are checked by
/// ``RepairQuote``): each kind with its own fields and none of another's.
enum QuoteLinesInput {
    static func lines(
        _ inputs: [Components.Schemas.QuoteLineInput],
        field: String,
        defaultCoverage: LineCoverage,
        checks: inout FieldChecks
    ) -> [RepairQuote.Line] {
        var lines: [RepairQuote.Line] = []
        for (index, input) in inputs.enumerated() {
            let at = "\(field)[\(index)]"
            let description = checks.text(input.description, "\(at).description", max: 200)
            let coverage = input.coverage ?? defaultCoverage
            switch input.kind {
            case .labour:
                guard let minutes = input.minutes, let rate = input.hourlyRate else {
                    checks.fail(at, "a labour line gives minutes and hourlyRate")
                    continue
                }
                if input.price != nil || input.part != nil { checks.fail(at, "a labour line gives no price or part") }
                lines.append(.init(description, .labour(minutes: Int(clamping: minutes), hourlyRate: rate), coverage: coverage))
            case .package:
                guard let price = input.price else {
                    checks.fail(at, "a package line gives price")
                    continue
                }
                if input.minutes != nil || input.hourlyRate != nil || input.part != nil { checks.fail(at, "a package line gives only its price") }
                lines.append(.init(description, .package(price), coverage: coverage))
            case .part:
                guard let part = input.part else {
                    checks.fail(at, "a part line gives part")
                    continue
                }
                if input.minutes != nil || input.hourlyRate != nil || input.price != nil { checks.fail(at, "a part line gives only its part") }
                let partID = checks.optionalUUID(part.partId, "\(at).part.partId")
                let locationID = checks.optionalUUID(part.locationId, "\(at).part.locationId")
                if part.origin != .customerSupplied, (partID == nil) != (locationID == nil) {
                    checks.fail("\(at).part.locationId", "a part of ours gives both partId and locationId, or neither")
                }
                lines.append(
                    .init(
                        description,
                        .part(
                            .init(
                                partID: partID,
                                locationID: locationID,
                                unitPrice: part.unitPrice,
                                quantity: Int(clamping: part.quantity),
                                kind: part.kind ?? .oemPart,
                                origin: part.origin,
                                valueClass: part.valueClass ?? .a,
                                keyComponent: part.keyComponent ?? false,
                                customerInsisted: part.customerInsisted ?? false,
                                leadTimeDays: Int(clamping: part.leadTimeDays ?? 0)
                            )
                        ),
                        coverage: coverage
                    )
                )
            }
        }
        return lines
    }
}
