#!/usr/bin/env bash
# Starts (or stops) a throwaway etcd + real kube-apiserver on loopback, for tests and for humans.
#
#   kube-apiserver-env.sh start <dir>   # then: KUBECONFIG=<dir>/kubeconfig kubectl get ns
#   kube-apiserver-env.sh stop <dir>
#
# <dir> receives: kubeconfig (admin, system:masters), operator.kubeconfig (the operator's
# ServiceAccount identity, so RBAC from the Helm chart is what decides), apiserver.env (URL,
# tokens, identity), logs and PID files. Environment:
#   KUBE_APISERVER_BIN        default ~/.cache/exchange-ssl-offload/kube-apiserver-1.20.2/kube-apiserver
#   ETCD_BIN                  default etcd from PATH
#   OPERATOR_NAMESPACE        default exchange-ssl-offload          (match the Helm chart)
#   OPERATOR_SERVICE_ACCOUNT  default exchange-ssl-offload-operator (match the Helm chart)
#   KUBE_APISERVER_START_TIMEOUT seconds, default 90
set -euo pipefail

KUBE_APISERVER_BIN=${KUBE_APISERVER_BIN:-$HOME/.cache/exchange-ssl-offload/kube-apiserver-1.20.2/kube-apiserver}
ETCD_BIN=${ETCD_BIN:-etcd}
OPERATOR_NAMESPACE=${OPERATOR_NAMESPACE:-exchange-ssl-offload}
OPERATOR_SERVICE_ACCOUNT=${OPERATOR_SERVICE_ACCOUNT:-exchange-ssl-offload-operator}
START_TIMEOUT=${KUBE_APISERVER_START_TIMEOUT:-90}

die() { echo "kube-apiserver-env: $*" >&2; exit 1; }

usage() { die "usage: $0 start|stop <dir>"; }

# port_in_use, free_port, kill_pidfile, wait_until
. "$(dirname "$0")/kube-env-lib.sh"

stop() {
  kill_pidfile "$DIR/kube-apiserver.pid"
  kill_pidfile "$DIR/etcd.pid"
}

write_kubeconfig() {
  local file=$1 user=$2 token=$3
  # insecure-skip-tls-verify: the serving certificate is self-signed by this throwaway server.
  cat > "$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: $URL
    insecure-skip-tls-verify: true
users:
- name: $user
  user:
    token: $token
contexts:
- name: $user@local
  context:
    cluster: local
    user: $user
current-context: $user@local
EOF
  chmod 600 "$file"
}

# Starts etcd and kube-apiserver on fresh ports (sets URL); returns 1 when a port was taken.
launch() {
  local admin_token=$1
  local etcd_port peer_port api_port
  rm -rf "$DIR/etcd" "$DIR/.ports" && mkdir -p "$DIR/etcd"
  # `launch` runs as an `if` condition, where set -e is off: check each port ourselves.
  etcd_port=$(free_port) && peer_port=$(free_port) && api_port=$(free_port) || return 1
  URL=https://127.0.0.1:$api_port
  "$ETCD_BIN" --data-dir "$DIR/etcd" --name harness \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "harness=http://127.0.0.1:$peer_port" \
    < /dev/null > "$DIR/etcd.log" 2>&1 &
  echo $! > "$DIR/etcd.pid"
  wait_until etcd "$DIR/etcd.log" "$DIR/etcd.pid" curl -sf --max-time 2 "http://127.0.0.1:$etcd_port/health" || return 1

  "$KUBE_APISERVER_BIN" --etcd-servers="http://127.0.0.1:$etcd_port" \
    --secure-port="$api_port" --bind-address=127.0.0.1 --cert-dir="$DIR/certs" \
    --token-auth-file="$DIR/tokens.csv" --authorization-mode=RBAC \
    --service-account-key-file="$DIR/sa.pub" --service-account-signing-key-file="$DIR/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc --service-cluster-ip-range=10.96.0.0/16 \
    < /dev/null > "$DIR/kube-apiserver.log" 2>&1 &
  echo $! > "$DIR/kube-apiserver.pid"
  wait_until kube-apiserver "$DIR/kube-apiserver.log" "$DIR/kube-apiserver.pid" \
    curl -ksf --max-time 2 -H "Authorization: Bearer $admin_token" "$URL/readyz" || return 1
}


start() {
  [ -x "$KUBE_APISERVER_BIN" ] || die "kube-apiserver binary not found at $KUBE_APISERVER_BIN: run .ci/install-deps.sh (or set KUBE_APISERVER_BIN)"
  command -v "$ETCD_BIN" >/dev/null || die "etcd not found on PATH: run .ci/install-deps.sh (Debian package etcd-server)"
  command -v openssl >/dev/null || die "openssl not found: run .ci/install-deps.sh"
  [ ! -f "$DIR/kube-apiserver.pid" ] || die "$DIR already holds a running server; stop it first"

  mkdir -p "$DIR/certs" "$DIR/etcd"

  openssl genrsa -out "$DIR/sa.key" 2048 2>/dev/null
  openssl rsa -in "$DIR/sa.key" -pubout -out "$DIR/sa.pub" 2>/dev/null
  local admin_token operator_token
  admin_token=$(openssl rand -hex 24)
  operator_token=$(openssl rand -hex 24)
  local operator_user="system:serviceaccount:$OPERATOR_NAMESPACE:$OPERATOR_SERVICE_ACCOUNT"
  # RBAC matches a ServiceAccount subject by this user name, so the chart's bindings apply.
  cat > "$DIR/tokens.csv" <<EOF
$admin_token,admin,admin-uid,"system:masters"
$operator_token,$operator_user,operator-uid,"system:serviceaccounts,system:serviceaccounts:$OPERATOR_NAMESPACE"
EOF
  chmod 600 "$DIR/tokens.csv"

  # Another program may still take a port between the check and the bind: then try new ones.
  local attempt
  for attempt in 1 2 3; do
    if launch "$admin_token"; then
      break
    fi
    (( attempt < 3 )) || die "no free ports after 3 attempts (logs in $DIR)"
    echo "kube-apiserver-env: a port was taken; retrying with new ports" >&2
  done

  write_kubeconfig "$DIR/kubeconfig" admin "$admin_token"
  write_kubeconfig "$DIR/operator.kubeconfig" "$OPERATOR_SERVICE_ACCOUNT" "$operator_token"
  cat > "$DIR/apiserver.env" <<EOF
KUBE_APISERVER_URL=$URL
OPERATOR_NAMESPACE=$OPERATOR_NAMESPACE
OPERATOR_SERVICE_ACCOUNT=$OPERATOR_SERVICE_ACCOUNT
OPERATOR_USER=$operator_user
EOF
  rm -f "$DIR/.ports"
  echo "kube-apiserver ready at $URL (KUBECONFIG=$DIR/kubeconfig)"
}

[ $# -eq 2 ] || usage
DIR=$(mkdir -p "$2" && cd "$2" && pwd)
case "$1" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
