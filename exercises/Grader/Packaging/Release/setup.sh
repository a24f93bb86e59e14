#!/usr/bin/env bash
# Sets up the learner's copy of the course, safely again and again: Jupyter with the .NET (C#) kernel, then a
# Release build of the course kit, which puts the engine and everything the notebooks load into notebooks/lib/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash notebooks/setup-jupyter.sh
dotnet build notebooks/Kit -c Release -v quiet -nologo
echo "Ready: open notebooks/00-start-here.ipynb in Jupyter and pick the .NET (C#) kernel."
