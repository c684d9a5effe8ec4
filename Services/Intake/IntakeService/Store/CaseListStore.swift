import Foundation
import Logging
import Models
import PostgresNIO
import ServiceKit

/// A case as a dashboard's list (and its CSV export) shows it.
struct ListedCase: Sendable {
    let id: UUID
    let status: CaseStatus
    let merchantID: UUID?
    let orderNumber: String
    let orderLine: String?
    let productName: String
    let productCategory: String
    let productBrand: String?
    let serialNumber: String?
    let channel: CaseChannel
    let customerName: String
    let customerPhone: String
    let requestedResolution: Resolution
    let decidedResolution: Resolution?
    let dueAt: Date?
    let createdAt: Date

    /// Its current deadline has passed, or its merchant missed the deadline to answer and has not answered
    /// since (Dispatch may have set it a new one to chase it by: the first is still missed).
    func overdue(at now: Date) -> Bool { status == .merchantResponseOverdue || dueAt.map { $0 < now } ?? false }

    /// The last four digits of the phone; nil for a case registered without one.
    var phoneLast4: String? {
        let digits = customerPhone.filter(\.isNumber)
        return digits.count >= 4 ? String(digits.suffix(4)) : nil
    }

    /// The sort key of a page token in `order`: the registration time or the deadline in microseconds since
    /// 1970 (PostgreSQL keeps whole microseconds), `none` for no deadline (sorted last).
    func key(in order: CaseListOrder) -> String {
        let micros = { (date: Date) in String(Int64((date.timeIntervalSince1970 * 1_000_000).rounded())) }
        switch order {
        case .newest: return micros(createdAt)
        case .deadline: return dueAt.map(micros) ?? "none"
        }
    }
}

/// Intake's SQL of dashboard lists: one bound statement per page, whatever the filter (an absent filter's
/// parameter is NULL, which PostgreSQL folds away when it plans the statement with its values). A text
/// search reads the view `tenant_cases`, which selects the transaction's tenant itself (migration 0007: the
/// table's policy would keep LIKE off the indexes).
struct CaseListStore {
    /// Up to `limit` cases of `filter` after `position`, in `order`; `merchant` narrows to a merchant
    /// caller's own.
    func page(
        _ filter: CaseListFilter,
        order: CaseListOrder,
        after position: PageRequest?,
        limit: Int,
        merchant: UUID?,
        now: Date,
        tenant: TenantID,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [ListedCase] {
        let text = filter.text
        let search = text?.scope == .everywhere || text?.scope == .withoutCustomer ? text?.pattern : nil
        let nameStart = text?.scope == .customerNameStart ? text?.pattern : nil
        let last4 = text?.scope == .phoneLast4 ? text?.pattern : nil
        let withoutCustomer = text?.scope == .withoutCustomer
        let after = position?.after
        // The last row's registration time or deadline in microseconds; NULL: it had no deadline (the cases
        // without one come last).
        let afterMicros = position?.afterKey.flatMap { Int64($0) }
        let query: PostgresQuery = """
            SELECT id, status, merchant_id, order_number, order_line, product_name, product_category, product_brand, serial_number,
                   channel, customer_name, customer_phone, requested_resolution, decided_resolution, due_at, created_at
            FROM \(unescaped: text == nil ? "cases" : "tenant_cases")
            WHERE tenant_id = \(tenant.uuid)
              AND (\(merchant)::uuid IS NULL OR merchant_id = \(merchant))
              AND (\(filter.statuses?.map(\.rawValue))::text[] IS NULL OR status = ANY(\(filter.statuses?.map(\.rawValue))::text[]))
              AND (\(filter.merchantID)::uuid IS NULL OR merchant_id = \(filter.merchantID))
              AND (\(filter.requestedResolution?.rawValue)::text IS NULL OR requested_resolution = \(filter.requestedResolution?.rawValue))
              AND (\(filter.decidedResolution?.rawValue)::text IS NULL OR decided_resolution = \(filter.decidedResolution?.rawValue))
              AND (\(filter.category)::text IS NULL OR product_category = \(filter.category))
              AND (\(filter.brand)::text IS NULL OR product_brand = \(filter.brand))
              AND (\(filter.channel?.rawValue)::text IS NULL OR channel = \(filter.channel?.rawValue))
              AND (\(filter.createdFrom)::timestamptz IS NULL OR created_at >= \(filter.createdFrom))
              AND (\(filter.createdBefore)::timestamptz IS NULL OR created_at < \(filter.createdBefore))
              AND (\(filter.overdue)::boolean IS NULL
                   OR (\(filter.overdue) AND (deadline < \(now) OR status = 'merchant_response_overdue'))
                   OR (NOT \(filter.overdue) AND deadline >= \(now) AND status <> 'merchant_response_overdue'))
              AND (\(search)::text IS NULL
                   OR (case_search_text(customer_name, customer_phone, order_number, serial_number, product_name) LIKE \(search)
                       AND (NOT \(withoutCustomer)
                            OR order_number LIKE \(search) OR coalesce(serial_number, '') LIKE \(search) OR product_name LIKE \(search))))
              AND (\(nameStart)::text IS NULL OR customer_name LIKE \(nameStart))
              AND (\(last4)::text IS NULL OR right(customer_phone, 4) = \(last4))
              AND (\(after)::uuid IS NULL
                   OR (\(order == .newest) AND (created_at, id) < ('epoch'::timestamptz + \(afterMicros) * interval '1 microsecond', \(after)))
                   OR (\(order == .deadline)
                       AND (deadline, id) > (
                           CASE WHEN \(afterMicros)::bigint IS NULL THEN 'infinity'::timestamptz
                                ELSE 'epoch'::timestamptz + \(afterMicros) * interval '1 microsecond' END, \(after))))
            ORDER BY \(unescaped: order == .newest ? "created_at DESC, id DESC" : "deadline, id")
            LIMIT \(limit)
            """
        let rows = try await connection.query(query, logger: logger)
        var listed: [ListedCase] = []
        listed.reserveCapacity(limit)
        for try await row in rows {
            listed.append(try Self.decode(row))
        }
        return listed
    }

    /// By position, in the order the statement selects (an export decodes millions of cells).
    private static func decode(_ row: PostgresRow) throws -> ListedCase {
        let c = row.makeRandomAccess()
        let id = try c[0].decode(UUID.self)
        guard let status = CaseStatus(rawValue: try c[1].decode(String.self)),
            let channel = CaseChannel(rawValue: try c[9].decode(String.self)),
            let requested = Resolution(rawValue: try c[12].decode(String.self))
        else { throw StoredValueError(table: "cases", id: id) }
        let line = try c[4].decode(String?.self)
        return ListedCase(
            id: id,
            status: status,
            merchantID: try c[2].decode(UUID?.self),
            orderNumber: try c[3].decode(String.self),
            orderLine: line?.isEmpty == false ? line : nil,
            productName: try c[5].decode(String.self),
            productCategory: try c[6].decode(String.self),
            productBrand: try c[7].decode(String?.self),
            serialNumber: try c[8].decode(String?.self),
            channel: channel,
            customerName: try c[10].decode(String.self),
            customerPhone: try c[11].decode(String.self),
            requestedResolution: requested,
            decidedResolution: try c[13].decode(String?.self).flatMap(Resolution.init(rawValue:)),
            dueAt: try c[14].decode(Date?.self),
            createdAt: try c[15].decode(Date.self)
        )
    }
}
