"""Schemathesis hooks for ContractFuzzTests (loaded through SCHEMATHESIS_HOOKS).

Three things only:
- A generated Idempotency-Key that is valid is replaced by a fresh UUID: a key is bound to the first body
  sent under it, so a fuzzer reusing "0" with another body is refused by design (invalid_argument), which
  is not a disagreement between contract and validation. An invalid key (a negative case) is left as is.
- Every call is recorded, one JSON line per call in $CONTRACT_FUZZ_LOG: the operation, the generation mode
  and phase, the status, the fields an error named and, for an operation that keeps a field unique, that
  field's value as the service compares it. The Swift test draws its figures and checks from it.
- Hypothesis describes a strategy's lambdas by parsing their source with `ast`; with two workers (threads)
  two parses at once trip CPython 3.11's AST recursion check ("AST constructor recursion depth mismatch")
  and the run dies. Those descriptions are made one at a time.
"""

import json
import os
import re
import threading
import uuid

import schemathesis

try:
    from hypothesis.internal import lambda_sources as _lambda_sources

    _describe_lambda = _lambda_sources.lambda_description
    _one_parse_at_a_time = threading.Lock()

    def _described_alone(f):
        with _one_parse_at_a_time:
            return _describe_lambda(f)

    _lambda_sources.lambda_description = _described_alone
except (ImportError, AttributeError):  # another Hypothesis: nothing to serialise
    pass

KEY_HEADER = "Idempotency-Key"
VALID_KEY = re.compile(r"^[!-~]{1,255}$")
# The field each operation keeps unique in a tenant, compared as the service compares it: trimmed of the
# blanks the validation trims, ASCII letters case-folded (PostgreSQL's lower() in the C locale).
UNIQUE_FIELDS = {"CreateMerchant": "name", "CreatePart": "partNumber", "CreateSupplier": "name", "CreateStockLocation": "code"}
BLANKS = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200C)) + "\u2028\u2029\u202f\u205f\u3000"


def unique_value(operation, body):
    field = UNIQUE_FIELDS.get(operation)
    value = body.get(field) if field and isinstance(body, dict) else None
    if not isinstance(value, str):
        return None
    return "".join(c.lower() if "A" <= c <= "Z" else c for c in value.strip(BLANKS))


@schemathesis.hook
def before_call(context, case, kwargs):
    headers = case.headers or {}
    key = headers.get(KEY_HEADER)
    if isinstance(key, str) and VALID_KEY.match(key):
        headers[KEY_HEADER] = str(uuid.uuid4())
        case.headers = headers


@schemathesis.hook
def after_call(context, case, response):
    meta = case.meta
    fields = []
    code = None
    try:
        body = json.loads(response.content or b"null")
        if isinstance(body, dict):
            code = body.get("code")
            fields = [detail.get("field") for detail in body.get("details") or [] if isinstance(detail, dict)]
    except ValueError:
        pass
    operation = case.operation.definition.raw.get("operationId") or case.operation.label
    record = {
        "operation": operation,
        "mode": meta.generation.mode.value if meta else "unknown",
        "phase": meta.phase.name.value if meta else "unknown",
        "status": response.status_code,
        "code": code,
        "fields": fields,
        "unique": unique_value(operation, case.body),
    }
    with open(os.environ["CONTRACT_FUZZ_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps(record) + "\n")
