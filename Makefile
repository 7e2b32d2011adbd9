.PHONY: run test install lint format bench

run:            ## install, load the RoH criteria set and a demo inspection, serve on :8000
	scripts/run_demo.sh

test:           ## the whole test suite (PostgreSQL if DATABASE_URL points at it); ARGS="..." go to pytest
	scripts/test.sh $(ARGS)

install:
	scripts/install.sh

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

bench:
	.venv/bin/python bench/run_all.py
