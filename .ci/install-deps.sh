#!/usr/bin/env bash
# Installs what the tests need on a fresh machine of this kind and builds a real kube-apiserver,
# kubelet, kube-controller-manager and kube-scheduler from Debian's source package (see
# ../shared/docs/real-kube-apiserver.md and real-node.md), with pause.c from the same tree. They
# are cached outside the repository, keyed by version, so later runs on the same machine skip the build.
set -euo pipefail

KUBE_SRC_DIR_NAME=kubernetes-1.20.5+really1.20.2
KUBE_CACHE=$HOME/.cache/exchange-ssl-offload
CACHE_DIR=${KUBE_APISERVER_CACHE:-$KUBE_CACHE/kube-apiserver-1.20.2}
BIN="$CACHE_DIR/kube-apiserver"
# The single-node cluster of the `node` tests and the operator's image (kube-harness/bin/kube-node-env.sh, image/build.sh).
KUBELET_BIN=$KUBE_CACHE/kubelet-1.20.2/kubelet
KCM_BIN=$KUBE_CACHE/kube-controller-manager-1.20.2/kube-controller-manager
SCHEDULER_BIN=$KUBE_CACHE/kube-scheduler-1.20.2/kube-scheduler
PAUSE_SRC=$KUBE_CACHE/pause-1.20.2/pause.c
kube_cached() { [ -x "$BIN" ] && [ -x "$KUBELET_BIN" ] && [ -x "$KCM_BIN" ] && [ -x "$SCHEDULER_BIN" ] && [ -f "$PAUSE_SRC" ]; }
export DEBIAN_FRONTEND=noninteractive

# The machine's Debian entry again, as a deb-src entry: `apt-get source` needs it.
ensure_deb_src() {
  if [ ! -f /etc/apt/sources.list.d/debian-src.sources ]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
      > /etc/apt/sources.list.d/debian-src.sources
    apt-get update -qq
  fi
}

need_pkgs=()
# WinRM authentication tests: pywinrm's NTLM and Kerberos transports, and a real MIT KDC.
# prometheus: its promtool runs the chart's alert tests (PrometheusRuleTest).
for p in etcd-server python3-winrm openssl curl prometheus \
         containerd runc containernetworking-plugins mmdebstrap umoci skopeo gcc libc6-dev \
         python3-requests-ntlm python3-requests-kerberos python3-kerberos krb5-kdc krb5-admin-server krb5-user; do
  dpkg -s "$p" >/dev/null 2>&1 || need_pkgs+=("$p")
done
# Machines of this kind ship a kubectl; Debian's kubernetes-client is the fallback.
command -v kubectl >/dev/null 2>&1 || need_pkgs+=(kubernetes-client)
if ! kube_cached; then
  for p in golang-go rsync dpkg-dev golang-github-modern-go-reflect2-dev; do
    dpkg -s "$p" >/dev/null 2>&1 || need_pkgs+=("$p")
  done
fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
  # Where systemd runs, the package starts a Prometheus server; the tests only need promtool.
  if [[ " ${need_pkgs[*]} " == *" prometheus "* ]]; then
    systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
fi

if kube_cached; then
  echo "kube-apiserver, kubelet, kube-controller-manager, kube-scheduler, pause.c: cached under $KUBE_CACHE"
  exit 0
fi

ensure_deb_src
WORKDIR=$(mktemp -d /tmp/kube-src.XXXXXX)
cd "$WORKDIR"
apt-get source -qq kubernetes >/dev/null
cd "$KUBE_SRC_DIR_NAME"
# GOPATH mode, as debian/rules builds it
export GOPATH=$PWD/.go CGO_ENABLED=0
mkdir -p .go/src/k8s.io && ln -sfn ../../.. .go/src/k8s.io/kubernetes
# The vendored reflect2 v1.0.1 crashes the server on Go >= 1.18: use Debian's 1.0.2.
rm -rf vendor/github.com/modern-go/reflect2
cp -r /usr/share/gocode/src/github.com/modern-go/reflect2 vendor/github.com/modern-go/reflect2
rm -f vendor/github.com/modern-go/reflect2/go.mod
# Copies a built file into the cache in one step, so an interrupted run leaves nothing half-written.
cache_file() { mkdir -p "$(dirname "$2")" && cp "$1" "$2.tmp" && mv "$2.tmp" "$2"; }
if [ ! -x "$BIN" ]; then
  HOME=$WORKDIR/home make WHAT=cmd/kube-apiserver
  cache_file _output/bin/kube-apiserver "$BIN"
  echo "kube-apiserver: built $BIN"
fi
if [ ! -x "$KUBELET_BIN" ] || [ ! -x "$KCM_BIN" ]; then
  HOME=$WORKDIR/home make WHAT="cmd/kubelet cmd/kube-controller-manager"
  cache_file _output/bin/kubelet "$KUBELET_BIN"
  cache_file _output/bin/kube-controller-manager "$KCM_BIN"
  echo "kubelet, kube-controller-manager: built under $KUBE_CACHE"
fi
if [ ! -x "$SCHEDULER_BIN" ]; then
  HOME=$WORKDIR/home make WHAT=cmd/kube-scheduler
  cache_file _output/bin/kube-scheduler "$SCHEDULER_BIN"
  echo "kube-scheduler: built $SCHEDULER_BIN"
fi
cache_file build/pause/linux/pause.c "$PAUSE_SRC"
cd / && rm -rf "$WORKDIR"
