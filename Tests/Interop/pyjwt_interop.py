"""An independent implementation of our token format (PyJWT), so our code is never the only judge of
our signatures.

    pyjwt_interop.py mint KEY_PEM_FILE KID CLAIMS_JSON   -> prints a compact EdDSA JWS
    pyjwt_interop.py verify PUBLIC_PEM_FILE TOKEN AUDIENCE ISSUER -> prints the claims, exit 1 if refused
    pyjwt_interop.py verify-jwks JWKS_URL TOKEN AUDIENCE ISSUER -> the same, with the key fetched from a
        published key set by the token's kid, as a partner verifies Dispatch's tokens
"""
import json
import sys

import jwt


def main(argv):
    if argv[1] == "mint":
        with open(argv[2], "rb") as f:
            key = f.read()
        print(jwt.encode(json.loads(argv[4]), key, algorithm="EdDSA", headers={"kid": argv[3]}))
        return 0
    if argv[1] == "verify":
        with open(argv[2], "rb") as f:
            key = f.read()
        try:
            claims = jwt.decode(argv[3], key, algorithms=["EdDSA"], audience=argv[4], issuer=argv[5])
        except jwt.PyJWTError as error:
            print("refused: %s" % error)
            return 1
        print(json.dumps(claims, sort_keys=True))
        return 0
    if argv[1] == "verify-jwks":
        try:
            key = jwt.PyJWKClient(argv[2], cache_keys=False, timeout=10).get_signing_key_from_jwt(argv[3])
            claims = jwt.decode(argv[3], key.key, algorithms=["EdDSA"], audience=argv[4], issuer=argv[5])
        except jwt.PyJWTError as error:
            print("refused: %s" % error)
            return 1
        print(json.dumps(claims, sort_keys=True))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
