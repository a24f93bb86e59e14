#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image (Ubuntu): it installs the .NET 10
# runtime, which is all the grader needs to compile and test (no SDK), and bubblewrap and util-linux, for the
# boundary around code under test (namespaces where the container allows them, else an unprivileged uid).
set -euo pipefail
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl libicu-dev bubblewrap util-linux
curl -sSL https://dot.net/v1/dotnet-install.sh -o /tmp/dotnet-install.sh
bash /tmp/dotnet-install.sh --channel 10.0 --runtime dotnet --install-dir /usr/share/dotnet
ln -sf /usr/share/dotnet/dotnet /usr/local/bin/dotnet
dotnet --list-runtimes
# One grading of the starter: it checks the install, and compiles the grader's tests into its cache
# (~/.cache/dlc-grade), so that no submission's run has to.
source_dir="$(cd "$(dirname "$0")" && pwd)"
dotnet "$source_dir/grader/dlc-grade.dll" grade "$source_dir/course/Starter" --course "$source_dir/course" >/dev/null \
    || echo "setup.sh: grading the starter failed; the autograder will still compile its tests on each run" >&2
