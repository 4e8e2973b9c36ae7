#!/usr/bin/env bash
# Fresh virtual environment with every extra, for the tests and the integrations.
# torch comes first and pinned, so no package pulls a multi-GB CUDA build of it.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q torch==2.13.0
"$VENV/bin/python" -m pip install -q -e ".[all]"
# openrlhf 0.11.2 pins GPU-only packages; its reward-fetching code needs none of them.
"$VENV/bin/python" -m pip install -q --no-deps openrlhf==0.11.2
"$VENV/bin/python" -c "import safereward, verl, trl, openrlhf.utils.agent; print('safereward', safereward.__version__, 'ready in', '$VENV')"
