.PHONY: run test install lock upgrade topology-check lint format bench

run:            ## install, load the RoH criteria set and a demo inspection, serve on :8000
	scripts/run_demo.sh

test:           ## the whole test suite (PostgreSQL if DATABASE_URL points at it); ARGS="..." go to pytest
	scripts/test.sh $(ARGS)

install:
	scripts/install.sh

lock:           ## recompile requirements/*.txt after a change to pyproject.toml, keeping locked versions
	scripts/lock.sh

upgrade:        ## move every locked package to the newest version pyproject.toml allows
	scripts/lock.sh --upgrade

topology-check: ## gunicorn + db_worker + PostgreSQL (DATABASE_URL's server) checked end to end, as in CI
	scripts/topology_check.sh

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

bench:
	.venv/bin/python bench/run_all.py
