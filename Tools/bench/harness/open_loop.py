"""A steady, open-loop load: requests sent at a fixed rate whatever the answers' latency (wrk is closed-loop:
it sends the next request when the previous one is answered, so it cannot hold a rate). Plain HTTP/1.1
keep-alive connections on loopback, asyncio, standard library only.

Each request i is due at t0 + i / rate; a connection that is still waiting for an answer when the next
request is due leaves it to another connection, and if every connection is busy the request goes late.
Latency is measured from the request's due time (not its send time), so a late send counts against the
service rather than vanishing (no coordinated omission); `late_sends` says how many went out > 10 ms late.
"""

import asyncio
import time

from .commands import BenchError
from .drive import percentile


async def _read_answer(reader):
    """Status code of one HTTP/1.1 answer, its body consumed (Content-Length or chunked)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            key, value = line.split(":", 1)
            headers[key.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def _drive(port, path, headers_for, body_for, rate, seconds, connections):
    loop = asyncio.get_running_loop()
    total = int(rate * seconds)
    start = loop.time() + 0.1
    state = {"next": 0}
    latencies_us, statuses, late = [], {}, [0]

    async def connection():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while state["next"] < total:
                i = state["next"]
                state["next"] += 1
                due = start + i / rate
                wait = due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                elif -wait > 0.010:
                    late[0] += 1
                body = body_for(i).encode()
                head = "".join(f"{k}: {v}\r\n" for k, v in headers_for(i).items())
                writer.write(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {len(body)}\r\n{head}\r\n"
                             .encode() + body)
                await writer.drain()
                status = await asyncio.wait_for(_read_answer(reader), timeout=10)
                latencies_us.append(int((loop.time() - due) * 1e6))
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()

    began = time.monotonic()
    await asyncio.gather(*(connection() for _ in range(connections)))
    elapsed = time.monotonic() - began
    return latencies_us, statuses, late[0], elapsed


def drive_steady(port, path, headers_for, body_for, rate, seconds, connections=32):
    """Sends rate × seconds requests at a steady rate; returns what a wrk report would say, from due times."""
    try:
        latencies, statuses, late, elapsed = asyncio.run(
            _drive(port, path, headers_for, body_for, rate, seconds, connections))
    except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError) as error:
        raise BenchError(f"the steady driver lost its connection to 127.0.0.1:{port}: {error!r}")
    latencies.sort()
    errors = sum(n for status, n in statuses.items() if not 200 <= status < 300)
    return {
        "requests": len(latencies), "duration_s": round(elapsed, 3), "requests_per_s": round(len(latencies) / elapsed, 1),
        "target_per_s": rate, "late_sends": late, "non_2xx": errors, "statuses": statuses,
        "p50_us": percentile(latencies, 50), "p99_us": percentile(latencies, 99), "max_us": latencies[-1] if latencies else None,
    }
