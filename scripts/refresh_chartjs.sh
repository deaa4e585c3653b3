#!/usr/bin/env bash
# Refresh the vendored Chart.js in docs/assets/vendor/chartjs/ from the npm package chart.js
# (https://www.chartjs.org, MIT). The site is read in mainland China and must not load
# anything from another origin, so the library is served from the site itself.
#
# Usage: scripts/refresh_chartjs.sh [VERSION]     (default: 4.6.1, the vendored version)
#
# CHARTJS_DEST overrides the target directory, so a new version can be tried out in a
# scratch directory before it replaces the vendored files.
set -euo pipefail

version="${1:-4.6.1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${CHARTJS_DEST:-$root/docs/assets/vendor/chartjs}"

command -v npm >/dev/null || { echo "refresh_chartjs: npm is required" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "Fetching chart.js@$version ..."
(cd "$work" && npm pack "chart.js@$version" --silent >/dev/null)
tarball=("$work"/chart.js-*.tgz)
tar -xzf "${tarball[0]}" -C "$work"
pkg="$work/package"

# Chart.js 4 ships its browser (UMD) build as dist/chart.umd.min.js (4.5+) or
# dist/chart.umd.js (4.0-4.4, already minified). Take the first one present.
src=""
for candidate in dist/chart.umd.min.js dist/chart.umd.js; do
  if [[ -s "$pkg/$candidate" ]]; then
    src="$pkg/$candidate"
    break
  fi
done
[[ -n "$src" ]] || { echo "refresh_chartjs: no dist/chart.umd*.js in chart.js@$version" >&2; exit 1; }

license_file=""
for candidate in LICENSE.md LICENSE LICENSE.txt; do
  if [[ -s "$pkg/$candidate" ]]; then
    license_file="$pkg/$candidate"
    break
  fi
done
[[ -n "$license_file" ]] || { echo "refresh_chartjs: LICENSE missing in package" >&2; exit 1; }

license=$(sed -n 's/.*"license": *"\([^"]*\)".*/\1/p' "$pkg/package.json" | head -n1)
[[ "$license" == "MIT" ]] || echo "refresh_chartjs: WARNING: package.json license is '${license:-unknown}', not MIT" >&2

mkdir -p "$dest"
# The source map is not vendored (~1 MB); drop the comment pointing at it, so that browser
# developer tools do not report a missing file. Nothing else in the file is changed.
sed '/^\/\/# sourceMappingURL=/d' "$src" >"$dest/chart.umd.min.js"
# .txt, not .md: MkDocs would render a .md under docs/ as a page of the site.
cp "$license_file" "$dest/LICENSE.txt"

# The bundle must not reference another origin at run time (it only mentions URLs in its
# banner and comments); show what it contains so a reviewer can check.
echo "URLs mentioned in the bundle (none may be loaded at run time):"
grep -o 'https\?://[^"'"'"' )]*' "$dest/chart.umd.min.js" | sort -u | sed 's/^/  /' || true

bytes=$(wc -c <"$dest/chart.umd.min.js")
gz=$(gzip -9c "$dest/chart.umd.min.js" | wc -c)
upstream_sha=$(sha256sum "$src" | cut -d' ' -f1)
echo "chart.js@$version ($(basename "$src"), licence ${license:-unknown}) copied to $dest:"
echo "  chart.umd.min.js  $bytes bytes ($gz gzipped)"
echo "  upstream $(basename "$src") sha256 $upstream_sha"
echo "Update the version, size and checksum in $dest/README.txt and check an indicator page."
