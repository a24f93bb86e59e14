#!/usr/bin/env bash
# The GPU check: runs the kernel lab, a training-step timing (GPU backend against the fast CPU backend) and a
# short GPU training run on an NVIDIA machine that has no .NET installed. Two steps, from the repository root:
#
#   engine/Gpu/gpu-check.sh publish      here, with the .NET SDK: publishes engine/KernelLab and engine/Cli (dlc)
#                                     self-contained for linux-x64 (one .NET runtime inside, shared by both) into
#                                     artifacts/gpu-check/bundle.tar.gz
#   engine/Gpu/gpu-check.sh run [DIR]    there: unpacks the bundle and writes every result under DIR ($OUT if
#                                     none is given): nvidia-smi.txt, run.log, lab/ and odd-shapes/ (each a
#                                     kernel-lab.md and kernel-lab.json), step-timing.json, train-metrics.json,
#                                     ptxas.txt
#
# The bundle is a gzip archive rather than the publish folder so that it fits a 64 MiB transfer limit.
# See engine/Gpu/README.md.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
bundle_dir="$root/artifacts/gpu-check"
bundle="$bundle_dir/bundle.tar.gz"
max_bundle_mib=60

publish() {
    local stage
    stage=$(mktemp -d)
    trap "rm -rf '$stage'" EXIT
    # --artifacts-path keeps this RID-specific build out of the projects' own bin/ and obj/ folders.
    # Both programs into one folder: they share the runtime and the libraries (the same versions), which keeps
    # the archive under the transfer limit.
    local project
    for project in engine/KernelLab/KernelLab.csproj engine/Cli/Course.Cli.csproj; do
        dotnet publish "$root/$project" -c Release -r linux-x64 --self-contained \
            -p:DebugType=None -p:GenerateDocumentationFile=false \
            --artifacts-path "$stage/build" -o "$stage/bundle/app"
    done
    mkdir -p "$bundle_dir"
    tar -C "$stage/bundle" -czf "$bundle" .
    local mib=$(( $(stat -c %s "$bundle") / 1048576 ))
    echo "bundle: $bundle (${mib} MiB)"
    if (( mib > max_bundle_mib )); then
        echo "the bundle is over ${max_bundle_mib} MiB and will not fit the device transfer" >&2
        exit 1
    fi
}

# ILGPU opens the driver as libcuda.so and cuBLAS as libcublas.so.NN; a machine may have only libcuda.so.1,
# and cuBLAS outside the loader's path (CUDA toolkit, PyTorch's wheels). Link and point to what is there.
find_libraries() {
    local links=$1 cuda cublas
    mkdir -p "$links"
    cuda=$( (ldconfig -p 2>/dev/null || true) | awk '/libcuda\.so\.1 / { print $NF; exit }')
    if [[ -z "$cuda" ]]; then
        cuda=$(find /usr/local/nvidia /usr/lib/x86_64-linux-gnu /usr/lib64 -name 'libcuda.so.1' 2>/dev/null | head -n 1 || true)
    fi
    if [[ -n "$cuda" ]]; then
        ln -sf "$cuda" "$links/libcuda.so"
    fi
    cublas=$( (ldconfig -p 2>/dev/null || true) | awk '/libcublas\.so\.[0-9]+ / { print $NF; exit }')
    if [[ -z "$cublas" ]]; then
        cublas=$(find /usr/local /opt /usr/lib -name 'libcublas.so.[0-9]*' 2>/dev/null | sort | tail -n 1 || true)
    fi
    echo "driver: ${cuda:-not found}; cuBLAS: ${cublas:-not found}"
    export LD_LIBRARY_PATH="$links${cublas:+:$(dirname "$cublas")}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
}

# Runs a command; on failure remembers its exit status (the first failure's) in run_steps' `status`, and goes on.
step() {
    "$@" || { local rc=$?; (( status )) || status=$rc; }
}

# Each step runs even when one before it failed; the exit status is the first failure's.
run_steps() {
    local work=$1 out=$2 status=0
    local lab="$work/app/kernel-lab" dlc="$work/app/dlc"
    find_libraries "$work/libs"
    echo "== kernel lab, default sizes (4096 on a GPU)"
    step "$lab" --device cuda --out "$out/lab" --ptx "$work/ptx"
    echo "== kernel lab, shapes that are not multiples of any tile"
    step "$lab" --device cuda --m 1000 --k 998 --n 1002 --sum-length 67108867 \
        --softmax-rows 999 --softmax-columns 1003 --out "$out/odd-shapes"
    echo "== one MLP training step, batch 512: fast CPU backend against the GPU backend, same seed and batches"
    step "$dlc" step-timing --model mlp --batch-size 512 --steps 100 --out "$out/step-timing.json"
    echo "== the same for the CNN, batch 128"
    step "$dlc" step-timing --model cnn --batch-size 128 --steps 20 --out "$out/step-timing-cnn.json"
    echo "== a short training run on the GPU backend (the embedded Fashion-MNIST subset)"
    step "$dlc" train --backend gpu --epochs 3 --out "$work/train"
    cp "$work/train/metrics.json" "$out/train-metrics.json" 2>/dev/null || true
    # Registers, spills and shared memory per kernel, as the GPU compiler sees them (the CUDA toolkit's ptxas).
    if command -v ptxas >/dev/null; then
        for ptx in "$work"/ptx/*.ptx; do
            echo "== $(basename "$ptx")"
            ptxas -arch=sm_90 -v "$ptx" -o /dev/null 2>&1 || true
        done >"$out/ptxas.txt"
    fi
    return "$status"
}

run() {
    local out=${1:-${OUT:?give a results folder, or set OUT}}
    [[ -f "$bundle" ]] || { echo "no $bundle: run '$0 publish' where the .NET SDK is" >&2; exit 1; }
    local work status=0
    work=$(mktemp -d)
    mkdir -p "$out"
    tar -xzf "$bundle" -C "$work"
    (nvidia-smi || echo "nvidia-smi failed") >"$out/nvidia-smi.txt" 2>&1
    run_steps "$work" "$out" 2>&1 | tee "$out/run.log" || status=$?
    rm -rf "$work"
    exit "$status"
}

case "${1:-}" in
    publish) publish ;;
    run) shift; run "$@" ;;
    *) echo "usage: $0 publish | run [RESULTS_DIR]" >&2; exit 2 ;;
esac
