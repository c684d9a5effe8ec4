import Foundation
public import ServiceKit

/// What Dispatch needs to let partner merchants in (DESIGN §5): the signer of their tokens, the key set it
/// publishes, and the limits on failed exchanges. Built once at start from its settings; a signing key
/// whose public half is not in AUTH_PARTNER_JWKS stops the start.
public struct PartnerAccess: Sendable {
    public static let signingKey = SettingKey(
        "partner_tokens.signing_key",
        .string,
        default: "",
        secret: true,
        "Ed25519 private key (PKCS#8 PEM) Dispatch signs partner merchants' tokens with; its public key must be in AUTH_PARTNER_JWKS under partner_tokens.key_id. Empty: ExchangeApiKey answers failed_precondition."
    )
    public static let keyID = SettingKey("partner_tokens.key_id", .string, default: "dispatch-1", "Key id (kid) of partner_tokens.signing_key.")
    public static let lifetimeSeconds = SettingKey(
        "partner_tokens.lifetime_seconds",
        .integer,
        default: "900",
        "How long an exchanged merchant token lives (60–3600): a revoked API key's last token ends by then."
    )
    public static let failuresPerKey = SettingKey(
        "partner_tokens.failures_per_key",
        .integer,
        default: "5",
        "Failed exchanges of one API key within the window before further attempts answer resource_exhausted."
    )
    public static let failuresPerSource = SettingKey(
        "partner_tokens.failures_per_source",
        .integer,
        default: "30",
        "Failed exchanges from one address within the window before further attempts answer resource_exhausted."
    )
    public static let failureWindowSeconds = SettingKey(
        "partner_tokens.failure_window_seconds",
        .integer,
        default: "300",
        "The sliding window of the failed-exchange limits."
    )
    public static let all = [signingKey, keyID, lifetimeSeconds, failuresPerKey, failuresPerSource, failureWindowSeconds]

    public let signer: PartnerTokenSigner?
    public let publishedKeys: [(kid: String, x: String)]
    public let keyThrottle: FailureThrottle
    public let sourceThrottle: FailureThrottle

    public init(settings: Settings) throws(SettingsError) {
        let lifetime = settings.int(Self.lifetimeSeconds)
        guard (60...3600).contains(lifetime) else { throw SettingsError(Self.lifetimeSeconds, "must be from 60 to 3600 seconds") }
        let partnerKeySet = settings.string(CommonSettings.authPartnerKeySet)
        do {
            publishedKeys = partnerKeySet.isEmpty ? [] : try PartnerKeySet.publicKeys(partnerKeySet)
        } catch {
            throw SettingsError(CommonSettings.authPartnerKeySet, "\(error)")
        }
        let pem = settings.string(Self.signingKey)
        if pem.isEmpty {
            signer = nil
        } else {
            guard !partnerKeySet.isEmpty else { throw SettingsError(CommonSettings.authPartnerKeySet, "is required with partner_tokens.signing_key") }
            do {
                signer = try PartnerTokenSigner(
                    privateKeyPEM: pem,
                    keyID: settings.string(Self.keyID),
                    partnerKeySet: partnerKeySet,
                    lifetime: .seconds(lifetime)
                )
            } catch {
                throw SettingsError(CommonSettings.authPartnerKeySet, "\(error)")
            }
        }
        let window = Duration.seconds(max(1, settings.int(Self.failureWindowSeconds)))
        keyThrottle = FailureThrottle(limit: settings.int(Self.failuresPerKey), window: window)
        sourceThrottle = FailureThrottle(limit: settings.int(Self.failuresPerSource), window: window)
    }
}
