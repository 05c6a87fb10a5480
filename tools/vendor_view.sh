#!/usr/bin/env bash
# Re-vendor the graph libraries of the HTML view from pinned npm versions.
#
# Installs the pinned packages into a temporary directory with npm, bundles the entry
# tools/view_vendor_entry.js into one minified IIFE (global `CGVendor`) with esbuild, and copies
# the bundle and each package's licence into claimgraph/graph/export/static/vendor/, then
# rewrites VENDORED.md with the versions and sha256 sums. Needs node + npm; run from the checkout:
#     bash tools/vendor_view.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/claimgraph/graph/export/static/vendor"
PACKAGES=(
  "sigma@3.0.3"
  "graphology@0.26.0"
  "graphology-layout-forceatlas2@0.10.1"
  "graphology-utils@2.5.2"
)
ESBUILD="esbuild@0.24.2"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
npm init -y >/dev/null
npm install --no-audit --no-fund --save-exact "${PACKAGES[@]}" "$ESBUILD" >/dev/null
cp "$ROOT/tools/view_vendor_entry.js" entry.js
BUNDLE_CMD="esbuild entry.js --bundle --format=iife --global-name=CGVendor --minify --target=es2019 --legal-comments=none --outfile=graphlibs.min.js"
npx $BUNDLE_CMD
mkdir -p "$DEST"
rm -f "$DEST"/*
cp graphlibs.min.js "$DEST/"
for spec in "${PACKAGES[@]}"; do
  name="${spec%@*}"
  cp "node_modules/$name/LICENSE.txt" "$DEST/LICENSE-$name.txt"
done
{
  echo "# Vendored JavaScript of the HTML view"
  echo
  echo "Written by \`tools/vendor_view.sh\`; do not edit by hand. The view inlines"
  echo "\`graphlibs.min.js\` into the one HTML file (no CDN, nothing fetched at run time)."
  echo
  echo "Bundle command (in a temporary npm project with the packages below installed):"
  echo
  echo "    npx $BUNDLE_CMD"
  echo
  echo "with $ESBUILD and the entry \`tools/view_vendor_entry.js\`."
  echo
  echo "| package | version | licence | npm tarball sha256 |"
  echo "|---|---|---|---|"
  for spec in "${PACKAGES[@]}"; do
    name="${spec%@*}"; version="${spec##*@}"
    tarball="$(npm pack --silent "$spec" 2>/dev/null | tail -1)"
    sum="$(sha256sum "$tarball" | cut -d' ' -f1)"
    licence="$(node -p "require('./node_modules/$name/package.json').license")"
    echo "| $name | $version | $licence (\`LICENSE-$name.txt\`) | \`$sum\` |"
  done
  echo
  echo "| file | sha256 |"
  echo "|---|---|"
  for f in "$DEST"/*; do
    echo "| $(basename "$f") | \`$(sha256sum "$f" | cut -d' ' -f1)\` |"
  done
} > "$TMP/VENDORED.md"
cp "$TMP/VENDORED.md" "$DEST/VENDORED.md"
echo "vendored into $DEST:"
ls -l "$DEST"
