#!/usr/bin/env bash
# Builds the Go programs the tests drive kubets with, at pinned versions, from the Go module
# proxy (`go install`, which checks every module against the checksum database):
#   helm             Helm v3 (installs, upgrades and rolls back the example operator's chart)
#   kwok, kwokctl    kwok (simulated nodes and pods against an API server)
# Everything lands in the git-ignored .cache/: the binaries in .cache/go-tools/bin, the module
# and build caches beside them. A stamp records the pins and the Go version: a second run with
# the same pins and binaries present does nothing. Quiet on success.
# crictl (sigs.k8s.io/cri-tools) is not here: the module proxy reachable here refuses that module.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# binary  package@version  -X flags (as the projects' release builds set them: helm's version, and
# the Kubernetes version of its client-go, which `helm template` and `helm lint` assume)
pins=(
  "helm helm.sh/helm/v3/cmd/helm@v3.22.0 -X=helm.sh/helm/v3/internal/version.version=v3.22.0 -X=helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=37 -X=helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=37"
  "kwok sigs.k8s.io/kwok/cmd/kwok@v0.8.0"
  "kwokctl sigs.k8s.io/kwok/cmd/kwokctl@v0.8.0"
)

out=$root/.cache/go-tools
bin=$out/bin
stamp=$out/.stamp

command -v go >/dev/null || { echo "install-go-tools: the go command is needed (it builds helm and kwok)" >&2; exit 1; }
want_stamp=$(printf '%s\n' "$(go env GOVERSION)" "${pins[@]}")
present=true
for p in "${pins[@]}"; do [[ -x $bin/${p%% *} ]] || present=false; done
if [[ $present == true && -f $stamp && "$(cat "$stamp")" == "$want_stamp" ]]; then
  exit 0
fi

export GOPATH=$out/gopath
export GOBIN=$bin
export GOCACHE=$root/.cache/gobuild
export GOMODCACHE=$root/.cache/gomod
export GOFLAGS=-modcacherw
export GOTOOLCHAIN=local
export CGO_ENABLED=0
mkdir -p "$bin"
rm -f "$stamp"

echo "kubets setup: building helm and kwok with go install (the first build takes a few minutes)"
for p in "${pins[@]}"; do
  read -r _ pkg ldflags <<<"$p"
  if ! log=$(go install -trimpath -ldflags="-s -w $ldflags" "$pkg" 2>&1); then
    echo "install-go-tools: go install $pkg failed:" >&2
    echo "$log" >&2
    exit 1
  fi
done
printf '%s\n' "$want_stamp" >"$stamp"
