# Shafaf: the two commands (`make run`, `make test`) and their helpers.
# Everything runs inside .venv, created from requirements.txt on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000

.PHONY: run test test-browser bench backup restore check messages clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# A local .env (git-ignored) holds a random SECRET_KEY and DEBUG=1 for this checkout only;
# real deployments set the environment instead (README, "Settings").
.env:
	$(PYTHON) -c "import secrets; print('DEBUG=1'); print('SECRET_KEY=' + secrets.token_urlsafe(50))" > $@

run: $(VENV)/.installed .env
	$(PY) manage.py migrate --no-input
	$(PY) manage.py create_demo_users
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed .env
	$(BIN)/pytest -m "not browser"

test-browser: $(VENV)/.installed .env
	$(BIN)/pytest -m browser tests/browser

bench: $(VENV)/.installed .env
	$(PY) bench/run.py

backup: $(VENV)/.installed .env
	$(PY) manage.py backup

restore: $(VENV)/.installed .env
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/shafaf-….dump"; exit 2; }
	$(PY) manage.py restore "$(FILE)" --no-input

check: $(VENV)/.installed .env
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

messages: $(VENV)/.installed .env
	$(PY) manage.py makemessages --locale fa --no-obsolete --add-location file
	$(PY) manage.py compilemessages --locale fa --ignore ".venv"

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
