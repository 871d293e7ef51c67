#!/usr/bin/env bash
# One command to install the pre-commit hook: bash scripts/install-hooks.sh
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
ln -sf ../../scripts/pre-commit .git/hooks/pre-commit
echo "installed .git/hooks/pre-commit -> scripts/pre-commit"
