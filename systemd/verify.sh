#!/usr/bin/env bash
# Runs `systemd-analyze verify` on every unit here, with a stand-in /usr/bin/cprd when the
# real one is not installed (verify checks that ExecStart= exists). Skips, with the reason,
# where systemd-analyze cannot run.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v systemd-analyze >/dev/null; then
  echo "systemd/verify.sh: SKIPPED: systemd-analyze is not installed (apt-get install systemd)"
  exit 0
fi
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/etc/systemd/system" "$root/usr/bin" "$root/usr/lib/sysusers.d" "$root/usr/lib/tmpfiles.d"
cp "$here"/*.service "$root/etc/systemd/system/"
# The system's own units (sysinit.target …), which the --root tree must hold too.
mkdir -p "$root/usr/lib/systemd" "$root/bin"
cp -r /usr/lib/systemd/system "$root/usr/lib/systemd/" 2>/dev/null || cp -r /lib/systemd/system "$root/usr/lib/systemd/"
cp /bin/kill "$root/bin/kill"
printf 'root:x:0:0::/root:/bin/sh\ncprd:x:990:990::/var/lib/cprd:/usr/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\ncprd:x:990:\n' > "$root/etc/group"
if [ ! -x /usr/bin/cprd ]; then
  # Verify with --root resolves ExecStart= in the root; give it something executable.
  printf '#!/bin/sh\nexit 0\n' > "$root/usr/bin/cprd"; chmod +x "$root/usr/bin/cprd"
fi
failed=0
for unit in "$here"/*.service; do
  name="$(basename "$unit")"
  if output="$(systemd-analyze verify --root="$root" "$root/etc/systemd/system/$name" 2>&1)"; then
    echo "verify $name: ok${output:+ ($output)}"
  else
    echo "verify $name: FAILED"; echo "$output"; failed=1
  fi
done
if command -v systemd-sysusers >/dev/null; then
  systemd-sysusers --dry-run "$here/cprd.sysusers" >/dev/null 2>&1 && echo "sysusers: ok" || { echo "sysusers: FAILED"; systemd-sysusers --dry-run "$here/cprd.sysusers"; failed=1; }
fi
if command -v systemd-tmpfiles >/dev/null; then
  if output="$(systemd-tmpfiles --create --root="$root" "$here/cprd.tmpfiles" 2>&1)"; then echo "tmpfiles: ok"; else
    echo "tmpfiles: FAILED"; echo "$output"; failed=1; fi
fi
exit $failed
