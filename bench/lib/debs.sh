# Sourced by the benchmark's scripts: installs the Debian packages given that are missing (apt,
# as root or through sudo).
#   ensure_debs TAG PACKAGE...     TAG names the script in the log line
ensure_debs() {
    local tag=$1 p
    shift
    local need=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
    done
    ((${#need[@]})) || return 0
    printf '[%s] installing %s\n' "$tag" "${need[*]}" >&2
    local sudo=""
    [[ $(id -u) -ne 0 ]] && sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}
