#!/usr/bin/env bash
# Sets up Jupyter for the course notebooks, quietly, and safe to run again:
#   1. Jupyter's notebook executor from Debian's packages (nbconvert, jupyter-client, ipykernel);
#   2. the .NET kernel, the dotnet-interactive tool pinned in .config/dotnet-tools.json;
#   3. its C# kernelspec (.net-csharp) for the current user, bound to localhost with --http-local-only;
#   4. Jupyter Notebook, the classic web UI a learner opens the chapters in, from Debian's packages too.
# What only the repository's tests and the course website need (Chromium, KaTeX) is notebooks/setup-browser.sh's:
# the learner's release calls this script, and a learner has a browser of their own.
# Afterwards `jupyter nbconvert --to notebook --execute notebooks/00-start-here.ipynb` runs a chapter.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(jupyter-nbconvert jupyter-client python3-ipykernel jupyter-notebook)
missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if ((${#missing[@]} > 0)); then
    sudo=""
    if [[ $(id -u) -ne 0 ]]; then
        sudo="sudo"
    fi
    echo "Installing ${missing[*]} from Debian's packages..."
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

dotnet tool restore >/dev/null

# dotnet-interactive writes kernelspecs for C#, F# and PowerShell; the course needs only C#, and its kernel must
# listen on localhost alone, so the spec is written to a scratch folder, given --http-local-only, then installed.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
dotnet tool run dotnet-interactive -- jupyter install --path "$scratch" >/dev/null
# Debian's python3, which the Jupyter packages above bring, whatever else is first on PATH.
/usr/bin/python3 - "$scratch/.net-csharp/kernel.json" <<'PYTHON'
import json, sys
path = sys.argv[1]
spec = json.load(open(path))
if "--http-local-only" not in spec["argv"]:
    spec["argv"].append("--http-local-only")
json.dump(spec, open(path, "w"), indent=2)
PYTHON
jupyter kernelspec install --user --replace --name .net-csharp "$scratch/.net-csharp" >/dev/null 2>&1

echo "Jupyter is ready: kernel .net-csharp ($(dotnet tool list --local | awk '/dotnet-interactive/ {print $1, $2}'), --http-local-only)."
