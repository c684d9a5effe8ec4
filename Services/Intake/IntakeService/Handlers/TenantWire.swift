import IntakeAPI
import Models

// Tenant records and policy versions as the contract shows them.
extension Components.Schemas.TenantSettingsAnswer {
    init(_ record: TenantRecord) {
        self.init(tenantId: record.tenantID.uuid.wireText, settingsVersion: Int64(record.settingsVersion), settings: record.settings)
    }
}

extension Components.Schemas.PolicyVersion {
    init(_ record: PolicyRecord) {
        self.init(version: Int64(record.version), changedBy: record.changedBy, changedAt: record.changedAt, policy: record.document)
    }
}
