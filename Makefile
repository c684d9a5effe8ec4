# The after-sales platform. Two commands for a newcomer: `make test` (and, with the platform issue, `make run`).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

SERVICES  := intake
PGBIN     ?= /usr/lib/postgresql/15/bin
# Cluster data lives under /tmp: the postgres user must be able to reach it, which a checkout under /root
# (mode 0700) would not allow. One directory per checkout.
CHECKOUT_ID := $(shell echo "$(CURDIR)" | md5sum | cut -c1-8)
TEST_PGROOT ?= /tmp/aftersales-$(CHECKOUT_ID)/test-postgres
TEST_PGPORT ?= 55433
# PyJWT, the independent implementation our tokens are checked against (from PyPI, in a venv of its own).
PYJWT_VENV ?= /tmp/aftersales-$(CHECKOUT_ID)/pyjwt
BIN_DIR    = $(shell swift build --show-bin-path)

.PHONY: test build bench docker-config test-db test-db-down test-python clean

build:
	swift build --build-tests

# A fresh test cluster each run; one template database per service, provisioned and migrated with the
# real executables; `swift test` then clones a database per suite (DESIGN §7).
test: build test-python
	trap '$(MAKE) --no-print-directory test-db-down' EXIT; \
	$(MAKE) --no-print-directory test-db; \
	AFTERSALES_TEST_PG_PORT=$(TEST_PGPORT) AFTERSALES_TEST_PG_ROOT=$(TEST_PGROOT) \
	AFTERSALES_BIN_DIR=$(BIN_DIR) AFTERSALES_PGBIN=$(PGBIN) AFTERSALES_PYTHON=$(PYJWT_VENV)/bin/python \
	swift test --skip-build

test-python:
	test -x $(PYJWT_VENV)/bin/python && $(PYJWT_VENV)/bin/python -c 'import jwt, cryptography' 2>/dev/null || { \
	  python3 -m venv $(PYJWT_VENV) && $(PYJWT_VENV)/bin/pip install --quiet 'pyjwt[crypto]==2.10.1'; }

# Throughput figures. So far the pure policy engine: evaluations per second on one core, per preset
# (the database-bound benchmarks arrive with the platform issue and report ratios to PostgreSQL's ceiling).
bench:
	swift build -c release --product policy-bench
	$$(swift build -c release --show-bin-path)/policy-bench 20000

# No Docker engine is needed: the compose file and Dockerfile are checked against Package.swift and the
# services' configuration registries.
docker-config: build
	swift test --skip-build --filter DeploymentFilesTests

test-db:
	Tools/dev/pg-cluster.sh fresh $(TEST_PGROOT) $(TEST_PGPORT)
	for service in $(SERVICES); do \
	  env DB_HOST=127.0.0.1 DB_PORT=$(TEST_PGPORT) DB_NAME=$${service}_template DB_USER=$${service}_app \
	      DB_OWNER_USER=$${service}_owner LOG_LEVEL=warning \
	      sh -c "$(BIN_DIR)/$$service provision && $(BIN_DIR)/$$service migrate"; \
	done

test-db-down:
	Tools/dev/pg-cluster.sh down $(TEST_PGROOT)

clean:
	Tools/dev/pg-cluster.sh down $(TEST_PGROOT) || true
	rm -rf /tmp/aftersales-$(CHECKOUT_ID)
