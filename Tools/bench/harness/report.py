"""The output of a run: each scenario's result as `bench/results/<date>-<scenario>.json`, and the table on stdout."""

import json
import os
import re


def write_result(result, results_dir):
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"{result['date']}-{result['scenario']}.json"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    os.replace(tmp, path)
    return path


def fmt(value, digits=2):
    return "-" if value is None else f"{value:,.{digits}f}"


def print_tables(results):
    http = [r for r in results if "service" in r]
    if http:
        print(f"{'scenario':<16}{'service req/s':>14}{'p50':>8}{'p90':>8}{'p99':>8}{'max':>9}  |{'pgbench tps':>12}{'p50':>8}{'p90':>8}{'p99':>8}  |{'ratio':>7}")
        for r in http:
            s, p = r["service"], r["pgbench"]
            print(f"{r['scenario']:<16}{fmt(s['requests_per_s'], 0):>14}{fmt(s['p50_ms']):>8}{fmt(s['p90_ms']):>8}{fmt(s['p99_ms']):>8}"
                  f"{fmt(s['max_ms'], 1):>9}  |{fmt(p['tps'], 0):>12}{fmt(p['p50_ms']):>8}{fmt(p['p90_ms']):>8}{fmt(p['p99_ms']):>8}"
                  f"  |{fmt(r['ratio'], 3):>7}")
        print("(latencies in ms; ratio = service req/s ÷ pgbench tps of the same statements, same run)")
        for r in http:
            s, p = r["service"], r["pgbench"]
            print(f"\n{r['scenario']} ({r['settings']['binaries']} build, {r['settings']['connections']} connections, "
                  f"{r['settings']['duration_s']} s): CPU cores service {s['cpu_cores'].get('service')}, "
                  f"postgres {s['cpu_cores']['postgres']}, wrk {s['cpu_cores']['wrk']} | pgbench run: "
                  f"postgres {p['cpu_cores']['postgres']}, pgbench {p['cpu_cores']['pgbench']}")
            print(f"{'calls/req':>9}{'mean ms':>9}{'pgb/tx':>8}{'pgb ms':>8}  statement (pg_stat_statements)")
            for st in r["statements"]:
                query = re.sub(r"\s+", " ", st["query"]).strip()
                print(f"{st['calls_per_request']:>9.2f}{st['mean_ms']:>9.3f}{fmt(st.get('pgbench_calls_per_transaction')):>8}"
                      f"{fmt(st.get('pgbench_mean_ms'), 3):>8}  {query[:110]}{'…' if len(query) > 110 else ''}")
    for r in results:
        if "results" in r:
            print(f"\n{r['scenario']} ({' '.join(r['settings']['command'])}, {r['settings']['binaries']} build):")
            for row in r["results"]:
                print("  " + "  ".join(f"{k}={fmt(v, 0) if isinstance(v, (int, float)) else v}" for k, v in row.items()))
