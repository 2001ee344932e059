#!/usr/bin/env bash
# Makes the MQTT certificates of infra/k8s/fleet.txt with `cascade certs` and creates the cluster's Secrets from
# them: cascade-mosquitto-tls (the broker's), cascade-ingest-mqtt-tls and cascade-actuate-mqtt-tls (one certificate
# and key per client id of every replica, as the StatefulSets' mqtt-tls volumes list them). Devices' and gateways'
# certificates stay in PKI_DIR/clients for you to copy to them. Run from the repository root, after the build:
#   infra/k8s/make-secrets.sh PKI_DIR [--dry-run]      (--dry-run: print the Secrets as YAML, apply nothing)
# PKI_DIR must be outside the repository (private keys); its CA is reused on the next run. Needs kubectl.
set -euo pipefail
PKI="${1:?usage: infra/k8s/make-secrets.sh PKI_DIR [--dry-run]}"
DRY=()
if [ "${2:-}" = --dry-run ]; then DRY=(--dry-run=client -o yaml); fi
HERE="$(cd "$(dirname "$0")" && pwd)"
FLEET="$HERE/fleet.txt"
NS="${CASCADE_K8S_NAMESPACE:-cascade}"
"$HERE/../../cascade" certs --fleet "$FLEET" --out "$PKI" --host "mosquitto,mosquitto.$NS,mosquitto.$NS.svc,mosquitto.$NS.svc.cluster.local${CASCADE_MQTT_HOSTS:+,$CASCADE_MQTT_HOSTS}"

# the client ids of the identities of one kind in the fleet list: each identity and its connections NAME-suffix
ids_of() {
  awk -v kind="$1" '$1 == kind { print $2; for (i = 3; i <= NF; i++) if ($i ~ /^connections=/) {
      n = split(substr($i, 13), c, ","); for (j = 1; j <= n; j++) print $2 "-" c[j] } }' "$FLEET"
}
secret_of() {
  local name="$1" kind="$2" args=(--from-file=ca.pem="$PKI/ca.pem")
  for id in $(ids_of "$kind"); do
    args+=(--from-file="$id.pem=$PKI/clients/$id.pem" --from-file="$id-key.pem=$PKI/clients/$id-key.pem")
  done
  kubectl -n "$NS" create secret generic "$name" "${args[@]}" "${DRY[@]}"
}
kubectl -n "$NS" create secret generic cascade-mosquitto-tls --from-file=ca.pem="$PKI/ca.pem" \
  --from-file=tls.crt="$PKI/broker/cascade-broker.pem" --from-file=tls.key="$PKI/broker/cascade-broker-key.pem" "${DRY[@]}"
secret_of cascade-ingest-mqtt-tls ingest
secret_of cascade-actuate-mqtt-tls actuators
