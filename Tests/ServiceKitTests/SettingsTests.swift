import TestSupport
import Testing

@testable import ServiceKit

@Suite struct SettingsTests {
    let registry = CommonSettings.all

    private func settings(_ environment: [String: String]) throws(SettingsError) -> Settings {
        let base = ["DB_NAME": "intake", "DB_USER": "intake_app", "AUTH_JWKS": TestTokens.keySet]
        return try Settings.fromEnvironment(base.merging(environment) { _, new in new }, registry: registry)
    }

    @Test func defaultsApplyAndEnvironmentOverrides() throws {
        let read = try settings(["HTTP_PORT": "9001"])
        #expect(read.int(CommonSettings.httpPort) == 9001)
        #expect(read.string(CommonSettings.httpHost) == "127.0.0.1")
        #expect(read.int(CommonSettings.dbMaxConnections) == 10)
    }

    @Test func aMissingRequiredKeyIsNamedWithItsVariable() {
        let error = #expect(throws: SettingsError.self) {
            try Settings.fromEnvironment(["DB_USER": "x", "AUTH_JWKS": TestTokens.keySet], registry: registry)
        }
        #expect(error?.problems.map(\.key.name) == ["db.name"])
        #expect(error?.description.contains("DB_NAME") == true)
    }

    @Test(arguments: [
        ("HTTP_PORT", "eighty"), ("HTTP_PORT", "70000"), ("DB_MAX_CONNECTIONS", "1.5"), ("DB_PORT", "-1"),
        ("TENANT_DEFAULT_TIME_ZONE", "Mars/Olympus"),
    ])
    func aMalformedValueIsNamed(variable: String, value: String) {
        let error = #expect(throws: SettingsError.self) { try settings([variable: value]) }
        #expect(error?.problems.count == 1)
        #expect(error?.problems.first?.key.environmentName == variable)
        #expect(error?.description.contains(value) == true)
    }

    @Test func everyProblemIsReportedAtOnce() {
        let error = #expect(throws: SettingsError.self) {
            try Settings.fromEnvironment(["HTTP_PORT": "x"], registry: registry)
        }
        #expect(Set(error?.problems.map(\.key.name) ?? []) == ["http.port", "db.name", "db.user", "auth.jwks"])
    }

    @Test func aSecretValueNeverAppearsInTheError() {
        let secret = SettingKey("db.password", .integer, default: nil, secret: true, "a secret that must be numeric")
        let error = #expect(throws: SettingsError.self) {
            try Settings.fromEnvironment(["DB_PASSWORD": "hunter2"], registry: [secret])
        }
        #expect(error?.description.contains("DB_PASSWORD") == true)
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test func everyKeyIsDocumentedAndMapsToOneVariable() {
        let variables = registry.map(\.environmentName)
        #expect(Set(variables).count == variables.count)
        #expect(registry.allSatisfy { !$0.summary.isEmpty })
        #expect(CommonSettings.dbMaxConnections.environmentName == "DB_MAX_CONNECTIONS")
    }

    @Test(arguments: [
        ("not json", "is not a JSON Web Key Set"),
        (#"{"keys":[]}"#, "has no keys"),
        (#"{"keys":[{"kty":"RSA","kid":"r1","n":"x","e":"AQAB"}]}"#, "key r1 is not an Ed25519"),
        (#"{"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#, "key 0 has no kid"),
    ])
    func anUnusableKeySetStopsTheStart(keySet: String, reason: String) {
        let error = #expect(throws: SettingsError.self) { try settings(["AUTH_JWKS": keySet]) }
        #expect(error?.problems.map(\.key.name) == ["auth.jwks"])
        #expect(error?.description.contains(reason) == true, "\(String(describing: error))")
    }
}
