import Foundation
import Models
import PostgresNIO
import ServiceKit

/// How a Dispatch case's structured parts (judgement, inspection, proposal, agreement, item return) are
/// kept in its row as JSON, and the row read back.
struct StoredDispatchCase {
    let judgement: String?
    let inspection: String?
    let proposal: String?
    let agreement: String?
    let itemReturn: String?

    init(_ record: DispatchCase) throws {
        func json(_ value: (some Encodable)?) throws -> String? {
            try value.map { String(decoding: try WireJSON.encoder.encode($0), as: UTF8.self) }
        }
        judgement = try json(record.judgement)
        inspection = try json(record.inspection)
        proposal = try json(record.proposal)
        agreement = try json(record.agreement)
        itemReturn = try json(record.itemReturn)
    }

    /// The columns ``decode(_:)`` reads.
    static let selected = """
        case_id, merchant_id, status, routing_reason, queued_at, respond_by, acknowledged_at, due_at, chase_count, chases_total,
        escalated, overdue_at, requested_resolution, judgement::text AS judgement, inspection::text AS inspection,
        proposal::text AS proposal, agreement::text AS agreement, item_return::text AS item_return
        """

    static func decode(_ row: PostgresRow) throws -> DispatchCase {
        let c = row.makeRandomAccess()
        let id = try c["case_id"].decode(UUID.self)
        func json<T: Decodable>(_ type: T.Type, _ column: String) throws -> T? {
            guard let text = try c[column].decode(String?.self) else { return nil }
            return try WireJSON.decoder.decode(T.self, from: Data(text.utf8))
        }
        guard let status = DispatchCase.Status(rawValue: try c["status"].decode(String.self)) else {
            throw StoredValueError(table: "dispatch_cases", id: id)
        }
        var record = DispatchCase(
            caseID: id,
            status: status,
            queuedAt: try c["queued_at"].decode(Date.self),
            requestedResolution: try c["requested_resolution"].decode(String?.self).flatMap(Resolution.init(rawValue:)),
            judgement: try json(CaseJudgement.self, "judgement")
        )
        record.merchantID = try c["merchant_id"].decode(UUID?.self)
        record.routingReason = try c["routing_reason"].decode(String?.self).flatMap(DispatchCase.RoutingReason.init(rawValue:))
        record.respondBy = try c["respond_by"].decode(Date?.self)
        record.acknowledgedAt = try c["acknowledged_at"].decode(Date?.self)
        record.dueAt = try c["due_at"].decode(Date?.self)
        record.chaseCount = try c["chase_count"].decode(Int.self)
        record.chasesTotal = try c["chases_total"].decode(Int.self)
        record.escalated = try c["escalated"].decode(Bool.self)
        record.overdueAt = try c["overdue_at"].decode(Date?.self)
        record.inspection = try json(DispatchCase.Inspection.self, "inspection")
        record.proposal = try json(DispatchCase.Proposal.self, "proposal")
        record.agreement = try json(DispatchCase.Agreement.self, "agreement")
        record.itemReturn = try json(DispatchCase.ItemReturn.self, "item_return")
        return record
    }
}
