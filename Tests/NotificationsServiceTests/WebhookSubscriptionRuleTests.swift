import Foundation
import Models
import NotificationsService
import Testing

/// A merchant's webhook endpoint as registered, without I/O.
@Suite struct WebhookSubscriptionRuleTests {
    static let merchant = UUID(uuidString: "0190e3a0-0000-7000-8000-0000000000c1")!
    static let other = "0190e3a0-0000-7000-8000-0000000000c2"

    func draft(
        merchant: String? = nil,
        url: String = "https://hooks.example.cn/aftersales",
        types: [String] = ["case.*"]
    )
        -> WebhookSubscription.Draft
    {
        WebhookSubscription.Draft(merchantID: merchant, url: url, eventTypes: types, description: nil)
    }

    @Test func aMerchantRegistersForItselfWhateverItLeavesOut() throws {
        let subscription = try WebhookSubscription.validate(draft(), callerMerchant: Self.merchant).get()
        #expect(subscription.merchantID == Self.merchant)
    }

    @Test func aMerchantNamingAnotherMerchantIsDenied() {
        guard case .failure(let error) = WebhookSubscription.validate(draft(merchant: Self.other), callerMerchant: Self.merchant) else {
            Issue.record("accepted")
            return
        }
        #expect(error.code == .permissionDenied)
    }

    @Test func staffMustNameTheMerchant() {
        guard case .failure(let error) = WebhookSubscription.validate(draft(), callerMerchant: nil) else {
            Issue.record("accepted")
            return
        }
        #expect(error.details.map(\.field) == ["merchantId"])
    }

    @Test(arguments: ["case.registered", "case.*", "dispatch.case_queued"])
    func eventTypesAndFamiliesAreAccepted(_ type: String) {
        #expect((try? WebhookSubscription.validate(draft(types: [type]), callerMerchant: Self.merchant).get()) != nil)
    }

    @Test(arguments: ["Case.Registered", "case", "*", "case.registered.", "case..x"])
    func malformedEventTypesAreRefused(_ type: String) {
        guard case .failure(let error) = WebhookSubscription.validate(draft(types: [type]), callerMerchant: Self.merchant) else {
            Issue.record("\(type) was accepted")
            return
        }
        #expect(error.details.map(\.field) == ["eventTypes[0]"])
    }

    /// A URL is taken as sent: space around it is refused rather than trimmed (the contract's `format: uri`).
    @Test(arguments: [" https://hooks.example.cn/a", "https://hooks.example.cn/a\n", "\thttps://hooks.example.cn/a"])
    func aURLWithSpaceAroundItIsRefused(_ url: String) {
        guard case .failure(let error) = WebhookSubscription.validate(draft(url: url), callerMerchant: Self.merchant) else {
            Issue.record("\(url) was accepted")
            return
        }
        #expect(error.details.map(\.field) == ["url"])
    }

    /// Plain http and loopback are for test mode only.
    @Test func loopbackOverHTTPOnlyInTestMode() {
        let local = draft(url: "http://127.0.0.1:9000/hook")
        #expect((try? WebhookSubscription.validate(local, callerMerchant: Self.merchant, allowPrivateHosts: true).get()) != nil)
        #expect((try? WebhookSubscription.validate(local, callerMerchant: Self.merchant, allowPrivateHosts: false).get()) == nil)
        let plain = draft(url: "http://hooks.example.cn/x")
        #expect((try? WebhookSubscription.validate(plain, callerMerchant: Self.merchant, allowPrivateHosts: true).get()) == nil)
    }
}
