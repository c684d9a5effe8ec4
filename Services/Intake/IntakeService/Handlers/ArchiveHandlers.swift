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
            let phone = checks.phone(request.customerPhone, "customerPhone")
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
            let kept = checks.phone(request.customerPhone, "customerPhone")
            let duplicate = checks.phone(request.duplicatePhone, "duplicatePhone")
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
                let merged = try await archive.mergedPhones(of: keptCustomer, tenant: tenant, on: connection, logger: caller.logger)
                return Components.Schemas.CustomerMerge(customerPhone: keptCustomer, otherPhones: merged, mergedAt: now)
            }
            caller.logger.info("customers merged", metadata: ["merge.by": "\(caller.principal.subject)"])
            return .ok(answer)
        }
    }
}
