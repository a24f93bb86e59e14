#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image (Ubuntu): it installs the .NET runtime
# that the grader was packaged with, exactly that version (dlc-grade package writes it below, so that a regrade
# with the same package runs on the same runtime), which is all the grader needs to compile and test (no SDK), and
# bubblewrap and util-linux, for the boundary around code under test (namespaces where the container allows them,
# else an unprivileged uid).
set -euo pipefail
runtime_version="@RUNTIME_VERSION@"
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl libicu-dev bubblewrap util-linux
curl -sSL https://dot.net/v1/dotnet-install.sh -o /tmp/dotnet-install.sh
bash /tmp/dotnet-install.sh --version "$runtime_version" --runtime dotnet --install-dir /usr/share/dotnet
ln -sf /usr/share/dotnet/dotnet /usr/local/bin/dotnet
dotnet --list-runtimes
if ! dotnet --list-runtimes | grep -q "^Microsoft.NETCore.App $runtime_version "; then
    echo "setup.sh: the .NET runtime $runtime_version, which this autograder was packaged with, is not installed" >&2
    exit 1
fi
source_dir="$(cd "$(dirname "$0")" && pwd)"
dotnet "$source_dir/grader/dlc-grade.dll" --version
# One grading of the starter: it checks the install, and compiles the grader's tests into its cache
# (~/.cache/dlc-grade), so that no submission's run has to.
dotnet "$source_dir/grader/dlc-grade.dll" grade "$source_dir/course/Starter" --course "$source_dir/course" >/dev/null \
    || echo "setup.sh: grading the starter failed; the autograder will still compile its tests on each run" >&2
