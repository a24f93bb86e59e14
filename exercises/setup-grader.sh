#!/usr/bin/env bash
# What the grader (dlc-grade) needs from the machine beyond .NET: bubblewrap, for the namespaces that test hosts
# run in, and util-linux's setpriv and prlimit, for the unprivileged uid inside them (or, where namespaces are not
# allowed, instead of them). Installs them with apt-get when run as root on Debian or Ubuntu; elsewhere it says
# what is missing. Without them the grader still grades, behind a weaker boundary that it names in every report
# (see exercises/README.md, "The boundary around code under test").
set -euo pipefail
missing=()
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
{ command -v setpriv && command -v prlimit; } >/dev/null 2>&1 || missing+=(util-linux)
if ((${#missing[@]} > 0)); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "setup-grader: missing ${missing[*]}: install them (apt-get install ${missing[*]}), or the grader runs tests behind a weaker boundary" >&2
        exit 0
    fi
fi
echo "setup-grader: $(bwrap --version), setpriv and prlimit from $(setpriv --version | head -1)"
