#!/usr/bin/env bash
# Builds the course website: runs the learner's chapters (notebooks/NN-*.ipynb) in process, in fast mode, and writes
# a static folder, site/ by default (or the folder given): index.html, a page per chapter, assets/ (plotly.js once,
# KaTeX from Debian's libjs-katex, the search). It works offline: open site/index.html, or publish the folder as is
# (README.md, "The course as a website"). Safe to run again: the files are written over.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-site}"

if ! dpkg-query -W -f='${Status}' libjs-katex 2>/dev/null | grep -q "install ok installed"; then
    sudo=""
    if [[ $(id -u) -ne 0 ]]; then
        sudo="sudo"
    fi
    echo "Installing libjs-katex from Debian's packages (the site's math, typeset offline)..."
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libjs-katex >/dev/null
fi

# notebooks/lib/, which every chapter loads, and the runner.
dotnet build notebooks/Kit -c Release -nologo -v quiet
dotnet build notebooks/Runner -c Release -nologo -v quiet
COURSE_MODE="${COURSE_MODE:-fast}" dotnet notebooks/Runner/bin/Release/net10.0/notebook-runner.dll site --out "$out"
