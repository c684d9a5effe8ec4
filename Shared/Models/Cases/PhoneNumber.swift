/// A customer's phone number normalised so one person is found however it was typed: separators dropped,
/// `00` read as `+`, and a Chinese mobile (11 digits from 1) or a landline with its trunk 0 given the
/// country code 86. What is kept is `+` and 6–15 digits (E.164's limit). Never logged: it is personal data.
public struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
    /// `+8613800138000`.
    public let e164: String

    public init?(_ typed: String) {
        var digits = ""
        var plus = false
        for scalar in typed.unicodeScalars {
            switch scalar {
            case "0"..."9": digits.unicodeScalars.append(scalar)
            case "+" where digits.isEmpty && !plus: plus = true
            case " ", "-", "(", ")", ".", "\u{3000}": continue
            default: return nil
            }
        }
        if !plus, digits.hasPrefix("00") {
            plus = true
            digits.removeFirst(2)
        }
        if !plus {
            if digits.count == 11, digits.hasPrefix("1") {
                digits = "86" + digits
            } else if digits.hasPrefix("0"), (10...12).contains(digits.count) {
                digits = "86" + digits.dropFirst()
            } else {
                return nil
            }
        }
        guard (6...15).contains(digits.count), !digits.hasPrefix("0") else { return nil }
        e164 = "+" + digits
    }

    /// All but the last four digits hidden (`+86*******8000`): what a merchant is shown.
    public var masked: String {
        String(e164.prefix(3)) + String(repeating: "*", count: max(0, e164.count - 7)) + String(e164.suffix(4))
    }

    public var description: String { masked }
}

extension PhoneNumber {
    /// Stands for a number never recorded (cases registered before phones were kept).
    public static let unknown = PhoneNumber(verbatim: "")

    private init(verbatim: String) { e164 = verbatim }
}
