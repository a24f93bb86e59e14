#!/usr/bin/env bash
# Installs, from Debian's packages, quietly and safe to run again, what the repository's browser tests and the course
# website need beyond notebooks/setup-jupyter.sh: Chromium (which BrowserTests and the website's test drive headless
# with Playwright; no browser is downloaded) and KaTeX (libjs-katex, vendored into the website by `notebook-runner
# site`, so its math renders offline). README's set-up and .ci/run call it; the learner's release does not.
set -euo pipefail

packages=(chromium libjs-katex)
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
