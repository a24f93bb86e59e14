#!/usr/bin/env bash
# README's first command. On a fresh Debian machine with the .NET 10 SDK it sets the course up (Jupyter and the
# .NET kernel for the notebooks, Chromium and KaTeX for the browser tests and the website, then a Release build of everything, which also builds the notebooks' library),
# and runs the main job: `dlc train`, by default the MLP on the embedded Fashion-MNIST subset. Arguments are
# passed to `dlc train` (try --help). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash notebooks/setup-jupyter.sh
bash notebooks/setup-browser.sh
dotnet build DeepLearningCourse.sln -c Release -v quiet -nologo
dotnet run -c Release --no-build --project engine/Cli -- train "$@"
