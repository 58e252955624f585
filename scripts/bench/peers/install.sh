#!/usr/bin/env bash
# Installs the peer bridges twinhost is measured against, pinned, from the npm registry,
# each into its own folder of a cache outside the repository:
#   ${TWINHOST_PEERS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/twinhost/peers}/NAME
# The native ones (node-calls-python, pymport) are built from source by Debian's npm,
# node-gyp and python3-dev against the system's Node headers and libpython: nothing else is
# downloaded (pymport's prebuilt binaries and bundled Python are not used). Idempotent: a
# peer already installed at its pinned version is skipped. A peer that fails to install is
# recorded in status.json with the reason, and the others go on; the benchmark reports it.
set -uo pipefail
cd "$(dirname "$0")"

dir=${TWINHOST_PEERS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/twinhost/peers}
mkdir -p "$dir"

# name  package@version  extra npm arguments
pins=(
  "node-calls-python node-calls-python@1.11.1"
  "pymport pymport@1.5.1 --build-from-source"  # its node-addon-api needs C++17: see below
  "pyodide pyodide@0.26.4"
  "pythonia pythonia@1.2.6"
  "python-bridge python-bridge@1.1.0"
  "python-shell python-shell@5.0.0"
)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
need=()
for p in npm node-gyp python3-dev g++ make; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "peers: installing ${need[*]} from Debian" >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The native peers link the libpython of /usr/bin/python3 (a pyenv shim may be first on PATH).
export PATH="/usr/bin:$PATH"
export npm_config_python=/usr/bin/python3
# Debian's Node 18 headers build addons as C++14 by default; node-addon-api 8 (pymport's)
# needs C++17. The later flag wins.
export CXXFLAGS="${CXXFLAGS:-} -std=gnu++17"

status="{"
sep=""
for line in "${pins[@]}"; do
  read -r name spec extra <<<"$line"
  version=${spec##*@}
  target="$dir/$name"
  installed=$(node -p "try{require('$target/node_modules/${spec%@*}/package.json').version}catch(e){''}" 2>/dev/null)
  if [ "$installed" = "$version" ] && [ -f "$target/.ok" ]; then
    echo "peers: $name $version already installed" >&2
    state="\"ok\""
  else
    echo "peers: installing $spec into $target" >&2
    rm -rf "$target" && mkdir -p "$target"
    echo '{"private": true}' >"$target/package.json"
    # shellcheck disable=SC2086
    if (cd "$target" && timeout 900 npm install --no-audit --no-fund --loglevel=error $extra "$spec") \
        >"$target/install.log" 2>&1 && \
        (cd "$target" && timeout 60 node -e "require('${spec%@*}'); process.exit(0)") >>"$target/install.log" 2>&1; then
      touch "$target/.ok"
      state="\"ok\""
    else
      reason=$(grep -v '^\s*$' "$target/install.log" | tail -n 3 | tr '\n"\\' '   ' | cut -c1-300)
      echo "peers: $name FAILED to install: $reason (log: $target/install.log)" >&2
      state="\"failed: $reason\""
    fi
  fi
  status+="$sep\"$name\": {\"package\": \"$spec\", \"state\": $state}"
  sep=", "
done
status+="}"
echo "$status" >"$dir/status.json"
echo "$dir"
