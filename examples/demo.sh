#!/bin/sh
# The demo: mlgate on the bundled example repo.
set -u
cd "$(dirname "$0")"
mlgate --version
