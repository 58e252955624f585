#!/usr/bin/env bash
# Installs from Debian's packages what twinhost needs to build and test. Idempotent:
# when everything is present it only checks, in about a second.
#
# libnode-dev needs Debian's own nodejs of the same version. If another nodejs build
# (e.g. a vendor's Node 20) occupies the slot, it is replaced, so that `node` on this
# machine is the same build as the libnode twinhost embeds: host-versus-stock
# comparisons depend on that. This changes what `node` is on this machine.
#
# postgresql-15 creates Debian's default cluster (15/main, port 5432) and starts it where an
# init system runs (in a container it stays down). It is left as the package leaves it: the
# HTTP experiment never uses it, it starts its own server in a temporary folder on a free
# port (scripts/servers/database.py). `pg_ctlcluster 15 main stop` stops the default one.
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  libnode-dev nodejs
  python3 python3-dev libpython3.11-testsuite
  pybind11-dev catch2 libcli11-dev nlohmann-json3-dev libfmt-dev libssl-dev libbenchmark-dev
  hyperfine clang-format strace node-typescript
  node-acorn node-express
  python3-aiohttp python3-uvloop python3-fastapi
  postgresql-15 wrk nghttp2-client node-pg node-ejs python3-asyncpg python3-uvicorn
  python3-httptools python3-psycopg python3-flask python3-jinja2 gunicorn
  python3-matplotlib chromium
)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# The nodejs that libnode-dev pairs with: same version as the libnode candidate.
node_ok=1
libnode_version=$(dpkg-query -W -f='${Version}' libnode-dev 2>/dev/null || true)
nodejs_version=$(dpkg-query -W -f='${Version}' nodejs 2>/dev/null || true)
if [ -z "$libnode_version" ] || [ "$libnode_version" != "$nodejs_version" ]; then node_ok=0; fi

if [ ${#missing[@]} -eq 0 ] && [ $node_ok = 1 ]; then
  echo "setup: all packages present (node $(node --version), libnode $libnode_version)"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq
want=$(apt-cache policy libnode-dev | awk '/Candidate:/ {print $2}')
if [ -z "$want" ] || [ "$want" = "(none)" ]; then
  echo "setup: Debian's libnode-dev is not available from apt: add Debian 12 (bookworm) sources" >&2
  exit 1
fi
if [ -n "$nodejs_version" ] && [ "$nodejs_version" != "$want" ]; then
  echo "setup: replacing nodejs $nodejs_version with Debian's nodejs $want (the build libnode-dev $want needs);"
  echo "setup: after this, 'node' on this machine is Debian's Node $want"
fi
as_root apt-get install -y -qq --allow-downgrades \
  "nodejs=$want" "libnode-dev=$want" "libnode108=$want" \
  $(printf '%s\n' "${missing[@]}" | grep -vx -e nodejs -e libnode-dev) >/dev/null
echo "setup: installed; node $(node --version), libnode $(dpkg-query -W -f='${Version}' libnode-dev)"
