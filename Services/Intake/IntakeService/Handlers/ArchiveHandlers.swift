import Foundation
import IntakeAPI
import Logging
import Models
import ServiceKit

/// The customer archive (rules.md §2(i)): a customer's phones, names, devices and every case with its
/// repairs and returns, found by phone, order or serial; duplicates of one customer merged by hand.
extension IntakeHandlers {
    /// Staff who serve customers and repair their devices (the service history is read when quoting).
    static let archiveReaders: Set<Role> = [
        .tenantAdmin, .intakeClerk, .csAgent, .supervisor, .dispatcherRunner, .escalationOfficer, .followUpAgent, .technician,
    ]

    static let archiveAccess: AccessTable = [
        "GetCustomerArchive": .reads(archiveReaders),
        "MergeCustomers": .mutates([.tenantAdmin, .supervisor, .csAgent]),
    ]

    func getCustomerArchive(_ input: Operations.GetCustomerArchive.Input) async throws -> Operations.GetCustomerArchive.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let phone = request.customerPhone.flatMap(PhoneNumber.init)
            if request.customerPhone != nil && phone == nil {
                checks.fail("customerPhone", "must be a phone number: 11-digit mobile, landline with area code, or +country code")
            }
            let order = request.orderNumber.map { checks.text($0, "orderNumber", max: 64) }
            let serial = request.serialNumber.map { checks.text($0, "serialNumber", max: 64) }
            let given = [request.customerPhone, request.orderNumber, request.serialNumber].compactMap { $0 }.count
            if given != 1 {
                for field in ["customerPhone", "orderNumber", "serialNumber"] {
                    checks.fail(field, "exactly one of customerPhone, orderNumber and serialNumber")
                }
            }
            try checks.throwIfFailed()
            let customers = try await environment.read(caller) { [archive] connection in
                let phones =
                    if let phone { [phone.e164] } else {
                        try await archive.phones(
                            orderNumber: order,
                            serialNumber: serial,
                            tenant: caller.tenant,
                            on: connection,
                            logger: caller.logger
                        )
                    }
                var kept: [String] = []
                for phone in phones {
                    let customer = try await archive.customer(of: phone, tenant: caller.tenant, on: connection, logger: caller.logger)
                    if !kept.contains(customer) { kept.append(customer) }
                }
                var customers: [CustomerArchiveStore.Customer] = []
                for customer in kept {
                    let found = try await archive.archive(of: customer, tenant: caller.tenant, on: connection, logger: caller.logger)
                    if !found.cases.isEmpty { customers.append(found) }
                }
                return customers
            }
            return .ok(.init(customers: customers.map(Components.Schemas.CustomerArchive.init)))
        }
    }

    func mergeCustomers(_ input: Operations.MergeCustomers.Input) async throws -> Operations.MergeCustomers.Output {
        try await answering { caller in
            let request = input.request
            var checks = FieldChecks()
            let kept = PhoneNumber(request.customerPhone)
            let duplicate = PhoneNumber(request.duplicatePhone)
            if kept == nil { checks.fail("customerPhone", "must be a phone number: 11-digit mobile, landline with area code, or +country code") }
            if duplicate == nil {
                checks.fail("duplicatePhone", "must be a phone number: 11-digit mobile, landline with area code, or +country code")
            }
            let reason = checks.text(request.reason, "reason", max: 500)
            try checks.throwIfFailed()
            guard let kept, let duplicate else { throw ErrorBody.invalidArgument("customerPhone", "must be a phone number") }
            let now = environment.clock.now()
            let answer = try await environment.mutate(caller) { [archive] connection in
                let tenant = caller.tenant
                try await archive.lockMerges(tenant: tenant, on: connection, logger: caller.logger)
                for (field, phone) in [("customerPhone", kept), ("duplicatePhone", duplicate)] {
                    guard try await archive.known(phone.e164, tenant: tenant, on: connection, logger: caller.logger) else {
                        throw ErrorBody.notFound("customer with the phone of \(field)")
                    }
                }
                let keptCustomer = try await archive.customer(of: kept.e164, tenant: tenant, on: connection, logger: caller.logger)
                let duplicateCustomer = try await archive.customer(of: duplicate.e164, tenant: tenant, on: connection, logger: caller.logger)
                if keptCustomer == duplicateCustomer {
                    throw ErrorBody.failedPrecondition("duplicatePhone", "is already a phone of the customer kept")
                }
                try await archive.merge(
                    duplicateCustomer,
                    into: keptCustomer,
                    by: caller.principal.subject,
                    reason: reason,
                    at: now,
                    tenant: tenant,
                    on: connection,
                    logger: caller.logger
                )
                let merged = try await archive.archive(of: keptCustomer, tenant: tenant, on: connection, logger: caller.logger)
                return Components.Schemas.CustomerMerge(customerPhone: keptCustomer, otherPhones: merged.otherPhones, mergedAt: now)
            }
            caller.logger.info("customers merged", metadata: ["merge.by": "\(caller.principal.subject)"])
            return .ok(answer)
        }
    }
}

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
