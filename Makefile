# `make demo` and `make test` work on a fresh machine with only python3 and pip.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS :=

.PHONY: install test demo bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,dask,gcp]'
	touch $(STAMP)

test: $(STAMP)
	$(PY) -m pytest -n auto tests  # one worker per core (pytest-xdist)

demo: $(STAMP)
	rm -rf demo-output
	$(VENV)/bin/codecurate run sample/dumps --output demo-output/dataset --config configs/default.yaml --optout sample/optout.txt
	$(VENV)/bin/codecurate verify demo-output/dataset --optout sample/optout.txt
	@echo "Dataset written to demo-output/dataset (open demo-output/dataset/README.md)"

bench: $(STAMP)
	$(PY) benchmarks/end_to_end.py

clean:
	rm -rf $(VENV) demo-output benchmarks/.out
