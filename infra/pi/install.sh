#!/usr/bin/env bash
# Installs (or updates) the Cascade edge agent as the systemd service cascade-edge. Idempotent: run it again
# to update the distribution; the config in /etc/cascade/edge.yaml and existing certificates are kept
# unless new ones are given.
#
#   sudo infra/pi/install.sh --dist cli/target --models models/default --certs ./certs/gateway-1
#
#   --dist DIR     the built distribution: cascade.jar and lib/ (mvn -pl cli -am -DskipTests package)
#   --models DIR   model bundles; the *-edge ones are copied (default: models/default of this repository)
#   --certs DIR    ca.pem, gateway.pem and gateway.key (PKCS#8) for the uplink's mutual TLS
#   --root DIR     install under DIR instead of / and skip user, ownership and systemctl (for tests, images)
#   --gpio         let the service drive relays on the GPIO character devices (edge.device.outputs type gpio):
#                  a drop-in opens /dev/gpiochip* to it and adds the gpio group
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
DIST="$REPO/cli/target"
MODELS="$REPO/models/default"
CERTS=""
ROOT=""
GPIO=0
USER_NAME=cascade-edge

die() { echo "install.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --dist) DIST="${2:?--dist needs a folder}"; shift 2 ;;
    --models) MODELS="${2:?--models needs a folder}"; shift 2 ;;
    --certs) CERTS="${2:?--certs needs a folder}"; shift 2 ;;
    --root) ROOT="${2:?--root needs a folder}"; shift 2 ;;
    --gpio) GPIO=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) die "unknown option $1 (try --help)" ;;
  esac
done

[ -f "$DIST/cascade.jar" ] && [ -d "$DIST/lib" ] || die "--dist must hold cascade.jar and lib/, was $DIST"
[ -d "$MODELS" ] || die "--models must be a folder of model bundles, was $MODELS"
if [ -n "$CERTS" ]; then
  for f in ca.pem gateway.pem gateway.key; do
    [ -f "$CERTS/$f" ] || die "--certs must hold ca.pem, gateway.pem and gateway.key, was missing $CERTS/$f"
  done
fi
if [ -z "$ROOT" ] && [ "$(id -u)" -ne 0 ]; then
  die "must run as root (or with --root DIR)"
fi

OPT="$ROOT/opt/cascade-edge"
ETC="$ROOT/etc/cascade"
STATE="$ROOT/var/lib/cascade-edge"
UNIT_DIR="$ROOT/etc/systemd/system"

# 1. A system user without a shell or home of its own.
if [ -z "$ROOT" ] && ! id "$USER_NAME" >/dev/null 2>&1; then
  useradd --system --user-group --home-dir /var/lib/cascade-edge --no-create-home --shell /usr/sbin/nologin "$USER_NAME"
fi

# 2. Directories.
install -d -m 0755 "$OPT" "$UNIT_DIR"
# state/: executed command ids and the remote configuration (edge.device.state-dir), kept across restarts.
install -d -m 0750 "$ETC" "$ETC/certs" "$STATE" "$STATE/tmp" "$STATE/javacpp" "$STATE/state"

# 3. The distribution, replaced whole (a new version's lib/ may drop jars), then the edge model bundles.
rm -rf "$OPT/lib.new" "$OPT/models.new"
cp -R "$DIST/lib" "$OPT/lib.new"
install -m 0644 "$DIST/cascade.jar" "$OPT/cascade.jar"
rm -rf "$OPT/lib" && mv "$OPT/lib.new" "$OPT/lib"
mkdir -p "$OPT/models.new"
found=0
for m in "$MODELS"/*-edge; do
  [ -d "$m" ] || continue
  cp -R "$m" "$OPT/models.new/"
  found=1
done
[ "$found" -eq 1 ] || die "--models must hold *-edge bundles, was none in $MODELS"
rm -rf "$OPT/models" && mv "$OPT/models.new" "$OPT/models"

# 4. Config: installed once, never overwritten (edit /etc/cascade/edge.yaml, or CASCADE_EDGE_* in edge.env).
if [ ! -f "$ETC/edge.yaml" ]; then
  install -m 0640 "$HERE/edge.yaml" "$ETC/edge.yaml"
fi
if [ ! -f "$ETC/edge.env" ]; then
  printf '# CASCADE_EDGE_* overrides and JAVA_OPTS for cascade-edge.service\n' > "$ETC/edge.env"
  chmod 0640 "$ETC/edge.env"
fi

# 5. Certificates, readable by the service user only.
if [ -n "$CERTS" ]; then
  for f in ca.pem gateway.pem gateway.key; do
    install -m 0600 "$CERTS/$f" "$ETC/certs/$f"
  done
fi

# 6. The unit.
install -m 0644 "$HERE/cascade-edge.service" "$UNIT_DIR/cascade-edge.service"

# 7. GPIO (optional): the unit keeps PrivateDevices=yes; this drop-in opens only the GPIO chips. Pi4J's gpiod
#    provider ships its own libgpiod for aarch64 (pi4j-library-gpiod), so no apt package is needed.
DROPIN="$UNIT_DIR/cascade-edge.service.d"
if [ "$GPIO" -eq 1 ]; then
  install -d -m 0755 "$DROPIN"
  cat > "$DROPIN/gpio.conf" <<'UNIT'
[Service]
PrivateDevices=no
DevicePolicy=closed
DeviceAllow=char-gpiochip rw
SupplementaryGroups=gpio
UNIT
  chmod 0644 "$DROPIN/gpio.conf"
  if [ -z "$ROOT" ] && ! getent group gpio >/dev/null; then
    groupadd --system gpio
    echo "install.sh: created group gpio; give it /dev/gpiochip* with a udev rule (Raspberry Pi OS has both already)" >&2
  fi
else
  rm -f "$DROPIN/gpio.conf"
fi

if [ -z "$ROOT" ]; then
  chown -R root:"$USER_NAME" "$ETC"
  chown "$USER_NAME":"$USER_NAME" "$ETC/certs" "$ETC"/certs/* 2>/dev/null || true
  chown -R "$USER_NAME":"$USER_NAME" "$STATE"
  systemctl daemon-reload
  systemctl enable cascade-edge.service
  systemctl restart cascade-edge.service
  echo "cascade-edge installed and started: journalctl -u cascade-edge -f"
else
  echo "cascade-edge installed under $ROOT (no user, ownership or systemctl with --root)"
fi
