# Every target sets up what it needs on a fresh machine (virtual environments under .cache/).
.PHONY: test units demo bench clean

test:
	bash tests/utils/run-tests.sh

# The unit tests by pytest directly, in well under a minute: `make units`, or `make units K='semver and not range'`
# for those matching a pytest -k expression (tests/utils/units.sh takes any pytest arguments).
units:
	bash tests/utils/units.sh $(if $(K),-k '$(K)')

demo:
	bash tests/utils/demo.sh

bench:
	bash tests/utils/bench.sh

clean:
	rm -rf .cache tests/output
