# Every target sets up what it needs on a fresh machine (virtual environments under .cache/).
.PHONY: test demo bench clean

test:
	bash tests/utils/run-tests.sh

demo:
	bash tests/utils/demo.sh

bench:
	bash tests/utils/bench.sh

clean:
	rm -rf .cache tests/output
