#!/usr/bin/env bash
# Installs what the multi-process layout (infra/local/stack), the browser tests and their tools need beyond
# Java and Maven: Debian's mosquitto, and chromium + chromium-driver (ChromeDriver at /usr/bin/chromedriver).
# Arguments name what to check: `mosquitto`, `chromium`, or both (no argument: mosquitto, as before).
# Does nothing when it is already there. As root it runs apt-get (update once, then install); otherwise it
# says what to run and exits non-zero.
set -euo pipefail

wanted=("$@")
if [ "${#wanted[@]}" -eq 0 ]; then
  wanted=(mosquitto)
fi
missing=()
for want in "${wanted[@]}"; do
  case "$want" in
    mosquitto)
      if ! command -v mosquitto >/dev/null 2>&1 && [ ! -x /usr/sbin/mosquitto ]; then
        missing+=(mosquitto)
      fi
      ;;
    chromium)
      if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
        missing+=(chromium)
      fi
      if [ ! -x /usr/bin/chromedriver ]; then
        missing+=(chromium-driver)
      fi
      ;;
    *)
      echo "install-deps: unknown component $want (known: mosquitto, chromium)" >&2
      exit 2
      ;;
  esac
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: missing ${missing[*]} and there is no apt-get here: install ${missing[*]} with this system's package manager" >&2
  exit 2
fi
run=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    run=(sudo)
  else
    echo "install-deps: missing ${missing[*]}; run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
fi

echo "install-deps: installing ${missing[*]} (Debian packages)" >&2
# The package's service is not wanted (the stack and the tests run their own mosquitto on their own ports):
# a policy-rc.d that says "no" keeps apt from starting it where there is an init system to ask.
policy=/usr/sbin/policy-rc.d
own_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${run[@]}" tee "$policy" >/dev/null
  "${run[@]}" chmod +x "$policy"
  own_policy=true
fi
status=0
"${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq || status=$?
if [ "$status" -eq 0 ]; then
  "${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" || status=$?
fi
if $own_policy; then
  "${run[@]}" rm -f "$policy"
fi
if [ "$status" -ne 0 ]; then
  echo "install-deps: apt-get failed ($status) installing ${missing[*]}" >&2
  exit "$status"
fi
echo "install-deps: installed ${missing[*]}" >&2
