#!/usr/bin/env bash
# Fetches the pinned upstream Kubernetes API artifacts that kubets builds from and copies the
# parts it needs into the git-ignored .cache/upstream/:
#   openapi/v2/swagger.json, openapi/v3/*.json      (k8s.io/kubernetes api/openapi-spec)
#   discovery/*.json                                 (k8s.io/kubernetes api/discovery)
#   proto/k8s.io/...generated.proto                  (k8s.io/api, needed k8s.io/apimachinery)
#   proto/openapiv2/OpenAPIv2.proto, proto/google/protobuf/any.proto   (gnostic-models)
#   go/k8s.io/...*.go                                (Go struct tags: json name, omitempty, pointer;
#                                                    group names from doc.go/register.go)
# The modules come from the Go module proxy through `go mod download`, which checks them
# against the checksum database; the h1: sums are also pinned here and compared.
# A stamp records the pins: a second run with the same pins does nothing. Quiet on success.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# module@version  expected h1 sum
pins=(
  "k8s.io/kubernetes@v1.33.13 h1:bmH31xUdSzeA5vk0wZAK9MZp11mdLuzUSeKk0qN3hPQ="
  "k8s.io/api@v0.33.13 h1:Au/I/J8SXmcCBxp+KiS82451AEaKjVHouB1x3lUm1Wk="
  "k8s.io/apimachinery@v0.33.13 h1:e15J9pNLORqlAQ3/D2QdXvMTHJLl0PxDhike6iNcw20="
  "github.com/google/gnostic-models@v0.6.9 h1:MU/8wDLif2qCXZmzncUQ/BOfxWfthHi63KqpoNbWqVw="
)
# packages of k8s.io/apimachinery whose generated.proto k8s.io/api imports
apimachinery_pkgs=(pkg/apis/meta/v1 pkg/runtime pkg/runtime/schema pkg/api/resource pkg/util/intstr)
layout_version=3 # bump when the copied layout below changes

out=$root/.cache/upstream
stamp=$out/.stamp
want_stamp=$(printf '%s\n' "layout $layout_version" "${pins[@]}")
if [[ -f $stamp && "$(cat "$stamp")" == "$want_stamp" ]]; then
  exit 0
fi

command -v go >/dev/null || { echo "fetch-api-artifacts: the go command is needed (it downloads and verifies the pinned modules)" >&2; exit 1; }

export GOMODCACHE=$root/.cache/gomod
export GOFLAGS=-modcacherw
export GOTOOLCHAIN=local
mkdir -p "$GOMODCACHE"

mods=()
for p in "${pins[@]}"; do mods+=("${p%% *}"); done
if ! json=$(cd "$GOMODCACHE" && go mod download -json "${mods[@]}" 2>&1); then
  echo "fetch-api-artifacts: go mod download failed:" >&2
  echo "$json" >&2
  exit 1
fi

# "module@version sum dir" per line, from the concatenated JSON objects go prints
listing=$(node -e '
  const text = require("fs").readFileSync(0, "utf8");
  for (const chunk of text.split(/\n(?=\{)/)) {
    const m = JSON.parse(chunk);
    if (m.Error) { console.error(m.Path + "@" + m.Version + ": " + m.Error); process.exit(1); }
    console.log(m.Path + "@" + m.Version + " " + m.Sum + " " + m.Dir);
  }' <<<"$json")

declare -A dir
for p in "${pins[@]}"; do
  mod=${p%% *} want=${p#* }
  line=$(grep -F "$mod " <<<"$listing" || true)
  got=$(cut -d' ' -f2 <<<"$line")
  if [[ "$got" != "$want" ]]; then
    echo "fetch-api-artifacts: checksum mismatch for $mod: expected $want, got ${got:-nothing}" >&2
    exit 1
  fi
  dir[$mod]=$(cut -d' ' -f3- <<<"$line")
done

kube=${dir[k8s.io/kubernetes@v1.33.13]}
api=${dir[k8s.io/api@v0.33.13]}
apim=${dir[k8s.io/apimachinery@v0.33.13]}
gnostic=${dir[github.com/google/gnostic-models@v0.6.9]}

tmp=$(mktemp -d "$root/.cache/upstream.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# OpenAPI documents
mkdir -p "$tmp/openapi/v2" "$tmp/openapi/v3"
cp "$kube/api/openapi-spec/swagger.json" "$tmp/openapi/v2/swagger.json"
cp "$kube"/api/openapi-spec/v3/*.json "$tmp/openapi/v3/"

# Discovery documents (aggregated v2 and the legacy per group-version lists): the resources,
# verbs, short names and categories the API server serves
mkdir -p "$tmp/discovery"
cp "$kube"/api/discovery/*.json "$tmp/discovery/"

# copy_go_pkg SRC_DIR DEST_DIR: the package's generated.proto and the Go files carrying the
# struct tags, the named type declarations and the group name (not tests, not generated code)
copy_go_pkg() {
  local src=$1 dest=$2 f base
  mkdir -p "$tmp/proto/$dest" "$tmp/go/$dest"
  [[ -f $src/generated.proto ]] && cp "$src/generated.proto" "$tmp/proto/$dest/"
  for f in "$src"/*.go; do
    base=${f##*/}
    case $base in
      *_test.go | generated.pb.go | zz_generated* | *swagger_doc_generated.go) continue ;;
    esac
    if [[ $base == types.go || $base == doc.go || $base == register.go ]] || grep -q 'protobuf:"' "$f"; then
      cp "$f" "$tmp/go/$dest/"
    fi
  done
}

while IFS= read -r proto; do
  rel=${proto#"$api"/}
  copy_go_pkg "${proto%/generated.proto}" "k8s.io/api/${rel%/generated.proto}"
done < <(find "$api" -name generated.proto | sort)
for pkg in "${apimachinery_pkgs[@]}"; do
  copy_go_pkg "$apim/$pkg" "k8s.io/apimachinery/$pkg"
done
# resource.Quantity has no struct tags but its JSON form is its own; keep its source at hand
cp "$apim/pkg/api/resource/quantity.go" "$tmp/go/k8s.io/apimachinery/pkg/api/resource/"

# gnostic OpenAPI v2 schema (kubectl 1.27/1.28 read /openapi/v2 as this protobuf)
mkdir -p "$tmp/proto/openapiv2" "$tmp/proto/google/protobuf"
cp "$gnostic/openapiv2/OpenAPIv2.proto" "$tmp/proto/openapiv2/"
cp "$gnostic/third_party/google/protobuf/any.proto" "$tmp/proto/google/protobuf/"

chmod -R u+w "$tmp"
printf '%s\n' "$want_stamp" >"$tmp/.stamp"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
