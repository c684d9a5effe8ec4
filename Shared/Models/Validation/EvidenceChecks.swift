extension FieldChecks {
    /// Evidence references under `field`: at most ``EvidenceReference/maxCount``, each an https URL and a
    /// SHA-256, the caption at most 200 characters.
    public mutating func evidence(_ drafts: [EvidenceReference], _ field: String = "evidence") -> [EvidenceReference] {
        if drafts.count > EvidenceReference.maxCount {
            fail(field, "must have at most \(EvidenceReference.maxCount) entries")
            return []
        }
        var kept: [EvidenceReference] = []
        for (index, draft) in drafts.enumerated() {
            let url = draft.url.trimmed
            if let problem = EvidenceReference.problem(url: url) { fail("\(field)[\(index)].url", problem) }
            if let problem = EvidenceReference.problem(sha256: draft.sha256) { fail("\(field)[\(index)].sha256", problem) }
            let caption = optionalText(draft.caption, "\(field)[\(index)].caption", max: 200)
            kept.append(EvidenceReference(url: url, sha256: draft.sha256, caption: caption))
        }
        return kept
    }
}
