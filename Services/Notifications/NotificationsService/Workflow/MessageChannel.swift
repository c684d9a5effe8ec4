import Foundation
import Models
import ServiceKit

/// Where a customer message goes out: an SMS or e-mail provider behind one interface. Only the development
/// sink is built (README): it accepts every message and the message itself, stored as `sent` with its
/// recipient and body, is what `ListCustomerMessages` reads. A real provider would be called by a worker
/// outside the database transaction (as webhooks are); the sink needs no network, so it runs inside it.
protocol MessageChannel: Sendable {
    /// Hands `message` to the provider; returns the provider's reference for it.
    func send(_ message: CustomerMessage) async throws -> String
}

/// The development and test channel: keeps nothing beyond the message row, never fails.
struct SinkChannel: MessageChannel {
    func send(_ message: CustomerMessage) async throws -> String { "sink:\(message.id.wire)" }
}

/// The channel of each kind: today the sink for every one.
struct MessageChannels: Sendable {
    let channels: [MessageChannelKind: any MessageChannel]

    static let sinkOnly = MessageChannels(channels: Dictionary(uniqueKeysWithValues: MessageChannelKind.allCases.map { ($0, SinkChannel()) }))

    func channel(_ kind: MessageChannelKind) -> any MessageChannel { channels[kind] ?? SinkChannel() }
}

/// How values look in a message: times in the tenant's zone to the minute, amounts with their currency.
enum MessageFormatting {
    static func time(_ instant: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        func two(_ n: Int?) -> String {
            let n = n ?? 0
            return n < 10 ? "0\(n)" : "\(n)"
        }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
    }

    static func amount(_ money: Money, _ language: MessageLanguage) -> String {
        if money.currency == "CNY", language == .zh { return "\(money.figure)元" }
        return "\(money.currency) \(money.figure)"
    }
}
