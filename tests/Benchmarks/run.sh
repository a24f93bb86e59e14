#!/usr/bin/env bash
# The side-by-side benchmark: restores TorchSharp-cpu (for this project only; the course's solution never
# does), builds it (the build patches libLibTorchSharp.so's GLIBCXX_3.4.32 requirement, see
# Engine.Benchmarks/Build/WeakenVersionRequirement.cs), then measures everything in one run and writes
# tests/Benchmarks/results/benchmark.json and benchmark.md. Takes ~4 minutes on 2 cores; needs Fashion-MNIST
# (apt-get install dataset-fashion-mnist). Options after --no-build go to the program (--sizes, --models, ...).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${1:-}" == "--no-build" ]]; then
    shift
else
    dotnet build -c Release tests/Benchmarks/Engine.Benchmarks
fi
dotnet tests/Benchmarks/Engine.Benchmarks/bin/Release/net10.0/engine-benchmarks.dll "$@"
