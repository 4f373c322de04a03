#!/usr/bin/env bash
# make run: encliid on its embedded defaults (own PostgreSQL under the state folder, the
# specs/ folder imported; with the simulated cluster, a simulated release for every service so the
# whole ecosystem deploys), then the console connected to it. Without a display the daemon
# keeps running in the foreground with its URL printed; Ctrl-C stops it.
set -euo pipefail
build="${1:-build}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
encliid="$here/$build/app/encliid/encliid"
console="$here/$build/app/enclii-console/enclii-console"
listen="${ENCLII_LISTEN:-127.0.0.1:4200}"
url="http://$listen"

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "enclii: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the console will not open."
  echo "enclii: encliid runs in the foreground on $url; open the console elsewhere with:"
  echo "          enclii-console --url $url"
  echo "enclii: or render a view without a display: enclii-console --url $url --screenshot map.png --view map"
  exec "$encliid" serve --listen "$listen" --specs "$here/specs" --simulated-releases
fi

"$encliid" serve --listen "$listen" --specs "$here/specs" --simulated-releases &
daemon=$!
trap 'kill -TERM $daemon 2>/dev/null; wait $daemon 2>/dev/null' EXIT INT TERM
echo "enclii: waiting for encliid on $url ..."
for _ in $(seq 1 240); do
  if curl -fsS "$url/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 $daemon 2>/dev/null; then echo "enclii: encliid exited; see its log above" >&2; exit 1; fi
  sleep 0.25
done
echo "enclii: encliid is ready on $url; opening the console (closing it stops encliid)"
"$console" --url "$url"
