#!/usr/bin/env bash
# Redaction cost per megabyte of written text with 1, 10 and 50 secrets (bench/redact.jsh).
set -euo pipefail
JAR=${1:-target/secaudit.jar}
exec jshell --class-path "$JAR" "$(dirname "$0")/redact.jsh"
