extension PolicyDocument {
    /// Every problem with this document, each with the JSON path of the field and why. Empty = valid.
    public func validate() -> [FieldViolation] {
        var out: [FieldViolation] = []
        func bad(_ field: String, _ reason: String) { out.append(FieldViolation(field: field, reason: reason)) }
        if schemaVersion != Self.currentSchemaVersion { bad("schemaVersion", "must be \(Self.currentSchemaVersion)") }
        if !Self.isLowerSnake(policyId) { bad("policyId", "must be lower_snake, e.g. computer_mall") }
        if !(1...Self.maxVersion).contains(version) { bad("version", "must be 1…\(Self.maxVersion)") }
        if policyId.count > 64 { bad("policyId", "must be at most 64 characters") }
        // The sizes a served contract promises (Intake's PolicyDocument schema).
        let sizes: [(String, Int, Int)] = [
            ("offered", offered?.count ?? 0, Resolution.allCases.count), ("offeredRuleIds", offeredRuleIds.count, 50),
            ("entitlements", entitlements.count, 500), ("blocks", blocks.count, 500), ("shipping", shipping.count, 500),
            ("timers", timers.count, 100), ("notes", notes.count, 100), ("settings", settings.count, 100),
        ]
        for (field, count, most) in sizes where count > most { bad(field, "at most \(most) entries") }
        out += followUp?.violations(path: "followUp") ?? []
        if !Self.isCurrencyCode(currency) { bad("currency", "must be an ISO 4217 code such as CNY") }
        if name.zh.isEmpty || name.en.isEmpty { bad("name", "needs both zh and en") }
        checkIds(offeredRuleIds, "offeredRuleIds", allowEmpty: offered == nil, bad)
        for (i, rule) in entitlements.enumerated() {
            let path = "entitlements[\(i)]"
            checkIds(rule.ruleIds, "\(path).ruleIds", allowEmpty: false, bad)
            if let offered, !offered.contains(rule.resolution) { bad("\(path).resolution", "\(rule.resolution.rawValue) is not in offered") }
            if let earlier = rule.follows, earlier == rule.resolution { bad("\(path).follows", "must name another resolution") }
            if let earlier = rule.follows, entitlements.contains(where: { $0.resolution == earlier && $0.follows != nil }) {
                bad("\(path).follows", "\(earlier.rawValue) must not itself follow another resolution")
            }
            for (j, req) in rule.requires.enumerated() {
                checkCondition(req.condition, "\(path).requires[\(j)].condition", bad)
                checkIds(req.ruleIds, "\(path).requires[\(j)].ruleIds", allowEmpty: true, bad)
            }
            if let w = rule.window {
                checkIds(w.ruleIds, "\(path).window.ruleIds", allowEmpty: true, bad)
                if let p = w.opensAfter { checkPeriod(p, "\(path).window.opensAfter", minimum: 0, bad) }
                if let p = w.closesAfter { checkPeriod(p, "\(path).window.closesAfter", minimum: 0, bad) }
                if let o = w.opensAfter, let c = w.closesAfter, o.unit == c.unit, o.value >= c.value {
                    bad("\(path).window.opensAfter", "must be shorter than closesAfter")
                }
            }
            for (j, fee) in rule.fees.enumerated() {
                checkIds(fee.ruleIds, "\(path).fees[\(j)].ruleIds", allowEmpty: false, bad)
                if case .depreciation(_, let rate, _, _) = fee, !(1...10_000).contains(rate.value) {
                    bad("\(path).fees[\(j)].ratePerDay", "must be 1...10000 basis points")
                }
            }
            switch rule.payout {
            case .multipleOfPrice(let n) where !(1...10).contains(n): bad("\(path).payout.times", "must be 1...10")
            case .fixed(let m) where m.amountMinor < 0 || m.currency != currency:
                bad("\(path).payout.amount", "must be non-negative and in \(currency)")
            default: break
            }
        }
        for (i, block) in blocks.enumerated() {
            checkIds(block.ruleIds, "blocks[\(i)].ruleIds", allowEmpty: false, bad)
            if block.resolutions.isEmpty { bad("blocks[\(i)].resolutions", "must name at least one resolution") }
            if let c = block.when { checkCondition(c, "blocks[\(i)].when", bad) }
            if let code = block.code, !Self.isLowerSnake(code) { bad("blocks[\(i)].code", "must be lower_snake, e.g. incomplete_package") }
            if let t = block.text, t.zh.isEmpty || t.en.isEmpty { bad("blocks[\(i)].text", "needs both zh and en") }
        }
        for (i, rule) in shipping.enumerated() {
            checkIds(rule.ruleIds, "shipping[\(i)].ruleIds", allowEmpty: false, bad)
            if rule.resolutions.isEmpty { bad("shipping[\(i)].resolutions", "must name at least one resolution") }
            if let c = rule.when { checkCondition(c, "shipping[\(i)].when", bad) }
        }
        for (i, timer) in timers.enumerated() {
            checkIds(timer.ruleIds, "timers[\(i)].ruleIds", allowEmpty: false, bad)
            if !Self.isLowerSnake(timer.name) { bad("timers[\(i)].name", "must be lower_snake") }
            if timer.duration.value < 0 { bad("timers[\(i)].duration.value", "must not be negative") }
            if timer.resolutions.isEmpty { bad("timers[\(i)].resolutions", "must name at least one resolution") }
        }
        for (i, note) in notes.enumerated() {
            checkIds(note.ruleIds, "notes[\(i)].ruleIds", allowEmpty: false, bad)
            if note.text.zh.isEmpty || note.text.en.isEmpty { bad("notes[\(i)].text", "needs both zh and en") }
        }
        return out
    }

    /// The highest version a policy can reach.
    public static let maxVersion = 1_000_000

    /// Throws ``ErrorBody`` (invalid_argument with every violation) unless the document is valid.
    public func validated() throws(ErrorBody) -> PolicyDocument {
        let violations = validate()
        if !violations.isEmpty { throw ErrorBody.invalidArgument(violations) }
        return self
    }

    private func checkIds(_ ids: [String], _ path: String, allowEmpty: Bool, _ bad: (String, String) -> Void) {
        if ids.isEmpty && !allowEmpty { bad(path, "must cite at least one rule id") }
        for (i, id) in ids.enumerated() where !Self.isRuleId(id) {
            bad("\(path)[\(i)]", "\(id) is not a rule id like CM-01, B-03 or T-21")
        }
    }

    private func checkPeriod(_ p: Period, _ path: String, minimum: Int, _ bad: (String, String) -> Void) {
        if p.value < minimum { bad("\(path).value", "must be at least \(minimum)") }
        if p.unit == .hours { bad("\(path).unit", "windows count days or months; use a timer for hours") }
    }

    private func checkCondition(_ c: Condition, _ path: String, _ bad: (String, String) -> Void) {
        switch c {
        case .not(let inner): checkCondition(inner, "\(path).condition", bad)
        case .allOf(let all), .anyOf(let all):
            if all.isEmpty { bad("\(path).conditions", "must not be empty") }
            for (i, inner) in all.enumerated() { checkCondition(inner, "\(path).conditions[\(i)]", bad) }
        case .priceAbove(let m): if m.currency != currency { bad("\(path).amount.currency", "must be \(currency)") }
        case .repairsAtLeast(let n): if n < 0 { bad("\(path).count", "must not be negative") }
        case .within(_, let p), .elapsedMoreThan(_, let p): checkPeriod(p, "\(path).period", minimum: 0, bad)
        case .hoursElapsedMoreThan(_, _, let hours): if hours < 1 { bad("\(path).hours", "must be at least 1") }
        case .measurementAbove(_, let n), .measurementAtMost(_, let n): if n < 0 { bad("\(path).threshold", "must not be negative") }
        case .flag, .anchorOnOrAfter, .onOrBeforeAnchor: break
        }
    }

    static func isLowerSnake(_ s: String) -> Bool {
        guard let first = s.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
        return s.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_")
        }
    }

    static func isCurrencyCode(_ s: String) -> Bool {
        s.utf8.count == 3 && s.utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }

    /// `PDD-01`, `CM-27`, `B-03`, `T-44`: 1–3 capital letters, a dash, two digits (the spelling of rules.md).
    public static func isRuleId(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...3).contains(parts[0].count), parts[1].count == 2 else { return false }
        return parts[0].utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
            && parts[1].utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
