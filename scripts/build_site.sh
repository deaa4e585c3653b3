#!/usr/bin/env bash
# Build into a sibling folder and swap it in only when the build succeeded, so a failed build
# leaves the previous site as it was:
#   scripts/build_site.sh SITE COMMAND [ARGS...]    (runs COMMAND ARGS --site-dir SITE.tmp)
#   scripts/build_site.sh site .venv/bin/mkdocs build --strict
set -euo pipefail
site="${1:?usage: scripts/build_site.sh SITE COMMAND [ARGS...]}"
shift
new="$site.tmp"
old="$site.old"
rm -rf -- "$new" "$old" # left over from an interrupted run
if ! "$@" --site-dir "$new"; then
  rm -rf -- "$new"
  echo "build failed: $site/ was left as it was" >&2
  exit 1
fi
if [ -e "$site" ]; then mv -- "$site" "$old"; fi
mv -- "$new" "$site"
rm -rf -- "$old"
