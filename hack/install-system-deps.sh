#!/usr/bin/env bash
# Installs the Debian packages kubets' tests and benchmarks run against, when they are missing:
# etcd-server (the etcd storage backend), wrk (HTTP load for the API server benchmarks),
# prometheus (it scrapes kubets' metrics endpoints in the tests), and for real pods
# containerd, runc, busybox-static (the pause and busybox images are built from
# its static /bin/busybox) and containernetworking-plugins (the pods' CNI bridge network).
set -euo pipefail
missing=()
command -v etcd >/dev/null || missing+=(etcd-server)
command -v wrk >/dev/null || missing+=(wrk)
command -v prometheus >/dev/null || missing+=(prometheus)
command -v containerd >/dev/null || missing+=(containerd)
command -v runc >/dev/null || missing+=(runc)
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' || missing+=(busybox-static)
[ -x /usr/lib/cni/bridge ] || missing+=(containernetworking-plugins)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "kubets setup: please install these Debian packages: ${missing[*]}" >&2
  exit 1
fi
echo "kubets setup: installing ${missing[*]} from Debian"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
# The packages enable system etcd, containerd and prometheus services; kubets and its tests
# start their own, so make sure none runs.
for service in etcd containerd prometheus; do systemctl disable --now "$service" >/dev/null 2>&1 || true; done
