#!/usr/bin/env bash
# Installs the Debian packages cprd builds, tests and runs with, when they are missing.
set -euo pipefail
needed=(postgresql postgresql-contrib libcurl4-openssl-dev openssl openssh-server openssh-sftp-server wrk systemd bc time)
missing=()
for package in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian's postgresql package starts a cluster of its own; cprd's tests and demo run private ones.
command -v swift >/dev/null || { echo "install-deps: the Swift toolchain (6.3) is not on PATH" >&2; exit 1; }
