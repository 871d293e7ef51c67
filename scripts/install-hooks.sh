#!/usr/bin/env bash
# One command to install the pre-commit hook: bash scripts/install-hooks.sh
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
hooks=$(git rev-parse --git-path hooks)
mkdir -p "$hooks"
ln -sf "$PWD/scripts/pre-commit" "$hooks/pre-commit"
echo "installed $hooks/pre-commit -> scripts/pre-commit"
