"""Development tokens until the CLI's `aftersales token` exists: an Ed25519 operator key kept in a file,
its JSON Web Key Set for AUTH_JWKS, and tokens signed with it. Needs PyJWT (`make test-python` installs it).

    dev_token.py KEY_FILE jwks
    dev_token.py KEY_FILE token TENANT_UUID ROLE[,ROLE…] [MERCHANT_UUID]
"""
import base64
import json
import os
import sys
import time
import uuid

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KID = "dev-1"


def load_key(path):
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        with open(path, "wb") as f:
            f.write(pem)
        os.chmod(path, 0o600)
    with open(path, "rb") as f:
        return serialization.load_pem_private_key(f.read(), password=None)


def main(argv):
    key = load_key(argv[1])
    if argv[2] == "jwks":
        raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        print(json.dumps({"keys": [{"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "kid": KID, "x": x}]}))
        return 0
    if argv[2] == "token":
        now = int(time.time())
        claims = {"iss": "aftersales-operator", "aud": "aftersales", "sub": "dev", "iat": now, "nbf": now,
                  "exp": now + 8 * 3600, "jti": str(uuid.uuid4()), "tid": argv[3], "roles": argv[4].split(",")}
        if len(argv) > 5:
            claims["mid"] = argv[5]
        print(jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": KID}))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
