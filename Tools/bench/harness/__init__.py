"""The pieces of the benchmark harness; `Tools/bench/bench.py` is the entry point that puts them together."""
