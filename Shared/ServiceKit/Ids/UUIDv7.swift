public import Foundation
import Synchronization

/// The last version 7 id this process made: its millisecond and its 12-bit counter.
private let lastVersion7 = Mutex<(milliseconds: UInt64, counter: UInt16)>((0, 0))

extension UUID {
    /// A version 7 UUID: 48 bits of Unix milliseconds, a 12-bit counter, then random bits (RFC 9562 §6.2,
    /// method 1). Ids made by this process are strictly increasing — within one millisecond too — so new
    /// rows land at the end of the primary-key index and keyset pages follow creation order. Uses the wall
    /// clock on purpose: ids are not business time.
    public static func v7() -> UUID {
        let now = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
        let (milliseconds, counter) = lastVersion7.withLock { last -> (UInt64, UInt16) in
            if now > last.milliseconds {
                // A new millisecond: a random start leaves room to count up within it.
                last = (now, UInt16.random(in: 0..<0x400))
            } else if last.counter < 0xFFF {
                // The same millisecond (or the clock stepped back): count on from the last id.
                last.counter += 1
            } else {
                last = (last.milliseconds + 1, 0)
            }
            return (last.milliseconds, last.counter)
        }
        var bytes = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in 8..<16 { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - UInt64(index)))) }
        bytes[6] = 0x70 | UInt8(counter >> 8)  // version 7, counter's high bits
        bytes[7] = UInt8(truncatingIfNeeded: counter)
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            )
        )
    }

    /// Lowercase, as ids travel on the wire (DESIGN §9).
    public var wire: String { uuidString.lowercased() }
}
