"""What ran in PostgreSQL: pg_stat_statements read for one role and database, and the service's statements
per request matched to the positions of the replayed transaction and to what pgbench ran."""

import collections
import re


def normalized(sql):
    """A statement's shape, the same for the service's text ($n), pgbench's (literals) and
    pg_stat_statements' (constants as $n)."""
    s = re.sub(r"'(?:[^']|'')*'", "?", sql)
    s = re.sub(r"\$\d+", "?", s)
    s = re.sub(r"\b(?:\d+(?:\.\d+)?|true|false|TRUE|FALSE|NULL|null)\b", "?", s)
    s = re.sub(r"\s+", " ", s).strip().rstrip(";").strip()
    return s


STATEMENTS_SQL = """
SELECT s.query, s.calls, s.rows, s.mean_exec_time AS mean_ms, s.total_exec_time AS total_ms
FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid JOIN pg_roles r ON r.oid = s.userid
WHERE d.datname = '{db}' AND r.rolname = '{user}' ORDER BY s.calls DESC, s.query
"""


# Every role and database of the run (the request, the relays, the sinks, the timers), heaviest first: where the
# database's CPU went.
ALL_STATEMENTS_SQL = """
SELECT d.datname AS db, r.rolname AS role, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 160) AS query, s.calls,
       round(s.mean_exec_time::numeric, 4) AS mean_ms, round(s.total_exec_time::numeric, 1) AS total_ms,
       round(s.shared_blks_hit::numeric / greatest(s.calls, 1), 1) AS blocks_per_call, s.rows
FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid JOIN pg_roles r ON r.oid = s.userid
ORDER BY s.total_exec_time DESC LIMIT 25
"""


def match_statements(service_statements, pgbench_statements, shape, requests, pg_transactions):
    """The service's statements of the measured run that belong to the operation (run at least every other
    request, or part of the replayed transaction), each with its calls per request, its positions in the
    replayed transaction and pgbench's figures for the same statement. Also returns the service's statements
    that the replay lacks (`unmatched`) and the replayed ones the service did not run (`missing`)."""
    replay_shapes = [normalized(text) for text in shape]
    pgbench_by_shape = collections.defaultdict(lambda: {"calls": 0, "total_ms": 0.0})
    for s in pgbench_statements:
        entry = pgbench_by_shape[normalized(s["query"])]
        entry["calls"] += s["calls"]
        entry["total_ms"] += s["total_ms"]
    statements, unmatched = [], []
    for s in service_statements:
        key = normalized(s["query"])
        positions = [i + 1 for i, r in enumerate(replay_shapes) if r == key]
        per_request = s["calls"] / requests
        if per_request < 0.5 and not positions:
            continue  # not on the operation's path (readiness checks, the purge, the tail of the warm-up)
        entry = {"query": s["query"], "calls": s["calls"], "calls_per_request": round(per_request, 3),
                 "mean_ms": round(s["mean_ms"], 4), "total_ms": round(s["total_ms"], 1), "rows": s["rows"],
                 "replay_positions": positions}
        theirs = pgbench_by_shape.get(key)
        if theirs and pg_transactions:
            entry["pgbench_calls_per_transaction"] = round(theirs["calls"] / pg_transactions, 3)
            entry["pgbench_mean_ms"] = round(theirs["total_ms"] / theirs["calls"], 4) if theirs["calls"] else None
        if not positions:
            unmatched.append(s["query"])
        statements.append(entry)
    missing = [text for text, key in zip(shape, replay_shapes)
               if not any(normalized(s["query"]) == key for s in service_statements)]
    return statements, unmatched, missing
