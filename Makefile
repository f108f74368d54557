# mailbot: the two commands a newcomer needs are `make run` and `make test`.
# Both set themselves up: a virtualenv in .venv with mailbot installed (editable),
# and for the tests the Dovecot and PostgreSQL servers the suite starts on loopback.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-stamp

.PHONY: run test bench lint venv test-servers clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

run: venv            ## run the bot on the embedded default (SMTP on 127.0.0.1:2525)
	$(BIN)/mailbot run

test-servers:        ## install Dovecot/PostgreSQL from Debian's packages when missing
	bash tests/servers/ensure.sh

test: venv test-servers   ## the whole test suite (unit, integration, end-to-end)
	$(BIN)/python -m pytest

bench: venv test-servers  ## bench/burst.py: 2,000 mails through Dovecot and mailbot
	$(BIN)/python bench/burst.py

lint: venv
	$(BIN)/ruff check mailbot tests bench
	$(BIN)/mypy mailbot

clean:
	rm -rf $(VENV) var .pytest_cache
