#!/usr/bin/env bash
# Turns a kube-apiserver started by kube-apiserver-env.sh into a single-node cluster: containerd
# (Debian), a kubelet and a kube-controller-manager built from the same source package (see
# ../shared/docs/real-node.md), a kube-scheduler from the same tree, a pause image built from that
# tree's pause.c, and CNI loopback only.
#
#   kube-node-env.sh start <dir>               # <dir> of a running kube-apiserver-env.sh
#   kube-node-env.sh import <dir> image.tar...  # docker-archive or OCI archive tars
#   kube-node-env.sh stop <dir>
#
# Imported images land in containerd's k8s.io namespace, so Pods using them with
# imagePullPolicy IfNotPresent start with no registry. The
# node is named $KUBE_NODE_NAME (default harness-node). Everything lives in <dir>/node and a
# short /tmp folder for the sockets; stop kills the Pods' containers, then kubelet, controller
# manager, scheduler and containerd by PID, unmounts what they mounted and removes what the kubelet
# writes outside its root dir whatever its flags say (/var/log/pods/<pod>,
# /var/lib/kubelet/device-plugins). Needs root. Environment:
#   KUBELET_BIN                   default ~/.cache/exchange-ssl-offload/kubelet-1.20.2/kubelet
#   KUBE_CONTROLLER_MANAGER_BIN   default ~/.cache/exchange-ssl-offload/kube-controller-manager-1.20.2/kube-controller-manager
#   KUBE_SCHEDULER_BIN            default ~/.cache/exchange-ssl-offload/kube-scheduler-1.20.2/kube-scheduler
#   PAUSE_SRC                     default ~/.cache/exchange-ssl-offload/pause-1.20.2/pause.c
#   KUBE_NODE_START_TIMEOUT       seconds, default 120
set -euo pipefail

CACHE=$HOME/.cache/exchange-ssl-offload
KUBELET_BIN=${KUBELET_BIN:-$CACHE/kubelet-1.20.2/kubelet}
KCM_BIN=${KUBE_CONTROLLER_MANAGER_BIN:-$CACHE/kube-controller-manager-1.20.2/kube-controller-manager}
SCHEDULER_BIN=${KUBE_SCHEDULER_BIN:-$CACHE/kube-scheduler-1.20.2/kube-scheduler}
PAUSE_SRC=${PAUSE_SRC:-$CACHE/pause-1.20.2/pause.c}
PAUSE_IMAGE=localhost/kube-harness/pause:1.20.2
PAUSE_TAR=$CACHE/pause-1.20.2/pause-image.tar
NODE_NAME=${KUBE_NODE_NAME:-harness-node}
START_TIMEOUT=${KUBE_NODE_START_TIMEOUT:-120}

die() { echo "kube-node-env: $*" >&2; exit 1; }
usage() { die "usage: $0 start <dir> | import <dir> image.tar... | stop <dir>"; }

# port_in_use, free_port, kill_pidfile, wait_until
. "$(dirname "$0")/kube-env-lib.sh"

ctr_() { ctr --address "$SOCK" --namespace k8s.io "$@"; }

# The pause image, built once per machine from the source tree's pause.c (static, no libc in the image).
pause_image() {
  [ -f "$PAUSE_TAR" ] && return 0
  [ -f "$PAUSE_SRC" ] || die "pause.c not found at $PAUSE_SRC: run .ci/install-deps.sh"
  local work
  work=$(mktemp -d /tmp/pause-image.XXXXXX)
  mkdir -p "$work/rootfs"
  gcc -Os -static -o "$work/rootfs/pause" "$PAUSE_SRC"
  strip "$work/rootfs/pause"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/rootfs" -cf "$work/layer.tar" .
  umoci init --layout "$work/oci" >/dev/null
  umoci new --image "$work/oci:1.20.2"
  umoci raw add-layer --image "$work/oci:1.20.2" "$work/layer.tar"
  umoci config --image "$work/oci:1.20.2" --config.entrypoint /pause --config.user 65535:65535
  skopeo copy --quiet "oci:$work/oci:1.20.2" "docker-archive:$PAUSE_TAR.tmp:$PAUSE_IMAGE"
  mv "$PAUSE_TAR.tmp" "$PAUSE_TAR"
  rm -rf "$work"
}

api() { curl -ksf --max-time 5 -H "Authorization: Bearer $ADMIN_TOKEN" "$@"; }
node_ready() {
  api "$KUBE_APISERVER_URL/api/v1/nodes/$NODE_NAME" | python3 -c '
import json, sys
node = json.load(sys.stdin)
ready = any(c["type"] == "Ready" and c["status"] == "True" for c in node["status"].get("conditions", []))
# the scheduler places nothing until the node lifecycle controller has lifted the not-ready taint
tainted = any(t["key"] == "node.kubernetes.io/not-ready" for t in node["spec"].get("taints", []))
sys.exit(0 if ready and not tainted else 1)'
}
default_token_exists() {
  api "$KUBE_APISERVER_URL/api/v1/namespaces/default/serviceaccounts/default" | python3 -c '
import json, sys
sys.exit(0 if json.load(sys.stdin).get("secrets") else 1)'
}

start() {
  for bin in "$KUBELET_BIN" "$KCM_BIN" "$SCHEDULER_BIN"; do
    [ -x "$bin" ] || die "$bin not found: run .ci/install-deps.sh"
  done
  for tool in containerd ctr runc umoci skopeo gcc python3; do
    command -v "$tool" >/dev/null || die "$tool not found: run .ci/install-deps.sh"
  done
  [ -x /usr/lib/cni/loopback ] || die "CNI plugins not found in /usr/lib/cni: run .ci/install-deps.sh (containernetworking-plugins)"
  [ "$(id -u)" = 0 ] || die "containerd and the kubelet need root"
  [ -f "$DIR/apiserver.env" ] || die "no kube-apiserver in $DIR: start kube-apiserver-env.sh first"
  [ ! -f "$NODE/kubelet.pid" ] || die "$NODE already holds a running node; stop it first"
  # shellcheck disable=SC1091
  . "$DIR/apiserver.env"
  ADMIN_TOKEN=$(sed -n 's/^\([^,]*\),admin,.*/\1/p' "$DIR/tokens.csv")

  mkdir -p "$NODE"
  # A short folder: a unix socket path must stay under 108 bytes.
  SHORT=$(mktemp -d /tmp/kube-node.XXXXXX)
  echo "$SHORT" > "$NODE/short-dir"
  SOCK=$SHORT/containerd.sock
  # What the kubelet writes outside its root dir: remember what was there, remove only what is ours.
  (ls -1 /var/log/pods 2>/dev/null || true) | sort > "$NODE/var-log-pods.before"
  if [ -e /var/lib/kubelet/device-plugins ]; then touch "$NODE/device-plugins.existed"; fi
  if [ -e /var/lib/kubelet ]; then touch "$NODE/var-lib-kubelet.existed"; fi

  mkdir -p "$NODE/cni" "$NODE/containerd"
  cat > "$NODE/cni/10-loopback.conflist" <<EOF
{"cniVersion": "0.4.0", "name": "loopback", "plugins": [{"type": "loopback"}]}
EOF
  cat > "$NODE/containerd/config.toml" <<EOF
version = 2
root = "$NODE/containerd/root"
state = "$SHORT/state"
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$SOCK.ttrpc"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # without it sandboxes fail with "can't get final child's PID" (no CAP_SYS_RESOURCE here)
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$NODE/cni"
EOF
  containerd --config "$NODE/containerd/config.toml" < /dev/null > "$NODE/containerd.log" 2>&1 &
  echo $! > "$NODE/containerd.pid"
  wait_until containerd "$NODE/containerd.log" "$NODE/containerd.pid" ctr_ version

  pause_image
  ctr_ images import --snapshotter overlayfs "$PAUSE_TAR" >> "$NODE/images.log" 2>&1 \
    || { cat "$NODE/images.log" >&2; stop; die "cannot import $PAUSE_TAR"; }

  local kcm_port scheduler_port kubelet_port healthz_port
  kcm_port=$(free_port); scheduler_port=$(free_port); kubelet_port=$(free_port); healthz_port=$(free_port)
  # The ServiceAccount token controller signs with the key the API server verifies, and puts the
  # API server's certificate in each token Secret as ca.crt.
  "$KCM_BIN" --kubeconfig="$DIR/kubeconfig" --leader-elect=false \
    --port=0 --secure-port="$kcm_port" --bind-address=127.0.0.1 \
    --service-account-private-key-file="$DIR/sa.key" --root-ca-file="$DIR/certs/apiserver.crt" \
    --use-service-account-credentials=false \
    --controllers=serviceaccount-token,serviceaccount,deployment,replicaset,garbagecollector,namespace,root-ca-cert-publisher,nodelifecycle \
    < /dev/null > "$NODE/kube-controller-manager.log" 2>&1 &
  echo $! > "$NODE/kube-controller-manager.pid"

  # Its secure port serves only its own health and metrics: no delegated authentication needed here.
  "$SCHEDULER_BIN" --kubeconfig="$DIR/kubeconfig" --leader-elect=false \
    --port=0 --secure-port="$scheduler_port" --bind-address=127.0.0.1 \
    < /dev/null > "$NODE/kube-scheduler.log" 2>&1 &
  echo $! > "$NODE/kube-scheduler.pid"

  mkdir -p "$NODE/kubelet"
  "$KUBELET_BIN" --kubeconfig="$DIR/kubeconfig" --hostname-override="$NODE_NAME" \
    --container-runtime=remote --container-runtime-endpoint="unix://$SOCK" \
    --pod-infra-container-image="$PAUSE_IMAGE" \
    --cgroup-driver=cgroupfs --cgroups-per-qos=false --enforce-node-allocatable= --fail-swap-on=false \
    --root-dir="$NODE/kubelet" --cert-dir="$NODE/kubelet/pki" \
    --address=127.0.0.1 --port="$kubelet_port" --read-only-port=0 \
    --healthz-bind-address=127.0.0.1 --healthz-port="$healthz_port" \
    --anonymous-auth=false --authorization-mode=AlwaysAllow \
    --eviction-hard= --image-gc-high-threshold=100 --image-gc-low-threshold=99 \
    --node-status-update-frequency=4s --sync-frequency=5s \
    < /dev/null > "$NODE/kubelet.log" 2>&1 &
  echo $! > "$NODE/kubelet.pid"

  wait_until "kube-controller-manager (ServiceAccount tokens)" "$NODE/kube-controller-manager.log" \
    "$NODE/kube-controller-manager.pid" default_token_exists
  wait_until "kubelet (node Ready)" "$NODE/kubelet.log" "$NODE/kubelet.pid" node_ready
  cat > "$NODE/node.env" <<EOF
NODE_NAME=$NODE_NAME
CONTAINERD_ADDRESS=$SOCK
PAUSE_IMAGE=$PAUSE_IMAGE
EOF
  rm -f "$DIR/.ports"
  echo "node $NODE_NAME Ready (containerd at $SOCK, logs in $NODE)"
}

stop() {
  [ -d "$NODE" ] || return 0
  local short=""
  [ -f "$NODE/short-dir" ] && short=$(cat "$NODE/short-dir")
  SOCK=$short/containerd.sock
  # No kubelet, no restarts: then end the Pods' containers while containerd can still do it.
  kill_pidfile "$NODE/kubelet.pid"
  kill_pidfile "$NODE/kube-scheduler.pid"
  kill_pidfile "$NODE/kube-controller-manager.pid"
  if [ -n "$short" ] && [ -S "$SOCK" ] && [ -f "$NODE/containerd.pid" ]; then
    local task
    for task in $(ctr_ tasks ls -q 2>/dev/null); do
      ctr_ tasks kill -s SIGKILL "$task" >/dev/null 2>&1 || true
    done
    for _ in $(seq 1 50); do
      ctr_ tasks ls -q 2>/dev/null | while read -r task; do ctr_ tasks rm -f "$task" >/dev/null 2>&1 || true; done
      [ -z "$(ctr_ tasks ls -q 2>/dev/null)" ] && break
      sleep 0.2
    done
  fi
  kill_pidfile "$NODE/containerd.pid"
  # The shims of this containerd (found by its socket in their command line) outlive it.
  if [ -n "$short" ]; then
    local proc
    for proc in /proc/[0-9]*; do
      if tr '\0' ' ' < "$proc/cmdline" 2>/dev/null | grep -q -- "-address $SOCK "; then
        kill -9 "${proc#/proc/}" 2>/dev/null || true
      fi
    done
  fi
  # Mounts left by the kubelet (Secret volumes) and containerd (rootfs, shm), deepest first.
  awk '{print $2}' /proc/mounts | grep -E "^($NODE|${short:-/nonexistent})/" | sort -r | while read -r mount; do
    umount -l "$mount" 2>/dev/null || true
  done
  if [ -f "$NODE/var-log-pods.before" ]; then
    comm -13 "$NODE/var-log-pods.before" <(ls -1 /var/log/pods 2>/dev/null | sort) | while read -r entry; do
      [ -n "$entry" ] && rm -rf "/var/log/pods/$entry"
    done
    rmdir /var/log/pods 2>/dev/null || true
  fi
  [ -f "$NODE/device-plugins.existed" ] || rm -rf /var/lib/kubelet/device-plugins
  [ -f "$NODE/var-lib-kubelet.existed" ] || rmdir /var/lib/kubelet 2>/dev/null || true
  [ -n "$short" ] && rm -rf "$short"
  rm -rf "$NODE/kubelet" "$NODE/containerd/root" "$NODE/short-dir"
}

import_images() {
  [ -f "$NODE/short-dir" ] || die "no node running in $NODE"
  SOCK=$(cat "$NODE/short-dir")/containerd.sock
  local tar
  for tar in "$@"; do
    ctr_ images import --snapshotter overlayfs "$tar" >> "$NODE/images.log" 2>&1 \
      || { tail -n 20 "$NODE/images.log" >&2; die "cannot import $tar"; }
  done
}

[ $# -ge 2 ] || usage
DIR=$(cd "$2" && pwd)
NODE=$DIR/node
case "$1" in
  start) [ $# -eq 2 ] || usage; start ;;
  import) import_images "${@:3}" ;;
  stop) [ $# -eq 2 ] || usage; stop ;;
  *) usage ;;
esac
