import Foundation
import IntakeAPI
import Models
import OpenAPIRuntime
import ServiceKit

/// A ListCases filter as CSV, streamed: the body is read a page at a time as the client takes it (each page
/// one short read transaction, in keyset order), so an export of any size holds one page in memory and no
/// transaction stays open while the client reads.
struct CaseExport: Sendable {
    static let pageSize = 500
    static let columns = [
        "case_id", "created_at", "status", "merchant_id", "order_number", "order_line", "product_name", "product_category",
        "product_brand", "serial_number", "channel", "customer_name", "customer_phone_last4", "requested_resolution",
        "decided_resolution", "due_at", "overdue",
    ]

    let filter: CaseListFilter
    let now: Date
    let caller: TenantCaller
    let environment: ServiceEnvironment
    let lists: CaseListStore

    func body() -> HTTPBody {
        let cursor = Cursor()
        let stream = AsyncThrowingStream<ArraySlice<UInt8>, any Error>(unfolding: { try await next(cursor) })
        return HTTPBody(stream, length: .unknown)
    }

    /// The next chunk: the byte-order mark and header first, then a page of cases; nil at the end.
    private func next(_ cursor: Cursor) async throws -> ArraySlice<UInt8>? {
        switch await cursor.position {
        case .start:
            await cursor.move(to: .after(nil))
            var bytes = CSVText.byteOrderMark
            CSVText.append(record: Self.columns, to: &bytes)
            return ArraySlice(bytes)
        case .finished:
            return nil
        case .after(let last):
            let page = PageRequest(size: Self.pageSize, after: last?.id, afterKey: last?.key(in: .newest))
            let rows = try await environment.read(caller) { [lists, filter, now, caller] connection in
                try await lists.page(
                    filter,
                    order: .newest,
                    after: page,
                    limit: Self.pageSize,
                    merchant: nil,
                    now: now,
                    tenant: caller.tenant,
                    on: connection,
                    logger: caller.logger
                )
            }
            guard let lastRow = rows.last else {
                await cursor.move(to: .finished)
                return nil
            }
            await cursor.move(to: rows.count < Self.pageSize ? .finished : .after(lastRow))
            var bytes: [UInt8] = []
            bytes.reserveCapacity(rows.count * 256)
            for row in rows { CSVText.append(record: record(row), to: &bytes) }
            return ArraySlice(bytes)
        }
    }

    private func record(_ row: ListedCase) -> [String] {
        let time = { (date: Date?) in date.map(RFC3339.string) ?? "" }
        return [
            row.id.wire, time(row.createdAt), row.status.rawValue, row.merchantID?.wire ?? "", row.orderNumber, row.orderLine ?? "",
            row.productName, row.productCategory, row.productBrand ?? "", row.serialNumber ?? "", row.channel.rawValue,
            row.customerName, row.phoneLast4 ?? "", row.requestedResolution.rawValue, row.decidedResolution?.rawValue ?? "",
            time(row.dueAt), row.overdue(at: now) ? "true" : "false",
        ]
    }

    /// Where the export stands between chunks.
    private actor Cursor {
        enum Position {
            /// Nothing sent yet; then the header sent, reading from the first page (nil) or after a row.
            case start
            case after(ListedCase?)
            case finished
        }
        var position = Position.start
        func move(to next: Position) { position = next }
    }
}
