#!/usr/bin/env bash
# Installs what the tests need on a fresh machine of this kind and builds a real kube-apiserver
# from Debian's source package (see ../shared/docs/real-kube-apiserver.md). The binary is cached
# outside the repository, keyed by version, so later runs on the same machine skip the build.
set -euo pipefail

KUBE_SRC_DIR_NAME=kubernetes-1.20.5+really1.20.2
CACHE_DIR=${KUBE_APISERVER_CACHE:-$HOME/.cache/exchange-ssl-offload/kube-apiserver-1.20.2}
BIN="$CACHE_DIR/kube-apiserver"
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
for p in etcd-server python3-winrm openssl curl python3-requests-ntlm python3-requests-kerberos python3-kerberos \
         krb5-kdc krb5-admin-server krb5-user; do
  dpkg -s "$p" >/dev/null 2>&1 || need_pkgs+=("$p")
done
# Machines of this kind ship a kubectl; Debian's kubernetes-client is the fallback.
command -v kubectl >/dev/null 2>&1 || need_pkgs+=(kubernetes-client)
if [ ! -x "$BIN" ]; then
  for p in golang-go rsync dpkg-dev golang-github-modern-go-reflect2-dev; do
    dpkg -s "$p" >/dev/null 2>&1 || need_pkgs+=("$p")
  done
fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

if [ -x "$BIN" ]; then
  echo "kube-apiserver: cached at $BIN"
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
HOME=$WORKDIR/home make WHAT=cmd/kube-apiserver
mkdir -p "$CACHE_DIR"
cp _output/bin/kube-apiserver "$BIN.tmp" && mv "$BIN.tmp" "$BIN"
cd / && rm -rf "$WORKDIR"
echo "kube-apiserver: built $BIN"
