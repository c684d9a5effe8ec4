import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// The repair records of a case as Repairs reported them, one per repair order. A record only ever gains
/// facts (a date once known stays; counts only grow), so a late or repeated report never takes one back.
struct CaseRepairRecordStore {
    /// Keeps `record` merged with what was known of its order; returns every record of the case.
    func keep(
        _ record: RepairRecorded,
        tenant: TenantID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [RepairRecorded] {
        let known = try await records(of: record.caseID, tenant: tenant, on: connection, logger: logger)
        let merged = Self.merge(known.first { $0.repairOrderID == record.repairOrderID }, record)
        let text = String(decoding: try WireJSON.encoder.encode(merged), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO case_repair_records (tenant_id, case_id, repair_order_id, record, updated_at)
            VALUES (\(tenant.uuid), \(record.caseID), \(record.repairOrderID), \(text)::jsonb, \(now))
            ON CONFLICT (tenant_id, case_id, repair_order_id) DO UPDATE SET record = EXCLUDED.record, updated_at = EXCLUDED.updated_at
            """,
            logger: logger
        )
        return known.filter { $0.repairOrderID != record.repairOrderID } + [merged]
    }

    func records(of caseID: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> [RepairRecorded] {
        let rows = try await connection.query(
            "SELECT record::text FROM case_repair_records WHERE tenant_id = \(tenant.uuid) AND case_id = \(caseID) ORDER BY repair_order_id",
            logger: logger
        )
        var records: [RepairRecorded] = []
        for try await text in rows.decode(String.self) { records.append(try WireJSON.decoder.decode(RepairRecorded.self, from: Data(text.utf8))) }
        return records
    }

    /// What is known of one order after `new`: every date known by either, the larger count.
    static func merge(_ old: RepairRecorded?, _ new: RepairRecorded) -> RepairRecorded {
        guard let old else { return new }
        return RepairRecorded(
            repairOrderID: new.repairOrderID,
            caseID: new.caseID,
            merchantID: new.merchantID ?? old.merchantID,
            submittedOn: min(old.submittedOn, new.submittedOn),
            receivedOn: new.receivedOn ?? old.receivedOn,
            returnedOn: new.returnedOn ?? old.returnedOn,
            daysAway: max(old.daysAway, new.daysAway),
            faultCode: new.faultCode ?? old.faultCode,
            sameFaultRepairs: max(old.sameFaultRepairs, new.sameFaultRepairs),
            exchangedOn: new.exchangedOn ?? old.exchangedOn
        )
    }
}
