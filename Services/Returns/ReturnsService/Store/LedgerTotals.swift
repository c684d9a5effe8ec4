import Foundation
import Logging
import Models
import PostgresNIO
import ReturnsAPI
import ServiceKit

/// Finance's sums over the ledger: what was paid out per day and merchant.
struct LedgerTotals {
    let tenant: TenantID
    let connection: PostgresConnection
    let logger: Logger

    /// Settled payouts per day of the tenant's calendar, merchant, purpose and currency, `from`…`to` inclusive.
    func byDayAndMerchant(from: LocalDate, to: LocalDate, timeZone: String) async throws -> [Components.Schemas.RefundTotalsRow] {
        let rows = try await connection.query(
            """
            SELECT ((e.recorded_at AT TIME ZONE \(timeZone))::date)::text AS day, p.merchant_id, p.purpose, e.currency::text,
                   count(*)::bigint, (-sum(e.amount_minor))::bigint
            FROM ledger_entries e JOIN payments p ON p.tenant_id = e.tenant_id AND p.id = e.payment_id
            WHERE e.tenant_id = \(tenant.uuid) AND e.kind = 'payout'
              AND (e.recorded_at AT TIME ZONE \(timeZone))::date BETWEEN \(from.description)::date AND \(to.description)::date
            GROUP BY 1, 2, 3, 4 ORDER BY 1, 2 NULLS FIRST, 3, 4
            """,
            logger: logger
        )
        var out: [Components.Schemas.RefundTotalsRow] = []
        for try await (day, merchant, purpose, currency, count, minor) in rows.decode((String, UUID?, String, String, Int64, Int64).self) {
            guard let purpose = Components.Schemas.RefundTotalsRow.PurposePayload(rawValue: purpose) else { continue }
            out.append(
                .init(day: day, merchantId: merchant?.wire, purpose: purpose, payouts: count, amount: Money(currency: currency, amountMinor: minor))
            )
        }
        return out
    }
}
