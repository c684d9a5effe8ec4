import Foundation
import JWTKit

/// The claims of an access token (DESIGN §9). jwt-kit decodes and checks the signature; the time and
/// audience checks are ours (``TokenAuthenticator``), with a stated skew against the wall clock.
struct AccessClaims: JWTPayload {
    var iss: IssuerClaim
    var aud: AudienceClaim
    var sub: SubjectClaim
    var iat: IssuedAtClaim?
    var nbf: NotBeforeClaim
    var exp: ExpirationClaim
    var jti: IDClaim?
    /// The tenant (absent on `service` and `platform_operator` tokens).
    var tid: String?
    var roles: [String]
    /// The merchant, on merchant tokens only.
    var mid: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// The JOSE header fields we decide on before any key is touched.
struct TokenHeader: Decodable {
    var alg: String?
    var kid: String?

    /// Decodes the first segment of a compact JWS; nil when it is not base64url JSON.
    init?(token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Data(base64URL: String(parts[0])),
            let header = try? JSONDecoder().decode(TokenHeader.self, from: data)
        else { return nil }
        self = header
    }
}

extension Data {
    /// base64url without padding (RFC 7515 §2).
    init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}
