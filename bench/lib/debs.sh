# Sourced by the benchmark's scripts: installs the Debian packages given that are missing, with
# scripts/install-deps.sh --only (apt, as root or through sudo, waiting for another apt).
#   ensure_debs TAG PACKAGE...     TAG names the script in the log lines
ensure_debs() {
    local tag=$1
    shift
    bash "$(dirname "${BASH_SOURCE[0]}")/../../scripts/install-deps.sh" --only "$@" |
        { grep --line-buffered -E '^(Installing|Waiting)' || true; } | sed "s/^/[$tag] /" >&2
}
