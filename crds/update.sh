#!/usr/bin/env bash
# Regenerates the ExchangeSslOffload CRD from the Java model (crd-generator-maven-plugin, bound to
# process-classes in operator/pom.xml) and refreshes the committed copies: this folder and the Helm
# chart's crds/. CrdCopiesAreCurrentTest fails until this has been run after a model change.
set -euo pipefail
cd "$(dirname "$0")/.."
CRD=exchangessloffloads.ssloffload.io-v1.yml
mvn -B -q ${MAVEN_OFFLINE:+-o} -pl operator process-classes
for target in crds helm/exchange-ssl-offload-operator/crds; do
  cp "operator/target/classes/META-INF/fabric8/$CRD" "$target/$CRD"
  echo "updated $target/$CRD"
done
