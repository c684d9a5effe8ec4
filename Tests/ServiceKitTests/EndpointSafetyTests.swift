import Foundation
import Testing

@testable import ServiceKit

/// Hosts read as the resolver reads them, and judged by the address they are.
@Suite struct EndpointSafetyTests {
    @Test(
        arguments: [
            ("2130706433", 0x7F00_0001), ("0x7f000001", 0x7F00_0001), ("017700000001", 0x7F00_0001), ("0177.0.0.1", 0x7F00_0001),
            ("127.1", 0x7F00_0001), ("127.0.0.1.", 0x7F00_0001), ("0", 0), ("0x7f.1", 0x7F00_0001), ("127.0.1", 0x7F00_0001),
            ("2852039166", 0xA9FE_A9FE), ("0xa9fea9fe", 0xA9FE_A9FE), ("8.8.8.8", 0x0808_0808),
        ] as [(String, UInt32)]
    )
    func everyFormInetAtonAcceptsIsAnAddress(text: String, address: UInt32) {
        #expect(HostAddress.parse(text) == .ipv4(address), "\(text)")
    }

    @Test func ipv6IsReadWithItsShortFormsAndEmbeddedIPv4() {
        let loopback: [UInt8] = Array(repeating: 0, count: 15) + [1]
        #expect(HostAddress.parse("[0:0:0:0:0:0:0:1]") == .ipv6(loopback))
        #expect(HostAddress.parse("[0::1]") == .ipv6(loopback))
        #expect(HostAddress.parse("::1") == .ipv6(loopback))
        #expect(HostAddress.parse("[::127.0.0.1]") == .ipv6(Array(repeating: 0, count: 12) + [127, 0, 0, 1]))
        #expect(HostAddress.parse("[::ffff:127.0.0.1]") == HostAddress.parse("[0:0:0:0:0:ffff:7f00:1]"))
        #expect(HostAddress.parse("[1::2::3]") == nil)
        #expect(HostAddress.parse("[fe80::1%eth0]") == nil, "a zone id is never a delivery target")
        #expect(HostAddress.parse("localhost.") == .name("localhost"))
    }

    @Test(arguments: [
        "2130706433", "0x7f000001", "017700000001", "0177.0.0.1", "127.1", "127.0.0.1.", "0", "localhost.", "localhost",
        "2852039166", "0xa9fea9fe", "[0:0:0:0:0:0:0:1]", "[0::1]", "[::127.0.0.1]", "[0:0:0:0:0:ffff:7f00:1]", "[64:ff9b::a9fe:a9fe]",
        "[fec0::1]", "[fe80::1]", "[fd00::5]", "[::]", "[ff02::1]", "[2002:7f00:1::]", "10.0.0.1", "172.16.5.5", "192.168.1.1",
        "100.64.0.1", "169.254.169.254", "224.0.0.1", "255.255.255.255", "198.18.0.1", "intranet", "svc.cluster.local",
        "metadata.google.internal", "printer.lan",
    ])
    func insideAddressesAndNamesAreRestricted(_ host: String) {
        guard case .restricted = EndpointSafety.verdict(host: host) else {
            Issue.record("\(host): \(EndpointSafety.verdict(host: host))")
            return
        }
    }

    @Test(arguments: ["hooks.example.cn", "api.partner.com.", "8.8.8.8", "[2606:4700:4700::1111]", "[64:ff9b::808:808]", "1.1.1.1"])
    func publicHostsAreAllowed(_ host: String) {
        #expect(EndpointSafety.verdict(host: host) == .publicHost, "\(host)")
    }

    @Test(arguments: ["", "exa mple.com", "a..b", "1.2.3.4.5", "256.1.1.1.1", "[not-v6]", "-.com".replacingOccurrences(of: "-", with: "")])
    func whatIsNoHostIsInvalid(_ host: String) {
        guard case .invalid = EndpointSafety.verdict(host: host) else {
            Issue.record("\(host): \(EndpointSafety.verdict(host: host))")
            return
        }
    }
}
