# Thusong Bot: `make run` serves the bot, `make test` runs every test. Both set everything up
# (virtual environment, packages, catalogs, content database) and redo only what changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
DB := instance/thusong.sqlite3
CONTENT := $(shell find content -name '*.yaml' 2>/dev/null)
MIGRATIONS := $(wildcard bot/migrations/versions/*.py)
PO := $(wildcard locales/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)
# The console's own domain (locales/console.pot): English first, a language once translated.
CONSOLE_PO := $(wildcard locales/*/LC_MESSAGES/console.po)
CONSOLE_MO := $(CONSOLE_PO:.po=.mo)

.PHONY: run test check constraints install catalogs extract-messages update-catalogs content bench bench-reminders load scale-out eval clean

run: $(VENV)/.installed catalogs $(DB)
	@echo "Thusong Bot: http://127.0.0.1:$(PORT)  (Ctrl-C stops it)"
	@HOST=127.0.0.1 PORT=$(PORT) PATH="$(CURDIR)/$(BIN):$$PATH" sh scripts/run_local.sh

test: $(VENV)/.installed-test catalogs
	$(BIN)/pytest -q -rs

install: $(VENV)/.installed catalogs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Packages: the versions in constraints.txt (tested together); the extras are in pyproject.toml.
PIP_INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check --constraint constraints.txt

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -e '.[postgres,redis]'
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -e '.[test]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-check: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -e '.[check]'
	touch $@

# Lint, format and types (ruff and mypy, configured in pyproject.toml); CI runs it before the tests.
CHECKED := bot tests bench scripts eval gunicorn.conf.py
check: $(VENV)/.installed-check
	$(BIN)/ruff check $(CHECKED)
	$(BIN)/ruff format --check $(CHECKED)
	$(BIN)/mypy

# Pin again: every package of every extra at its newest allowed version, in a scratch venv.
constraints:
	rm -rf /tmp/thusong-constraints && $(PYTHON) -m venv /tmp/thusong-constraints
	/tmp/thusong-constraints/bin/pip install --quiet --disable-pip-version-check '.[test,check]'
	(echo "# Versions tested together (make constraints writes this file; the Makefile installs with it)."; /tmp/thusong-constraints/bin/pip freeze --exclude thusong-bot) > constraints.txt
	rm -rf /tmp/thusong-constraints

# Catalogs: compiled at install, never committed.
catalogs: $(MO) $(CONSOLE_MO)

locales/%/LC_MESSAGES/messages.mo: locales/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/pybabel compile --domain=messages --directory=locales --locale=$* --use-fuzzy --statistics

locales/%/LC_MESSAGES/console.mo: locales/%/LC_MESSAGES/console.po | $(VENV)/.installed
	$(BIN)/pybabel compile --domain=console --directory=locales --locale=$* --use-fuzzy --statistics

extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract --mapping-file=babel.cfg --output-file=locales/messages.pot \
		--project="Thusong Bot" --keyword=N_ --no-wrap --sort-by-file .
	$(BIN)/pybabel extract --mapping-file=babel-console.cfg --output-file=locales/console.pot \
		--project="Thusong Bot console" --keyword=l_ --no-wrap --sort-by-file --omit-header .

update-catalogs: extract-messages
	$(BIN)/pybabel update --input-file=locales/messages.pot --output-dir=locales --no-wrap --ignore-obsolete

# The content store: rebuilt from content/ when it is missing or older than any content file.
$(DB): $(CONTENT) $(MIGRATIONS) | $(VENV)/.installed
	$(BIN)/flask --app bot content load
	touch $@

content: $(VENV)/.installed
	$(BIN)/flask --app bot content load

bench: $(VENV)/.installed-test catalogs $(DB)
	$(BIN)/python -m bench

# 10,000 people reminded of one service day: planned, queued on Redis (REDIS_URL, default the
# local one's db 12) and sent by two RQ workers through a fake Twilio client at REMINDER_SEND_RATE.
bench-reminders: $(VENV)/.installed-test catalogs $(DB)
	$(BIN)/python -m bench.reminders $(BENCH_ARGS)

# 1,000 concurrent conversations for 60 s against gunicorn, then consistency checks (needs wrk).
load: $(VENV)/.installed catalogs
	$(BIN)/python -m bench.load $(LOAD_ARGS)

# The same load through nginx (deploy/nginx-thusong.conf) in front of two app servers sharing one
# PostgreSQL (SCALE_DATABASE, dropped and created afresh) and one Redis (needs wrk and nginx).
SCALE_DATABASE ?= postgresql+psycopg://postgres@127.0.0.1:5432/thusong_load
scale-out: $(VENV)/.installed catalogs
	$(BIN)/python -m bench.load --servers 2 --database $(SCALE_DATABASE) $(LOAD_ARGS)

# Understanding scored over the API on ../shared/eval's development sets and eval/blind*.jsonl: per language,
# intent and check (scripts/evaluate.py; EVAL_ARGS="--failures" lists every miss).
eval: $(VENV)/.installed catalogs $(DB)
	$(BIN)/python scripts/evaluate.py $(EVAL_ARGS)

clean:
	rm -rf $(VENV) instance $(MO) .pytest_cache .hypothesis
