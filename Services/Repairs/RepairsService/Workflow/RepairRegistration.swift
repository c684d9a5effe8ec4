public import Foundation
public import Models

/// A device received for repair, checked (rules.md §2(e): register on receipt). Pure.
public struct RepairRegistration: Sendable, Equatable {
    public var caseID: UUID?
    /// Who performs the repair; nil for the tenant's own workshop.
    public var merchantID: UUID?
    /// The device category whose QC checklist applies.
    public var category: String
    public var device: Device
    public var reportedFault: String
    public var accompanyingItems: [String]

    /// The request's fields as received.
    public struct Draft: Sendable {
        public var caseID: String?
        public var merchantID: String?
        public var category: String?
        public var device: Device
        public var reportedFault: String
        public var accompanyingItems: [String]

        public init(
            caseID: String?,
            merchantID: String? = nil,
            category: String? = nil,
            device: Device,
            reportedFault: String,
            accompanyingItems: [String]
        ) {
            self.caseID = caseID
            self.merchantID = merchantID
            self.category = category
            self.device = device
            self.reportedFault = reportedFault
            self.accompanyingItems = accompanyingItems
        }
    }

    /// - Returns: the registration, or every field at fault.
    public static func validate(_ draft: Draft) -> Result<RepairRegistration, ErrorBody> {
        var checks = FieldChecks()
        let caseID = checks.optionalUUID(draft.caseID, "caseId")
        let merchantID = checks.optionalUUID(draft.merchantID, "merchantId")
        let category = draft.category ?? QcChecklists.general
        if !QcChecklists.isCategory(category) { checks.fail("category", "must be 1–50 of a–z, 0–9 and _, starting with a letter") }
        let device = Device(
            productName: checks.text(draft.device.productName, "device.productName", max: 200),
            model: checks.optionalText(draft.device.model, "device.model", max: 100),
            serialNumber: checks.optionalText(draft.device.serialNumber, "device.serialNumber", max: 64)
        )
        let fault = checks.text(draft.reportedFault, "reportedFault", max: 2000)
        let items = checks.texts(draft.accompanyingItems, "accompanyingItems", count: 0...30, max: 100)
        if let error = checks.error { return .failure(error) }
        return .success(
            RepairRegistration(
                caseID: caseID,
                merchantID: merchantID,
                category: category,
                device: device,
                reportedFault: fault,
                accompanyingItems: items
            )
        )
    }
}

/// The device as received.
public struct Device: Sendable, Equatable, Codable {
    public var productName: String
    public var model: String?
    public var serialNumber: String?

    public init(productName: String, model: String?, serialNumber: String?) {
        self.productName = productName
        self.model = model
        self.serialNumber = serialNumber
    }

    enum CodingKeys: String, CodingKey { case productName, model, serialNumber }
}
