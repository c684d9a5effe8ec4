"""The output of a run: each scenario's result as `bench/results/<date>-<scenario>.json`, and the table on stdout."""

import json
import os
import re


def write_result(result, results_dir):
    results_dir.mkdir(parents=True, exist_ok=True)
    profile = result.pop("profile", None)
    if profile:
        # A profiled run is written beside the others, never over the plain run's figures.
        result["scenario_file"] = f"{result['date']}-{result['scenario']}-profiled"
        (results_dir / f"{result['scenario_file']}.txt").write_text(profile)
    path = results_dir / f"{result.get('scenario_file') or result['date'] + '-' + result['scenario']}.json"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    os.replace(tmp, path)
    return path


def fmt(value, digits=2):
    return "-" if value is None else f"{value:,.{digits}f}"


def print_tables(results):
    for r in (r for r in results if "requests" in r and "seed" in r):
        print(f"{r['scenario']}: {sum(r['seed']['cases_by_tenant'].values()):,} cases, "
              f"{max(r['seed']['cases_by_tenant'].values()):,} in the tenant read ({r['settings']['binaries']} build)")
        print(f"{'request':<28}{'open-loop p50':>14}{'p99':>8}  |{'saturated/s':>12}{'p99':>8}  |{'PostgreSQL alone p50':>21}{'p99':>8}")
        for q in r["requests"]:
            o, s_, p = q["open_loop"], q["saturated"], q["postgres_alone"]
            print(f"{q['name']:<28}{fmt(o['p50_ms']):>14}{fmt(o['p99_ms']):>8}  |{fmt(s_['requests_per_s'], 0):>12}"
                  f"{fmt(s_['p99_ms']):>8}  |{fmt(p['p50_ms']):>21}{fmt(p['p99_ms']):>8}")
        print(f"(ms; open loop at {r['settings']['open_loop_rate_per_s']}/s, saturated: wrk 8 connections, "
              "PostgreSQL alone: the request's statements replayed by pgbench from one client)")
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
                  f"{r['settings']['duration_s']} s): CPU cores {s['cpu_cores']} | pgbench run: "
                  f"postgres {p['cpu_cores']['postgres']}, pgbench {p['cpu_cores']['pgbench']}")
            print(f"service CPU {fmt(s.get('cpu_us_per_request'), 0)} µs/request at saturation; "
                  f"{fmt(s.get('round_trips_per_request'))} round trips per request")
            if r.get("open_loop"):
                o = r["open_loop"]
                print(f"open loop {o['target_per_s']}/s: {fmt(o['requests_per_s'], 0)} req/s, p50 {fmt(o['p50_ms'])} p99 "
                      f"{fmt(o['p99_ms'])} ms, service CPU {fmt(o['cpu_us_per_request'], 0)} µs/request, cores {o['cpu_cores']}")
            if r.get("baseline"):
                b = r["baseline"]
                print(f"baseline {b['bin_dir']}: {fmt(b['requests_per_s'], 0)} req/s (p99 {fmt(b['p99_ms'])} ms), "
                      f"service CPU {fmt(b['cpu_us_per_request'], 0)} µs/request; speedup {fmt(r.get('speedup'))}×")
            print(f"{'calls/req':>9}{'mean ms':>9}{'pgb/tx':>8}{'pgb ms':>8}  statement (pg_stat_statements)")
            for st in r["statements"]:
                query = re.sub(r"\s+", " ", st["query"]).strip()
                print(f"{st['calls_per_request']:>9.2f}{st['mean_ms']:>9.3f}{fmt(st.get('pgbench_calls_per_transaction')):>8}"
                      f"{fmt(st.get('pgbench_mean_ms'), 3):>8}  {query[:110]}{'…' if len(query) > 110 else ''}")
    for r in results:
        if "burst" in r:
            b = r["burst"]
            print(f"\n{r['scenario']} ({' → '.join(r['services'])} → a local receiver, {r['event_type']}, "
                  f"{r['settings']['binaries']} build; latencies in ms: Intake's commit → the receiver's arrival, and → Notifications' inbox):")
            print(f"{'target/s':>9}{'achieved/s':>11}{'p50':>10}{'p99':>10}{'max':>10}{'relay p50':>11}{'relay p99':>11}  CPU µs per webhook")
            for run in r["steady_by_rate"]:
                lat, relay = run["commit_to_receipt"], run["relay_commit_to_inbox"]
                print(f"{run['target_per_s']:>9}{fmt(run['create_case']['requests_per_s'], 0):>11}{fmt(lat.get('p50_ms')):>10}"
                      f"{fmt(lat.get('p99_ms')):>10}{fmt(lat.get('max_ms')):>10}{fmt(relay.get('p50_ms')):>11}{fmt(relay.get('p99_ms')):>11}"
                      f"  {run['cpu_us_per_webhook']}")
            print(f"  goal at {r['settings']['rate_per_s']}/s: p99 < {r['goal']['p99_ms']} ms: {'met' if r['goal']['met'] else 'NOT met'}")
            print(f"  burst: {b['events']} events at {fmt(b['create_case_per_s'], 0)} CreateCase/s; {fmt(b['webhooks_delivered_per_s'], 0)} "
                  f"webhooks delivered/s (first commit → last arrival); drained {fmt(b['drain_after_burst_s'])} s after the burst; "
                  f"commit → receipt p99 {fmt(b['commit_to_receipt'].get('p99_ms'))} ms; repeats {r['repeated_arrivals']}; "
                  f"CPU cores {b['cpu_cores']}")
        elif "steady" in r:
            sat = r["saturation"]
            print(f"\n{r['scenario']} ({r['producer']} → {r['consumer']}, {r['event_type']}, {r['settings']['binaries']} build, "
                  f"{r['settings']['duration_s']} s runs; latencies in ms, commit → effect from commit timestamps):")
            print(f"{'target/s':>9}{'achieved/s':>11}{'p50':>10}{'p90':>10}{'p99':>10}{'max':>10}{'back p99':>10}  CPU cores")
            for run in r["steady_by_rate"]:
                lat, back = run["commit_to_effect"], run["return_commit_to_effect"]
                print(f"{run['target_per_s']:>9}{fmt(run['create_case']['requests_per_s'], 0):>11}{fmt(lat.get('p50_ms')):>10}"
                      f"{fmt(lat.get('p90_ms')):>10}{fmt(lat.get('p99_ms')):>10}{fmt(lat.get('max_ms')):>10}"
                      f"{fmt(back.get('p99_ms')):>10}  {run['cpu_cores']}  µs/event {run.get('cpu_us_per_event')}"
                      f"  round trips/event {run.get('round_trips_per_event')}")
            print(f"  goal at {r['settings']['rate_per_s']}/s: p99 < {r['goal']['p99_ms']} ms: {'met' if r['goal']['met'] else 'NOT met'}")
            print(f"  saturated: {sat['create_case_per_s']:,.0f} CreateCase/s, {sat['effects_per_s']:,.0f} effects/s, "
                  f"backlog {sat['backlog_at_end']} at the end, drained in {fmt(sat['drain_s'])} s; "
                  f"sustained {r['sustained_events_per_s']:,.0f} events/s; commit→effect p99 {fmt(sat['commit_to_effect'].get('p99_ms'))} ms; "
                  f"CPU cores {sat['cpu_cores']}")
        if "results" in r:
            print(f"\n{r['scenario']} ({' '.join(r['settings']['command'])}, {r['settings']['binaries']} build):")
            for row in r["results"]:
                print("  " + "  ".join(f"{k}={fmt(v, 0) if isinstance(v, (int, float)) else v}" for k, v in row.items()))
