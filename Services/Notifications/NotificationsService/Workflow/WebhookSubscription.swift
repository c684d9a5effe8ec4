public import Foundation
public import Models
import ServiceKit

/// A merchant's webhook endpoint as registered, checked. Pure.
public struct WebhookSubscription: Sendable, Equatable {
    public var merchantID: UUID
    public var url: String
    public var eventTypes: [String]
    public var description: String?

    /// The request's fields as received, and the merchant of a merchant caller.
    public struct Draft: Sendable {
        public var merchantID: String?
        public var url: String
        public var eventTypes: [String]
        public var description: String?

        public init(merchantID: String?, url: String, eventTypes: [String], description: String?) {
            self.merchantID = merchantID
            self.url = url
            self.eventTypes = eventTypes
            self.description = description
        }
    }

    /// - Parameter callerMerchant: the merchant of a merchant caller (nil for staff), who may only register
    ///   its own endpoints.
    /// - Returns: the subscription, or the error: invalid_argument for every field at fault,
    ///   permission_denied for a merchant naming another merchant.
    /// - Parameter allowPrivateHosts: test mode only: endpoints on this machine or a private network
    ///   (plain http to loopback included), which production refuses so that deliveries can never be
    ///   aimed at the platform's own network.
    public static func validate(_ draft: Draft, callerMerchant: UUID?, allowPrivateHosts: Bool = false) -> Result<WebhookSubscription, ErrorBody> {
        var checks = FieldChecks()
        var merchantID = checks.optionalUUID(draft.merchantID, "merchantId")
        if let callerMerchant {
            if let named = merchantID, named != callerMerchant {
                return .failure(
                    ErrorBody(
                        code: .permissionDenied,
                        message: "a merchant registers its own endpoints only",
                        details: [FieldViolation(field: "merchantId", reason: "is not the caller's merchant")]
                    )
                )
            }
            merchantID = callerMerchant
        } else if draft.merchantID == nil {
            checks.fail("merchantId", "is required")
        }
        let url = endpointURL(draft.url, &checks, allowPrivateHosts: allowPrivateHosts)
        let types = checks.texts(draft.eventTypes, "eventTypes", count: 1...50, max: 100) { type in
            guard EventTypeName.isValidSubscription(type) else {
                return "must be a dotted lower_snake event type (case.registered) or family (case.*)"
            }
            return WebhookCatalog.isSubscribable(type) ? nil : "is not an event type (or family) partners receive: see the event catalog"
        }
        let description = checks.optionalText(draft.description, "description", max: 200)
        if let error = checks.error { return .failure(error) }
        guard let merchantID else { return .failure(.invalidArgument([])) }
        return .success(WebhookSubscription(merchantID: merchantID, url: url, eventTypes: types, description: description))
    }

    /// An absolute https URL without credentials or fragment, written in ASCII (international names
    /// percent- or punycode-encoded): deliveries carry tenant data, so they never travel in clear text, and
    /// the stored form is the form compared for uniqueness. Hosts on this machine or a private network —
    /// in whatever form the resolver reads them (``EndpointSafety``) — are refused outside test mode.
    static func endpointURL(_ value: String, _ checks: inout FieldChecks, allowPrivateHosts: Bool) -> String {
        // Not trimmed: a URL is copied by machines, and space around it is a mistake worth hearing about.
        let text = value
        guard text.utf8.count <= 2000, text.allSatisfy({ $0.isASCII && !$0.isWhitespace }),
            let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased(), !host.isEmpty
        else {
            checks.fail("url", "must be an absolute URL of at most 2000 ASCII characters (international names percent- or punycode-encoded)")
            return text
        }
        // The host as the resolver will read it (`https://2130706433/` is this machine); a public name that
        // resolves to a private address is refused again at delivery, by the same check.
        switch EndpointSafety.verdict(host: host) {
        case .invalid(let reason):
            checks.fail("url", "host \(reason)")
        case .restricted(let reason) where !allowPrivateHosts:
            checks.fail("url", "host \(reason)")
        case .restricted:
            // Test mode: a loopback receiver, plain http allowed.
            if scheme != "https" && scheme != "http" { checks.fail("url", "must use https") }
        case .publicHost:
            if scheme != "https" { checks.fail("url", "must use https") }
        }
        if let port = components.port, !(1...65_535).contains(port) { checks.fail("url", "port must be from 1 to 65535") }
        if components.user != nil || components.password != nil { checks.fail("url", "must not carry credentials") }
        if components.fragment != nil { checks.fail("url", "must not have a fragment") }
        return text
    }
}

/// A registered webhook endpoint.
public struct WebhookEndpoint: Sendable, Equatable {
    public var id: UUID
    public var status: WebhookEndpointStatus
    public var subscription: WebhookSubscription
    public var createdAt: Date
    /// `failing` (disabled by the worker after a day of failures) or `by_request`; nil while active.
    public var disabledReason: String? = nil
    public var failingSince: Date? = nil
    public var lastError: String? = nil
}
