#!/usr/bin/env bash
# Build the site while holding the build lock, into a staging folder, and swap it in place of
# SITE in one step only when every step succeeded:
#   scripts/build_site.sh SITE [CONVERT [ARGS...] --] COMMAND [ARGS...]
# runs CONVERT ARGS (the converter, optional), then COMMAND ARGS --site-dir .SITE.staging:
#   scripts/build_site.sh site .venv/bin/python -m generator build --strict -- \
#     .venv/bin/mkdocs build --strict
# A failed or interrupted build leaves SITE as it was; the next run finishes or discards what
# an interrupted one left, and never deletes the last good site (generator/publish.py).
# A second build of the same build folder waits for the first (lock: $ARCHIVE_BUILD_DIR/.docs.lock,
# the converter's own). ARCHIVE_BUILD_DIR defaults to build, ARCHIVE_PYTHON to python3.
set -euo pipefail
site="${1:?usage: scripts/build_site.sh SITE [CONVERT [ARGS...] --] COMMAND [ARGS...]}"
shift
convert=()
for arg in "$@"; do
  if [ "$arg" = "--" ]; then
    while [ "$1" != "--" ]; do
      convert+=("$1")
      shift
    done
    shift
    break
  fi
done
python="${ARCHIVE_PYTHON:-python3}"
build_dir="${ARCHIVE_BUILD_DIR:-build}"
# mkdocs.yml publishes the converter's assembled tree (docs_dir: $ARCHIVE_DOCS_DIR).
export ARCHIVE_DOCS_DIR="${ARCHIVE_DOCS_DIR:-$build_dir/docs}"
staged="$(dirname -- "$site")/.$(basename -- "$site").staging"

# Crash tests stop the script at a named point (generator/faults.py; `kill` only here).
fault() {
  if [[ ",${ARCHIVE_FAULT:-}," == *",$1=kill,"* ]]; then kill -KILL $$; fi
}

mkdir -p -- "$build_dir"
lock="$build_dir/.docs.lock"
exec {lock_fd}>>"$lock"
if ! flock --nonblock "$lock_fd"; then
  holder="$(cat -- "$lock" 2>/dev/null || true)"
  echo "another build of $build_dir/ is running (pid ${holder:-?}, lock $lock); waiting for it to finish" >&2
  flock "$lock_fd"
fi
echo "$$" >"$lock"
# The converter run below finds the lock already held by this descriptor (generator/lock.py).
export ARCHIVE_LOCK_FD="$lock_fd"

"$python" -m generator.publish recover "$site"
if [ ${#convert[@]} -gt 0 ] && ! "${convert[@]}"; then
  echo "conversion failed: $site/ was left as it was" >&2
  exit 1
fi
fault site:converted
if ! "$@" --site-dir "$staged"; then
  rm -rf -- "$staged"
  echo "build failed: $site/ was left as it was" >&2
  exit 1
fi
fault site:built
"$python" -m generator.publish swap "$staged" "$site"
