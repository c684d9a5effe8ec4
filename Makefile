# The after-sales platform. Two commands for a newcomer: `make test` (and, with the platform issue, `make run`).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

SERVICES  := intake dispatch returns repairs parts notifications
PGBIN     ?= /usr/lib/postgresql/15/bin
# Cluster data lives under /tmp: the postgres user must be able to reach it, which a checkout under /root
# (mode 0700) would not allow. One directory per checkout.
CHECKOUT_ID := $(shell echo "$(CURDIR)" | md5sum | cut -c1-8)
TEST_PGROOT ?= /tmp/aftersales-$(CHECKOUT_ID)/test-postgres
TEST_PGPORT ?= 55433
# The independent implementations our code is checked against, from PyPI in a venv of their own: PyJWT
# for tokens, schemathesis for the contracts (ContractFuzzTests), standardwebhooks for webhook signatures.
TEST_VENV ?= /tmp/aftersales-$(CHECKOUT_ID)/test-venv
PYJWT_VERSION        := 2.10.1
SCHEMATHESIS_VERSION := 4.32.5
STANDARDWEBHOOKS_VERSION := 1.1.0
BIN_DIR    = $(shell swift build --show-bin-path)
# `make bench`: a cluster of its own (with pg_stat_statements), fresh each run and removed at the end.
BENCH_PGROOT    ?= /tmp/aftersales-$(CHECKOUT_ID)/bench-postgres
BENCH_PGPORT    ?= 55434
BENCH_DURATION  ?= 20
BENCH_SCENARIOS ?=
# `make run`'s own cluster port (data in .data/postgres, or under /tmp when the postgres user cannot reach it).
RUN_PGPORT ?= 55432
RUN_ENV     = SERVICES="$(SERVICES)" PGBIN=$(PGBIN) PGPORT=$(RUN_PGPORT) CHECKOUT_ID=$(CHECKOUT_ID)

.PHONY: test build lint format bench profile docker-config test-db test-db-down test-python clean run run-clean
# The code the formatter owns: every Swift file of ours (generated code lives under .build and is not ours).
FORMATTED := Package.swift Shared Services Tools Tests

build:
	swift build --build-tests

# The toolchain's formatter with the project's `.swift-format` (Hummingbird's style): `make format` rewrites,
# `make lint` (part of `make test`) fails on any difference.
format:
	swift format format --in-place --recursive --parallel $(FORMATTED)

lint:
	swift format lint --strict --recursive --parallel $(FORMATTED)

# A fresh test cluster each run; one template database per service, provisioned and migrated with the
# real executables; `swift test` then clones a database per suite (DESIGN §7).
test: lint build test-python
	trap '$(MAKE) --no-print-directory test-db-down' EXIT; \
	$(MAKE) --no-print-directory test-db; \
	AFTERSALES_TEST_PG_PORT=$(TEST_PGPORT) AFTERSALES_TEST_PG_ROOT=$(TEST_PGROOT) \
	AFTERSALES_BIN_DIR=$(BIN_DIR) AFTERSALES_PGBIN=$(PGBIN) AFTERSALES_PYTHON=$(TEST_VENV)/bin/python \
	swift test --skip-build

test-python:
	$(TEST_VENV)/bin/python -c 'import jwt, cryptography, schemathesis, standardwebhooks' 2>/dev/null && \
	  $(TEST_VENV)/bin/st --version | grep -q ' $(SCHEMATHESIS_VERSION)$$' || { \
	  python3 -m venv $(TEST_VENV) && $(TEST_VENV)/bin/pip install --quiet \
	    'pyjwt[crypto]==$(PYJWT_VERSION)' 'schemathesis==$(SCHEMATHESIS_VERSION)' \
	    'standardwebhooks==$(STANDARDWEBHOOKS_VERSION)'; }

# Throughput figures (DESIGN §7), one file per scenario in bench/results/<date>-<scenario>.json and a table
# on stdout: each operation driven by wrk against its release build, next to the ceiling of the very
# statements it ran (from pg_stat_statements) replayed by pgbench in the same run; and the policy engine's
# evaluations per second. Scenarios live in Tools/bench/scenarios; `make bench BENCH_SCENARIOS=create-case`
# runs some, BENCH_DURATION=<seconds> shortens the measured runs. Installs wrk when missing (as root).
bench:
	products=$$(python3 Tools/bench/bench.py --list-products $(BENCH_SCENARIOS)); \
	for product in $$products; do swift build -c release --product $$product; done
	BIN_DIR=$$(swift build -c release --show-bin-path) BENCH_DURATION=$(BENCH_DURATION) BENCH_PGROOT=$(BENCH_PGROOT) \
	  BENCH_PGPORT=$(BENCH_PGPORT) PGBIN=$(PGBIN) python3 Tools/bench/bench.py $(BENCH_SCENARIOS)

# `make profile SCENARIO=create-case`: that scenario with `perf record -g` on the service during the measured
# run; its hottest frames (self and inclusive) go to bench/results/<date>-<scenario>-profiled.txt beside the
# run's figures. BENCH_BASELINE_BIN_DIR=<folder of an earlier commit's release binaries> adds, to any HTTP
# scenario of `make bench`, the same measured run of those binaries in the same run (their speedup).
SCENARIO ?= create-case
profile:
	products=$$(python3 Tools/bench/bench.py --list-products $(SCENARIO)); \
	for product in $$products; do swift build -c release --product $$product; done
	BIN_DIR=$$(swift build -c release --show-bin-path) BENCH_DURATION=$(BENCH_DURATION) BENCH_PGROOT=$(BENCH_PGROOT) \
	  BENCH_PGPORT=$(BENCH_PGPORT) PGBIN=$(PGBIN) python3 Tools/bench/bench.py --profile $(SCENARIO)

# No Docker engine is needed: the compose file and Dockerfile are checked against Package.swift and the
# services' configuration registries.
docker-config: build
	swift test --skip-build --filter DeploymentFilesTests

# The whole platform on this machine, no Docker (DESIGN §7): cluster, databases, keys, services, demo data.
# Ctrl-C stops everything and keeps the data; `make run-clean` deletes it (Tools/dev/run-platform.sh).
run:
	swift build
	$(RUN_ENV) BIN_DIR=$(BIN_DIR) Tools/dev/run-platform.sh run

run-clean:
	$(RUN_ENV) Tools/dev/run-platform.sh clean

test-db:
	Tools/dev/pg-cluster.sh fresh $(TEST_PGROOT) $(TEST_PGPORT)
	for service in $(SERVICES); do \
	  env DB_HOST=127.0.0.1 DB_PORT=$(TEST_PGPORT) DB_NAME=$${service}_template DB_USER=$${service}_app \
	      DB_OWNER_USER=$${service}_owner LOG_LEVEL=warning \
	      sh -c "$(BIN_DIR)/$$service provision && $(BIN_DIR)/$$service migrate"; \
	done

test-db-down:
	Tools/dev/pg-cluster.sh down $(TEST_PGROOT)

# Test and bench leftovers only: `make run`'s data (possibly under /tmp too) goes with `make run-clean`.
clean:
	Tools/dev/pg-cluster.sh down $(TEST_PGROOT) || true
	rm -rf $(TEST_PGROOT) $(TEST_VENV) $(BENCH_PGROOT)
