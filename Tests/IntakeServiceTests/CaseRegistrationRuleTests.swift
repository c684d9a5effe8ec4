import Foundation
import IntakeService
import Models
import Testing

/// Registration's rules alone, without I/O (rules.md §2(a)): every field checked and every fault named at
/// once, the facts the policy is given, and the judgement of a claim the policy refuses.
@Suite struct CaseRegistrationRuleTests {
    static let today = LocalDate(iso: "2026-03-10")!
    static let now = Date(timeIntervalSince1970: 1_773_108_000)  // 2026-03-10 10:00 Beijing

    static func draft(_ change: (inout CaseRegistration.Draft) -> Void = { _ in }) -> CaseRegistration.Draft {
        var draft = CaseRegistration.Draft()
        draft.channel = .phone
        draft.customerName = " 王芳 "
        draft.customerPhone = "139-1234-5678"
        draft.orderNumber = "  DD-1 "
        draft.pricePaid = .cny(8999)
        draft.productName = "笔记本电脑"
        draft.productModel = "  "
        draft.productCategory = "laptop"
        draft.purchaseDate = "2026-03-01"
        draft.reason = "屏幕闪烁"
        draft.requestedResolution = .repair
        draft.merchantID = "0190e3a0-0000-7000-8000-0000000000c1"
        change(&draft)
        return draft
    }

    static func validate(_ draft: CaseRegistration.Draft) -> Result<CaseRegistration, ErrorBody> {
        CaseRegistration.validate(draft, today: today, now: now)
    }

    static func fields(_ result: Result<CaseRegistration, ErrorBody>) -> [String] {
        guard case .failure(let error) = result else { return [] }
        return error.details.map(\.field)
    }

    @Test func aCompleteReportIsRegisteredTrimmedWithItsPhoneNormalised() throws {
        let registration = try Self.validate(Self.draft()).get()
        #expect(registration.orderNumber == "DD-1")
        #expect(registration.customer.name == "王芳")
        #expect(registration.customer.phone.e164 == "+8613912345678")
        #expect(registration.product.model == nil, "a blank model is absent")
        #expect(registration.orderLineKey == "", "no line named: the whole order")
        #expect(registration.purchaseDate == LocalDate(iso: "2026-03-01"))
    }

    /// Bought today is fine; bought tomorrow (in the tenant's calendar) is not; delivery and signing not before the purchase.
    @Test func datesAreNotInTheFutureNorBeforeThePurchase() {
        #expect((try? Self.validate(Self.draft { $0.purchaseDate = "2026-03-10" }).get()) != nil)
        #expect(Self.fields(Self.validate(Self.draft { $0.purchaseDate = "2026-03-11" })) == ["purchaseDate"])
        let early = Self.validate(
            Self.draft {
                $0.deliveryDate = "2026-02-28"
                $0.signedForDate = "2026-03-11"
                $0.signedForAt = Self.now.addingTimeInterval(60)
            }
        )
        #expect(Self.fields(early) == ["deliveryDate", "signedForDate", "signedForAt"])
    }

    @Test func everyFieldAtFaultIsNamedAtOnceWithoutEchoingThePhone() throws {
        let refused = Self.validate(
            Self.draft {
                $0.customerName = " "
                $0.customerPhone = "call me 12345"
                $0.orderNumber = " "
                $0.pricePaid = Money(currency: "EUR", amountMinor: -1)
                $0.productCategory = "Laptop Computers"
                $0.quantity = 0
                $0.purchaseDate = "10/03/2026"
                $0.reason = ""
                $0.merchantID = "m-1"
                $0.evidence = [
                    .init(url: "http://img.example.cn/1.jpg", sha256: "ABC"),
                    .init(url: "https://img.example.cn/2.jpg", sha256: String(repeating: "a", count: 64)),
                ]
                $0.flags = ["quality_issue", "no_such_fact", "special_goods"]
            }
        )
        #expect(
            Self.fields(refused) == [
                "customer.name", "customer.phone", "orderNumber", "pricePaid.currency", "pricePaid.amountMinor", "productCategory", "quantity",
                "purchaseDate", "reason", "merchantId", "evidence[0].url", "evidence[0].sha256", "flags[0]", "flags[1]",
            ]
        )
        guard case .failure(let error) = refused else { return }
        #expect(!error.message.contains("12345") && !error.details.contains { $0.reason.contains("12345") })
    }

    @Test(arguments: [0, 10_000, -1])
    func quantitiesOutsideOneTo9999AreRefused(_ quantity: Int) {
        #expect(Self.fields(Self.validate(Self.draft { $0.quantity = quantity })) == ["quantity"])
    }

    @Test func evidenceIsCappedAtTwenty() {
        let many = Self.draft {
            $0.evidence = Array(repeating: .init(url: "https://a.cn/x.jpg", sha256: String(repeating: "b", count: 64)), count: 21)
        }
        #expect(Self.fields(Self.validate(many)) == ["evidence"])
    }

    /// The policy is given the registered facts: the issue's nature, what came with the item, the dates, the
    /// declared facts — and, without a merchant, CM-06's "no merchant found".
    @Test func theFactsThePolicyJudgesComeFromTheRegistration() throws {
        let registration = try Self.validate(
            Self.draft {
                $0.merchantID = nil
                $0.signedForDate = "2026-03-02"
                $0.condition = ItemCondition(accessoriesComplete: true, packagingIntact: false, receiptPresent: true)
                $0.flags = ["special_goods"]
            }
        ).get()
        let facts = registration.facts
        #expect(facts.flags == [.accessoriesComplete, .hasInvoice, .noMerchantFound, .qualityIssue, .specialGoods].sorted())
        #expect(facts.dates.sale == LocalDate(iso: "2026-03-01") && facts.dates.signedFor == LocalDate(iso: "2026-03-02"))
        #expect(facts.pricePaid == .cny(8999) && facts.line.category == "laptop")
        let nonQuality = try Self.validate(Self.draft { $0.issueKind = .nonQuality }).get()
        #expect(!nonQuality.facts.has(.qualityIssue) && !nonQuality.facts.has(.noMerchantFound))
    }

    /// A claim the policy refuses is still a registration: judged not eligible, with its rule ids and codes.
    @Test func aRefusedClaimIsJudgedWithItsReasons() throws {
        var registration = try Self.validate(Self.draft { $0.purchaseDate = "2026-01-02" }).get()
        registration.requestedResolution = .returnAndRefund
        let judgement = registration.judged(by: PolicyPresets.preset(.laptopShop), calendar: BusinessCalendar(), at: Self.now)
        #expect(judgement.isRefused)
        #expect(judgement.policyId == "laptop_shop" && judgement.requestedResolution == .returnAndRefund)
        #expect(!judgement.ruleIds.isEmpty && !judgement.reasons.isEmpty)
        #expect(judgement.resolvedRules.requestDate == Self.today)
    }

    /// The example call of the README and `make run`: a labelled mouse bought a week ago, replaced new under
    /// the computer-mall preset the demo tenant runs (CM-25).
    @Test func theReadmesExampleIsGrantedByTheComputerMallPreset() throws {
        let registration = try Self.validate(
            Self.draft {
                $0.productCategory = "mouse"
                $0.productBrand = "Logitech"
                $0.pricePaid = .cny(149)
                $0.purchaseDate = "2026-03-03"
                $0.requestedResolution = .replaceNew
                $0.flags = ["has_warranty_label"]
            }
        ).get()
        let judgement = registration.judged(by: PolicyPresets.preset(.computerMall), calendar: BusinessCalendar(), at: Self.now)
        #expect(judgement.status == .eligible, "\(judgement.reasons)")
        #expect(judgement.ruleIds.contains("CM-25"))
    }

    @Test func aCorrectionNamesTheFieldsItChanged() throws {
        let before = try Self.validate(Self.draft()).get()
        let after = try Self.validate(
            Self.draft {
                $0.customerPhone = "+86 139 1234 5678"
                $0.reason = "屏幕闪烁，偶尔黑屏"
                $0.orderLine = "2"
            }
        ).get()
        #expect(CaseCorrection.changedFields(from: before, to: after) == ["orderLine", "reason"], "the same number typed otherwise is no change")
    }
}
