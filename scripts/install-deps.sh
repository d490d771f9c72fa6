#!/usr/bin/env bash
# Installs what PixelPool needs from Debian's packages, only what is missing.
#   install-deps.sh                  build dependencies
#   install-deps.sh --tests          build + test dependencies
#   install-deps.sh --only PKG...    just these (the fuzzers' compiler, the benchmark's tools)
# Another apt at work (unattended-upgrades on a machine that has just booted) is waited for, up
# to PIXELPOOL_APT_WAIT seconds (600), instead of failing on its lock.
set -euo pipefail
# qt6-tools-dev, qt6-l10n-tools: lupdate/lrelease for the translations (resources/translations);
# qt6-translations-l10n: Qt's own texts in the user's language; libicu-dev: the watermark's
# bidirectional layout (ICU's ubidi; the library itself comes with Qt Core)
packages=(build-essential cmake ninja-build pkg-config file qt6-base-dev qt6-tools-dev qt6-l10n-tools qt6-translations-l10n
          libopencv-dev
          libjpeg62-turbo-dev libpng-dev libtiff-dev libwebp-dev libexiv2-dev liblcms2-dev libheif-dev libdav1d-dev libde265-dev libgif-dev libjxl-dev libraw-dev libdeflate-dev
          libfreetype-dev libharfbuzz-dev libicu-dev libfontconfig-dev fonts-dejavu-core qt6-image-formats-plugins)
case "${1:-}" in
  --tests)
    # fonts-droid-fallback: the CJK font the text watermark's fallback tests draw 東京 with;
    # python3-jsonschema: checks --json output and presets against resources/schema/
    # slurm-wlm, munge, parallel: the scale-out test runs a single-node Slurm (scripts/slurm-local.sh)
    # and GNU parallel
    # desktop-file-utils, appstream, lintian, shared-mime-info: the packaging checks (tests/package)
    # xvfb, openbox, xdotool, x11-utils: the window tested with a real pointer (tests/x11), and
    # dbus-daemon, at-spi2-core, python3-pyatspi: there with a screen reader's key listener
    # exfat-fuse, exfatprogs: outputs written to an exFAT file system, as on a memory card (cli_exfat_output);
    # ntfs-3g: to an NTFS stick, which Linux reads case-sensitively (cli_ntfs_output)
    # bash-completion, zsh, fish: the shell completions at work (package_completion)
    packages+=(exfat-fuse exfatprogs ntfs-3g python3 libjpeg-turbo-progs imagemagick libgs-common util-linux clang libclang-rt-14-dev clang-format-14
               desktop-file-utils appstream lintian shared-mime-info
               fonts-droid-fallback python3-jsonschema slurm-wlm munge parallel xvfb openbox xdotool x11-utils
               dbus-daemon at-spi2-core python3-pyatspi
               bash-completion zsh fish) ;;
  --only)
    shift
    packages=("$@") ;;
  "") ;;
  *)
    echo "install-deps.sh: unknown option $1 (--tests, --only PKG...)" >&2
    exit 2 ;;
esac
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]})) || exit 0

echo "Installing: ${missing[*]}"
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
wait_s=${PIXELPOOL_APT_WAIT:-600}
# apt-get install waits for dpkg's lock itself (DPkg::Lock::Timeout); apt-get update does not
# wait for the package lists' lock, so it is tried again while that lock is what stops it.
deadline=$((SECONDS + wait_s))
err=$(mktemp)
trap 'rm -f "$err"' EXIT
until $SUDO apt-get update -qq -o DPkg::Lock::Timeout="$wait_s" < /dev/null 2> "$err"; do
  if ! grep -q "Could not get lock" "$err" || ((SECONDS >= deadline)); then
    cat "$err" >&2
    exit 1
  fi
  [[ -n ${said:-} ]] || { echo "Waiting for another apt to finish: $(head -n 1 "$err")"; said=1; }
  sleep 3
done
cat "$err" >&2
$SUDO apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout="$wait_s" "${missing[@]}" < /dev/null
