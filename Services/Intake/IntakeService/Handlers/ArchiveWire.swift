import Foundation
import IntakeAPI
import Models
import ServiceKit

extension Components.Schemas.CustomerArchive {
    /// The archive as read: names and addresses most recent first, each once; devices by serial.
    init(_ customer: CustomerArchiveStore.Customer) {
        var names: [String] = []
        var addresses: [String] = []
        var devices: [String: Components.Schemas.ArchivedDevice] = [:]
        var serials: [String] = []
        for item in customer.cases {
            if !item.customerName.isEmpty && !names.contains(item.customerName) { names.append(item.customerName) }
            if let address = item.customerAddress, !address.isEmpty, !addresses.contains(address) { addresses.append(address) }
            guard let serial = item.serialNumber, !serial.isEmpty else { continue }
            if let known = devices[serial] {
                devices[serial] = .init(
                    serialNumber: serial,
                    productName: known.productName,
                    productBrand: known.productBrand,
                    productCategory: known.productCategory,
                    cases: known.cases + 1,
                    firstCaseAt: item.createdAt,
                    lastCaseAt: known.lastCaseAt
                )
            } else {
                serials.append(serial)
                devices[serial] = .init(
                    serialNumber: serial,
                    productName: item.productName,
                    productBrand: item.productBrand,
                    productCategory: item.productCategory,
                    cases: 1,
                    firstCaseAt: item.createdAt,
                    lastCaseAt: item.createdAt
                )
            }
        }
        self.init(
            customerPhone: customer.phone,
            otherPhones: customer.otherPhones,
            names: names,
            addresses: addresses,
            devices: serials.compactMap { devices[$0] },
            cases: customer.cases.map { item in
                .init(
                    caseId: item.id.wire,
                    createdAt: item.createdAt,
                    status: item.status,
                    orderNumber: item.orderNumber,
                    productName: item.productName,
                    serialNumber: item.serialNumber,
                    customerPhone: item.customerPhone,
                    requestedResolution: item.requestedResolution,
                    decidedResolution: item.decidedResolution,
                    repairs: item.repairs.map { .init(repairOrderId: $0.id.wire, status: $0.status, at: $0.at) },
                    returns: item.returns.map { .init(returnRequestId: $0.id.wire, status: $0.status, at: $0.at) }
                )
            },
            merges: customer.merges.map {
                .init(phone: $0.phone, mergedInto: $0.mergedInto, mergedAt: $0.mergedAt, mergedBy: $0.mergedBy, reason: $0.reason)
            }
        )
    }
}
