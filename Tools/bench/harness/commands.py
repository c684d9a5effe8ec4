"""Running external commands, and how the harness reports progress (stderr) and failure (BenchError)."""

import subprocess
import sys


class BenchError(Exception):
    """A failure that fails the scenario at hand; the run goes on with the next one."""


def say(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run(cmd, env=None, check=True, input=None, timeout=None):
    result = subprocess.run([str(c) for c in cmd], env=env, input=input, capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise BenchError(f"{' '.join(str(c) for c in cmd)} exited {result.returncode}:\n{result.stdout[-2000:]}{result.stderr[-4000:]}")
    return result
