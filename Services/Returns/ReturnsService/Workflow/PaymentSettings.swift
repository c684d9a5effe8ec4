public import ServiceKit

/// Where Returns pays refunds and collects price differences (DESIGN §6: Returns alone calls the payment
/// provider): the provider's URL and API key, the timeout of every call, and how soon a payment left
/// uncertain is checked again.
public struct PaymentSettings: Sendable, Equatable {
    public var providerURL: String
    public var apiKey: String
    public var timeoutMilliseconds: Int
    public var recheckSeconds: Int

    public init(providerURL: String, apiKey: String, timeoutMilliseconds: Int = 5_000, recheckSeconds: Int = 60) {
        self.providerURL = providerURL
        self.apiKey = apiKey
        self.timeoutMilliseconds = timeoutMilliseconds
        self.recheckSeconds = recheckSeconds
    }

    public init(settings: Settings) {
        self.init(
            providerURL: settings.string(Self.providerURLKey),
            apiKey: settings.string(Self.apiKeyKey),
            // A call always has a timeout: at least 100 ms, at most a minute.
            timeoutMilliseconds: min(60_000, max(100, settings.int(Self.timeoutKey))),
            recheckSeconds: max(1, settings.int(Self.recheckKey))
        )
    }

    public static let providerURLKey = SettingKey(
        "payments.provider_url",
        .url,
        default: "http://127.0.0.1:8090",
        "Base URL of the payment provider (the payment sandbox in development and tests)."
    )
    public static let apiKeyKey = SettingKey(
        "payments.api_key",
        .string,
        default: "",
        secret: true,
        "The provider's API key. Without one, approved refunds wait in the ledger (`waiting`) and nothing is sent."
    )
    public static let timeoutKey = SettingKey(
        "payments.timeout_ms",
        .integer,
        default: "5000",
        "Timeout of each call to the provider (100–60000 ms); a call without an answer in time leaves its payment `uncertain`."
    )
    public static let recheckKey = SettingKey(
        "payments.recheck_seconds",
        .integer,
        default: "60",
        "Seconds (at least 1) before an uncertain payment is looked up at the provider again (reconciliation)."
    )
    public static var all: [SettingKey] { [providerURLKey, apiKeyKey, timeoutKey, recheckKey] }
}
