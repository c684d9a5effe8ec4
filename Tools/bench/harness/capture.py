"""From the service's logged statements to a pgbench script: the transactions read back from the csv log
(per session, BEGIN … COMMIT, with bound parameters), the most common sequence picked, and the replay
script that runs it with unique or held values (Tools/bench/README.md, "How the replay script is made")."""

import collections
import csv
import re

from .commands import BenchError

# Where pgbench's unique values start (see replay_script); the service's UUIDv7 ids begin with the time.
UUID_PREFIX = 0xB0000000


def parse_parameters(detail):
    """'parameters: $1 = 'a''b', $2 = NULL' → {1: "a'b", 2: None}"""
    params = {}
    if not detail.startswith("parameters: "):
        return params
    s, i = detail, len("parameters: ")
    while i < len(s):
        m = re.compile(r"\$(\d+) = ").match(s, i)
        if not m:
            raise BenchError(f"unexpected parameter log: {detail[:200]}")
        number, i = int(m.group(1)), m.end()
        if s.startswith("NULL", i):
            value, i = None, i + 4
        else:
            assert s[i] == "'", detail
            i += 1
            chunks = []
            while True:
                j = s.index("'", i)
                chunks.append(s[i:j])
                if s.startswith("''", j):
                    chunks.append("'")
                    i = j + 2
                else:
                    i = j + 1
                    break
            value = "".join(chunks)
        params[number] = value
        if s.startswith(", ", i):
            i += 2
    return params


def keyword(text):
    return re.sub(r"[\s;]+$", "", text.strip()).upper()


csv.field_size_limit(2**31 - 1)  # a logged statement with its parameters may be long


def capture_transactions(cluster, offset, db, user):
    """The service's transactions in the log since `offset`: per session, BEGIN … COMMIT, each statement
    with its text and parameters. Transactions cut by the start or the end of logging are left out."""
    sessions = collections.defaultdict(list)
    for row in cluster.log_rows(offset):
        if len(row) < 15 or row[1] != user or row[2] != db or row[11] != "LOG":
            continue
        message, detail = row[13], row[14]
        if message.startswith("statement: "):
            text = message[len("statement: "):]
        elif message.startswith("execute "):
            text = message.split(": ", 1)[1]
        else:
            continue
        sessions[row[5]].append((int(row[6]), text, parse_parameters(detail)))
    transactions, outside = [], 0
    for statements in sessions.values():
        statements.sort(key=lambda s: s[0])
        current = None
        for _, text, params in statements:
            word = keyword(text)
            if word in ("BEGIN", "START TRANSACTION") or word.startswith("BEGIN ") or word.startswith("START TRANSACTION "):
                current = [(text, params)]
            elif current is None:
                outside += 1
            elif word in ("COMMIT", "END"):
                current.append((text, params))
                transactions.append(current)
                current = None
            elif word == "ROLLBACK":
                current = None
            else:
                current.append((text, params))
    return transactions, outside


def most_common_sequence(transactions):
    """The statement sequence most captured transactions share, how many share it, and those transactions."""
    shapes = collections.Counter(tuple(text for text, _ in tx) for tx in transactions)
    shape, count = shapes.most_common(1)[0]
    sample = [tx for tx in transactions if tuple(text for text, _ in tx) == shape]
    return shape, count, sample


# ---------------------------------------------------------------------------------------------- replay

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
INT_RE = re.compile(r"^-?\d+$")
CONSTANT_SHAPES = [
    ("date/time", re.compile(r"^\d{4}-\d{2}-\d{2}")),
    ("bytea", re.compile(r"^\\x[0-9a-fA-F]*$")),
    ("hex digest", re.compile(r"^[0-9a-fA-F]{32,}$")),
    ("number", re.compile(r"^-?\d+\.\d+$")),
]
PGBENCH_NAMES = re.compile(r":(client_id|scale|random_seed|bench_\w+)")


def literal(value):
    if value is None:
        return "NULL"
    if PGBENCH_NAMES.search(value):
        raise BenchError(f"a captured value contains a pgbench variable reference: {value[:80]!r}")
    return "'" + value.replace("'", "''") + "'"


def replay_script(transactions, clients):
    """A pgbench script that runs the statements of the service's transaction, in its order, with its
    parameters: values that were the same in every captured transaction as they were; values that
    differed made unique per pgbench transaction where uniqueness may matter (UUIDs, numbered strings),
    drawn from the observed range (integers), or held at the first captured value (times, bytes, digests).

    Unique values come from a per-client counter (`-D bench_n=0`, incremented per transaction) and the
    client's number: bench_u = 1nnnnnnnnccc, increasing over time like the service's UUIDv7 ids. The K-th
    group of unique values is 'b000000K-0000-7000-8000-<bench_u>' (UUIDs) or '<prefix>K<bench_u>'."""
    if clients >= 1000:
        raise BenchError("replay ids assume fewer than 1000 clients")
    first = transactions[0]
    positions = [(i, n) for i, (_, params) in enumerate(first) for n in sorted(params)]
    vectors = {p: tuple(tx[p[0]][1].get(p[1]) for tx in transactions) for p in positions}
    groups = collections.OrderedDict()  # value vector → positions sharing it (the same value in every tx)
    for p in positions:
        groups.setdefault(vectors[p], []).append(p)
    substitution, setup, varied, constant = {}, [], [], []
    k = 0  # unique values: one per group, told apart by their prefix; random integers: a variable each
    for vector, where in groups.items():
        sample = vector[0]
        label = ", ".join(f"statement {i + 1} ${n}" for i, n in where)
        if len(set(vector)) == 1:
            text = literal(sample)
        elif all(v is not None and UUID_RE.match(v) for v in vector):
            k += 1
            text = f"'{UUID_PREFIX + k:08x}-0000-7000-8000-:bench_u'"
            varied.append({"parameters": label, "sample": sample, "as": "unique UUID"})
        elif all(v is not None and INT_RE.match(v) for v in vector):
            k += 1
            low, high = min(int(v) for v in vector), max(int(v) for v in vector)
            setup.append(f"\\set bench_v{k} random({low}, {high})")
            text = f"':bench_v{k}'"
            varied.append({"parameters": label, "sample": sample, "as": f"random integer in [{low}, {high}]"})
        else:
            shape = next((name for name, rx in CONSTANT_SHAPES if all(v is not None and rx.match(v) for v in vector)), None)
            trailing = re.match(r"^(.*?)(\d+)$", sample or "", re.S)
            if shape is None and trailing and all(v is not None and re.search(r"\d$", v) for v in vector):
                k += 1
                text = literal(trailing.group(1))[:-1] + f"{k}:bench_u'"
                varied.append({"parameters": label, "sample": sample, "as": "unique numbered string"})
            else:
                text = literal(sample)
                constant.append({"parameters": label, "sample": sample[:120] if sample else sample,
                                 "shape": shape or "text"})
        for p in where:
            substitution[p] = text
    lines = ["\\set bench_n :bench_n + 1", "\\set bench_u 100000000000 + :bench_n * 1000 + :client_id", *setup]
    for i, (sql, params) in enumerate(first):
        def param(m):
            n = int(m.group(1))
            if n not in params:
                raise BenchError(f"statement {i + 1} uses ${n}, which the log did not show: {sql}")
            return substitution[(i, n)]
        body = re.sub(r"\$(\d+)(?!\d)", param, sql.strip())
        lines.append(body if body.endswith(";") else body + ";")
    return "\n".join(lines) + "\n", varied, constant
