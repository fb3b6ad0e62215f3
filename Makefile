# Every target sets up what it needs on a fresh machine: nox and antsibull-nox in .cache/venvs/nox (updated when
# tests/utils/nox-requirements.txt changes), and each nox session its own virtual environment under .cache/nox/.
# Any one session: .cache/venvs/nox/bin/nox -s NAME (`nox -l` lists them; TESTING.md tells them all).
NOX_VENV := .cache/venvs/nox
NOX := $(NOX_VENV)/bin/nox

.PHONY: test units demo bench clean

# Every session of the suite, side by side; the last line says `N passed, N failed`.
test: $(NOX_VENV)/.stamp
	$(NOX_VENV)/bin/python tests/utils/run_all.py

# The unit tests by pytest directly, in well under a minute: `make units`, or `make units K='semver and not range'`
# for those matching a pytest -k expression (`nox -s pytest -- ARGS` takes any pytest arguments).
units: $(NOX_VENV)/.stamp
	$(NOX) -s pytest -- $(if $(K),-k '$(K)')

demo: $(NOX_VENV)/.stamp
	$(NOX) -s demo

# The figures on the oldest ansible-core, then the playbook rows on the newest (docs/performance.md).
bench: $(NOX_VENV)/.stamp
	$(NOX) -s bench-2.19 bench-2.22

# In place, never removed first: a make test running beside may be using it.
$(NOX_VENV)/.stamp: tests/utils/nox-requirements.txt
	test -x $(NOX_VENV)/bin/python || "$$(python3 tests/utils/harness.py find-python 3.13 3.12 3.11)" -m venv $(NOX_VENV)
	$(NOX_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(NOX_VENV)/bin/python -m pip install --quiet -r tests/utils/nox-requirements.txt
	touch $@

clean:
	rm -rf .cache tests/output
