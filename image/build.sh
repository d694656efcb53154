#!/usr/bin/env bash
# Builds the operator's OCI image from Debian packages and the operator jar, with no registry:
#
#   image/build.sh [JAR] [OUT_DIR]
#       JAR      default operator/target/exchange-ssl-offload-operator.jar
#       OUT_DIR  default operator/target/image
#
# OUT_DIR receives
#   oci/                                   an OCI image layout (skopeo copy oci:OUT_DIR/oci:TAG ...)
#   exchange-ssl-offload-operator.tar      a docker-archive: docker load / podman load / ctr images import
#   image.env                              IMAGE=<name:tag>, BASE_LAYER, APP_LAYER (digests), JAVA_OPTIONS,
#                                          MALLOC_ARENA_MAX (what the entrypoint runs with), for tests
#
# Layers: (1) a base made by mmdebstrap (libc6, libstdc++6, zlib1g, netbase: --variant=extract,
# so no shell and no package manager) plus a jlink JRE of Debian's openjdk-17 with only the
# modules the operator uses, and /etc/passwd for UID 65532; (2) the jar alone, at
# /opt/operator/exchange-ssl-offload-operator.jar. The base is slow (mmdebstrap + jlink, ~1 min)
# and cached in $IMAGE_BASE_CACHE (default ~/.cache/exchange-ssl-offload/image-base/) keyed by
# this recipe and the Debian versions it would install, so it is rebuilt when either moves.
# Layer tars are written with sorted names, fixed times and owners, so one jar gives one layer
# digest on every build.
#
# The image name and tag are the chart's defaults: values.yaml image.repository and Chart.yaml
# appVersion. Needs root (mmdebstrap), umoci, skopeo (installed by .ci/install-deps.sh).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${1:-$ROOT/operator/target/exchange-ssl-offload-operator.jar}
OUT=${2:-$ROOT/operator/target/image}
CHART=$ROOT/helm/exchange-ssl-offload-operator
CACHE=${IMAGE_BASE_CACHE:-$HOME/.cache/exchange-ssl-offload/image-base}
JDK=${IMAGE_JDK:-/usr/lib/jvm/java-17-openjdk-amd64}
SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
PACKAGES=libc6,libstdc++6,zlib1g,netbase
# `jdeps --print-module-deps` of the jar (java.base, java.compiler, java.desktop for java.beans,
# java.management, java.naming, java.net.http, java.rmi, java.security.jgss, java.sql,
# jdk.unsupported) plus what is found by service lookup or reflection: java.logging, java.xml,
# java.xml.crypto, java.security.sasl, jdk.crypto.ec (TLS with EC keys), jdk.security.auth
# (Kerberos login), jdk.naming.dns, jdk.zipfs, and jdk.httpserver (health endpoints).
MODULES=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http,java.rmi,java.security.jgss,java.security.sasl,java.sql,java.xml,java.xml.crypto,jdk.crypto.ec,jdk.httpserver,jdk.naming.dns,jdk.security.auth,jdk.unsupported,jdk.zipfs
UID_GID=65532
# All layer files carry this time: the image does not change with the hour it was built.
EPOCH=${SOURCE_DATE_EPOCH:-1704067200}

die() { echo "image/build.sh: $*" >&2; exit 1; }
[ -f "$JAR" ] || die "no jar at $JAR (mvn -B -DskipTests package first)"
for tool in mmdebstrap umoci skopeo; do
  command -v "$tool" >/dev/null || die "$tool not found: run .ci/install-deps.sh"
done
[ -x "$JDK/bin/jlink" ] && [ -d "$JDK/jmods" ] || die "no jlink/jmods in $JDK (Debian package openjdk-17-jdk-headless)"

REPOSITORY=$(sed -n 's/^  repository: *//p' "$CHART/values.yaml" | head -n1)
TAG=$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$CHART/Chart.yaml")
[ -n "$REPOSITORY" ] && [ -n "$TAG" ] || die "cannot read image.repository / appVersion from $CHART"
IMAGE=$REPOSITORY:$TAG
# The JVM's options (one per line in image/java-options, # comments), and glibc's malloc arenas held
# to 2: by default each thread that allocates natively may get its own (8 per core), memory the
# operator's waiting threads touch and never give back.
mapfile -t java_options < <(grep -v '^[[:space:]]*\(#\|$\)' "$ROOT/image/java-options")
MALLOC_ARENA_MAX=2

# A tar of DIR's contents, byte-identical for identical contents.
normalized_tar() {
  local dir=$1 out=$2
  tar --sort=name --mtime="@$EPOCH" --owner=0 --group=0 --numeric-owner --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
    -C "$dir" -cf "$out" .
}

# The recipe and the exact Debian versions it would install today.
base_key() {
  {
    sed -n '/^# BASE RECIPE START/,/^# BASE RECIPE END/p' "$0"
    echo "$SUITE $MIRROR $SECURITY_MIRROR $PACKAGES $MODULES $UID_GID $EPOCH"
    dpkg-query -W -f='${Package} ${Version}\n' openjdk-17-jdk-headless
    # shellcheck disable=SC2086
    apt-cache policy ${PACKAGES//,/ } | grep -E '^[^ ]|Candidate'
  } | sha256sum | cut -c1-16
}

# BASE RECIPE START
build_base() {
  local out=$1 work
  work=$(mktemp -d /tmp/image-base.XXXXXX)
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" RETURN
  SOURCE_DATE_EPOCH=$EPOCH mmdebstrap --quiet --variant=extract --include="$PACKAGES" \
    --aptopt='APT::Install-Recommends "false"' \
    --customize-hook='rm -rf "$1"/usr/share/doc "$1"/usr/share/man "$1"/usr/share/locale "$1"/usr/share/lintian "$1"/usr/share/info "$1"/var/cache/apt "$1"/var/lib/apt/lists "$1"/var/log/* "$1"/var/lib/dpkg' \
    "$SUITE" "$work/rootfs" "deb $MIRROR $SUITE main" "deb $SECURITY_MIRROR $SUITE-security main"
  "$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files \
    --compress=2 --output "$work/rootfs/opt/java"
  mkdir -p "$work/rootfs/etc" "$work/rootfs/tmp" "$work/rootfs/home/nonroot"
  chmod 1777 "$work/rootfs/tmp"
  echo "root:x:0:0:root:/root:/sbin/nologin" > "$work/rootfs/etc/passwd"
  echo "nonroot:x:$UID_GID:$UID_GID:nonroot:/home/nonroot:/sbin/nologin" >> "$work/rootfs/etc/passwd"
  printf 'root:x:0:\nnonroot:x:%s:\n' "$UID_GID" > "$work/rootfs/etc/group"
  chown "$UID_GID:$UID_GID" "$work/rootfs/home/nonroot"
  normalized_tar "$work/rootfs" "$out.tmp"
  mv "$out.tmp" "$out"
}
# BASE RECIPE END

started=$SECONDS
KEY=$(base_key)
BASE_TAR=$CACHE/base-$KEY.tar
if [ -f "$BASE_TAR" ]; then
  echo "image: base cached at $BASE_TAR"
else
  mkdir -p "$CACHE"
  echo "image: building base $BASE_TAR (mmdebstrap + jlink)"
  build_base "$BASE_TAR"
fi

WORK=$(mktemp -d /tmp/image-build.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/app/opt/operator"
cp "$JAR" "$WORK/app/opt/operator/exchange-ssl-offload-operator.jar"
chmod 0644 "$WORK/app/opt/operator/exchange-ssl-offload-operator.jar"
normalized_tar "$WORK/app" "$WORK/app.tar"

rm -rf "$OUT" && mkdir -p "$OUT"
LAYOUT=$OUT/oci
umoci init --layout "$LAYOUT"
umoci new --image "$LAYOUT:$TAG"
created=$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)
umoci raw add-layer --image "$LAYOUT:$TAG" --history.created "$created" \
  --history.created_by "image/build.sh: Debian $SUITE ($PACKAGES) + jlink JRE" "$BASE_TAR"
umoci raw add-layer --image "$LAYOUT:$TAG" --history.created "$created" \
  --history.created_by "image/build.sh: operator jar" "$WORK/app.tar"
umoci config --image "$LAYOUT:$TAG" --created "$created" --author "exchange-ssl-offload" \
  --config.user "$UID_GID:$UID_GID" --config.workingdir /home/nonroot \
  --config.env PATH=/opt/java/bin:/usr/bin:/bin --config.env JAVA_HOME=/opt/java \
  --config.env MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX \
  --config.entrypoint java "${java_options[@]/#/--config.entrypoint=}" --config.entrypoint -jar \
  --config.entrypoint /opt/operator/exchange-ssl-offload-operator.jar \
  --config.label "org.opencontainers.image.title=exchange-ssl-offload-operator" \
  --config.label "org.opencontainers.image.version=$TAG" \
  --history.created "$created" --history.created_by "image/build.sh: config"
umoci gc --layout "$LAYOUT"

skopeo copy --quiet "oci:$LAYOUT:$TAG" "docker-archive:$OUT/exchange-ssl-offload-operator.tar:$IMAGE"

manifest=$(skopeo inspect --raw "oci:$LAYOUT:$TAG")
layers=$(echo "$manifest" | python3 -c 'import json,sys; print(" ".join(l["digest"] for l in json.load(sys.stdin)["layers"]))')
read -r base_layer app_layer <<< "$layers"
cat > "$OUT/image.env" <<EOF
IMAGE=$IMAGE
BASE_LAYER=$base_layer
APP_LAYER=$app_layer
JAVA_OPTIONS=${java_options[*]}
MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX
EOF
size=$(du -sb "$OUT/exchange-ssl-offload-operator.tar" | cut -f1)
echo "image: $IMAGE in $OUT/exchange-ssl-offload-operator.tar ($((size / 1024 / 1024)) MB uncompressed; app layer $app_layer) in $((SECONDS - started)) s"
