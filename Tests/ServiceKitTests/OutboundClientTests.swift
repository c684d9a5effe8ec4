import Foundation
import NIOCore
import Testing

@testable import ServiceKit

/// The pieces of outbound calls that need no receiver: the system resolver on this machine's own names,
/// an answer's excerpt for the delivery log, and the relay's rest for a subscriber that does not answer.
@Suite struct OutboundClientTests {
    /// `localhost` comes from /etc/hosts: no network.
    @Test func theSystemResolverReadsTheMachinesOwnNames() async throws {
        let addresses = try await SystemResolver().addresses(of: "localhost")
        #expect(!addresses.isEmpty)
        #expect(addresses.allSatisfy { !EndpointSafety.isPublic($0) }, "\(addresses)")
        #expect(addresses.contains { $0.connectText == "127.0.0.1" || $0.connectText == "::1" }, "\(addresses)")
        await #expect(throws: (any Error).self) { try await SystemResolver().addresses(of: "no-such-host.invalid") }
    }

    @Test func addressesAreWrittenAsAConnectionNamesThem() {
        #expect(HostAddress.parse("2130706433")?.connectText == "127.0.0.1")
        #expect(HostAddress.parse("[2001:db8::1]")?.connectText == "2001:db8::1")
        #expect(HostAddress.parse("hooks.example.com")?.connectText == nil)
    }

    @Test func anExcerptIsAtMostTheLimitCutOnACharacterAndWithoutNUL() {
        let text = "售后" + String(repeating: "x", count: 10)
        #expect(OutboundClient.excerpt(ByteBuffer(string: text), limit: 4) == "售", "a 3-byte character is not cut in half")
        #expect(OutboundClient.excerpt(ByteBuffer(string: text), limit: 1024) == text)
        #expect(OutboundClient.excerpt(ByteBuffer(bytes: [0x61, 0, 0x62]), limit: 10) == "ab")
        let invalid = OutboundClient.excerpt(ByteBuffer(bytes: [UInt8](repeating: 0xFF, count: 20)), limit: 10)
        #expect(invalid.utf8.count <= 10)
    }

    @Test func aSubscriberThatDoesNotAnswerRestsLongerEachTimeUntilItAnswers() {
        let resting = Resting()
        #expect(!resting.contains("returns"))
        resting.rest("returns")
        #expect(resting.contains("returns") && !resting.contains("repairs"))
        resting.wake("returns")
        #expect(!resting.contains("returns"))
    }
}
