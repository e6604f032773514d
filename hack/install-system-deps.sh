#!/usr/bin/env bash
# Installs the Debian packages kubets' tests and benchmarks run against, when they are missing:
# etcd-server (the etcd storage backend) and wrk (HTTP load for the API server benchmarks).
set -euo pipefail
missing=()
command -v etcd >/dev/null || missing+=(etcd-server)
command -v wrk >/dev/null || missing+=(wrk)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "kubets setup: please install these Debian packages: ${missing[*]}" >&2
  exit 1
fi
echo "kubets setup: installing ${missing[*]} from Debian"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
# The package enables a system etcd service; kubets starts its own, so make sure none runs.
systemctl disable --now etcd >/dev/null 2>&1 || true
