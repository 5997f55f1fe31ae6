#!/usr/bin/env bash
# Installs the Debian packages cprd builds, tests and runs with, when they are missing.
set -euo pipefail
needed=(postgresql postgresql-contrib libcurl4-openssl-dev curl openssl openssh-server openssh-sftp-server vsftpd wrk systemd bc time)
missing=()
for package in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "install-deps: installing ${missing[*]}"
  # Packages must not start their system services (sshd, vsftpd on every address): tests
  # run private servers on loopback. policy-rc.d tells the packages' scripts so.
  policy=/usr/sbin/policy-rc.d
  made_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod 755 "$policy" && made_policy=1
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ "$made_policy" = 1 ]; then $sudo rm -f "$policy"; fi
fi
# Debian's postgresql package starts a cluster of its own; cprd's tests and demo run private ones.
command -v swift >/dev/null || { echo "install-deps: the Swift toolchain (6.3) is not on PATH" >&2; exit 1; }
