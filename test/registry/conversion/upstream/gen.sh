#!/usr/bin/env bash
# Regenerates goldens.json from cases.json by running each case through kube-apiserver v1.33's
# conversion code (main.go). Needs Go and the Go module proxy; not part of the test run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/main.go" "$work/"
{
  echo 'module conversiongoldens'
  echo
  echo 'go 1.24'
  echo
  echo 'require k8s.io/kubernetes v1.33.13'
  # k8s.io/kubernetes requires its staging modules at v0.0.0; pin them to the matching release
  for m in api apiextensions-apiserver apimachinery apiserver cli-runtime client-go cloud-provider \
    cluster-bootstrap code-generator component-base component-helpers controller-manager cri-api \
    cri-client csi-translation-lib dynamic-resource-allocation endpointslice externaljwt kms \
    kube-aggregator kube-controller-manager kube-proxy kube-scheduler kubectl kubelet metrics \
    mount-utils pod-security-admission sample-apiserver sample-cli-plugin sample-controller; do
    echo "replace k8s.io/$m => k8s.io/$m v0.33.13"
  done
} > "$work/go.mod"
(cd "$work" && GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1 && GOFLAGS=-mod=mod go build -o goldens .)
"$work/goldens" < "$here/cases.json" > "$here/goldens.json"
