import Foundation
import IntakeAPI
import Models
import ServiceKit

extension Components.Schemas.ListedCase {
    /// A listed case as the list shows it; a merchant never reads the customer.
    init(_ row: ListedCase, now: Date, forMerchant: Bool) {
        self.init(
            caseId: row.id.wire,
            status: row.status,
            merchantId: row.merchantID?.wire,
            orderNumber: row.orderNumber,
            orderLine: row.orderLine,
            productName: row.productName,
            productCategory: row.productCategory,
            productBrand: row.productBrand,
            serialNumber: row.serialNumber,
            channel: row.channel,
            customerName: forMerchant ? "" : row.customerName,
            customerPhoneLast4: forMerchant ? nil : row.phoneLast4,
            requestedResolution: row.requestedResolution,
            decidedResolution: row.decidedResolution,
            dueAt: row.dueAt,
            overdue: row.overdue(at: now),
            createdAt: row.createdAt
        )
    }
}

extension Components.Schemas.CaseStats {
    /// The figures with every value sorted by count (then value), and the series with every period of the
    /// range, those without cases as zero.
    init(_ figures: CaseStatsFigures, from: LocalDate, to: LocalDate, period: StatsPeriod) {
        func counts(_ dimension: CaseCountDimension) -> [Components.Schemas.CaseCount] {
            (figures.counts[dimension] ?? [:]).sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { .init(value: $0.key, cases: $0.value) }
        }
        self.init(
            from: from.description,
            to: to.description,
            groupBy: GroupByPayload(rawValue: period.rawValue) ?? .day,
            cases: figures.counts[.channel]?.values.reduce(0, +) ?? 0,
            byStatus: counts(.status),
            byRequestedResolution: counts(.requestedResolution),
            byDecidedResolution: counts(.decidedResolution),
            byMerchant: counts(.merchant),
            byCategory: counts(.category),
            byChannel: counts(.channel),
            series: period.starts(from: from, to: to).map { .init(periodStart: $0.description, cases: figures.series[$0] ?? 0) },
            ageing: .init(days0To2: figures.ageing[0], days3To7: figures.ageing[1], days8To14: figures.ageing[2], days15OrMore: figures.ageing[3]),
            openCases: figures.ageing.reduce(0, +),
            overdueCases: figures.overdue
        )
    }
}
