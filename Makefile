# Two commands on a fresh machine (README): `make run` starts the service on the embedded
# defaults (SQLite + in-process store); `make test` runs the test suite.
PYTHON ?= python3.11
VENV   ?= .venv
PY      = $(VENV)/bin/python

.PHONY: install install-dev bytecode run test lint bench eval clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip setuptools wheel

install: $(VENV)/bin/python
	$(PY) -m pip install -q -e .
	$(MAKE) bytecode

install-dev: $(VENV)/bin/python
	$(PY) -m pip install -q -e '.[dev]'
	$(MAKE) bytecode

# Our own modules compiled ahead: a process that may not write __pycache__ (PYTHONDONTWRITEBYTECODE,
# a service user without write access to the code) would compile ~235 of them at every start
# (~0.25 s of CPU). Python checks each against its source, so a stale one is never used.
bytecode:
	$(PY) -m compileall -q bluecard bot policy_kb handlers miniapp_api console wsgi.py gunicorn.conf.py

run: install
	$(VENV)/bin/flask --app wsgi bluecard migrate
	$(VENV)/bin/flask --app wsgi run --host $${HOST:-127.0.0.1} --port $${PORT:-5000}

test: install-dev
	$(PY) -m pytest -q

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: install
	$(PY) scripts/bench_search.py

eval: install
	-$(PY) ../shared/eval/kb_eval.py ../shared/eval/qa_dev.jsonl
	-$(PY) ../shared/eval/kb_eval.py ../shared/eval/qa_dev2.jsonl
	-$(PY) ../shared/eval/dialogue_eval.py ../shared/eval/dialogues_dev.jsonl
	-$(PY) ../shared/eval/elig_eval.py ../shared/eval/elig_dev.jsonl
	-$(PY) ../shared/eval/kb_eval.py tests/data/tune_blind_qa.jsonl
	-$(PY) ../shared/eval/kb_eval.py tests/data/qa_heldout.jsonl
	-$(PY) ../shared/eval/elig_eval.py tests/data/elig_heldout.jsonl

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache *.egg-info
