#!/usr/bin/env bash
# Build the offline base image of the grading image: Debian bookworm (minbase) with python3,
# python3-venv and ca-certificates, made by debootstrap from the Debian mirror apt already uses
# and imported with `docker import`. No container registry is needed.
#
#   grading_env/make_base_image.sh [--force] [--mirror URL] [--cache-dir DIR] [--no-cache]
#                                  [--no-upgrade] [--tag NAME]
#
# Idempotent: does nothing when the image exists (unless --force). The downloaded packages are
# kept as a debootstrap tarball under the cache dir to make a rebuild fast, but the cache is
# never required: a missing, old (> 30 days) or broken tarball is simply downloaded again.
# Needs root (debootstrap), debootstrap, tar and a running Docker engine.
set -euo pipefail

TAG="genmodels-autograder-base:bookworm"
SUITE="bookworm"
VARIANT="minbase"
INCLUDE="python3,python3-venv,ca-certificates"
CACHE_DIR="${GENMODELS_AUTOGRADER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/genmodels-autograder}"
CACHE_MAX_DAYS=30
MIRROR="${DEBIAN_MIRROR:-}"
FORCE=0
USE_CACHE=1
UPGRADE=1

die() { echo "make_base_image: error: $*" >&2; exit 1; }
say() { echo "make_base_image: $*" >&2; }
usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --force) FORCE=1 ;;
    --mirror) [ $# -ge 2 ] || die "--mirror needs a URL"; MIRROR="$2"; shift ;;
    --mirror=*) MIRROR="${1#*=}" ;;
    --cache-dir) [ $# -ge 2 ] || die "--cache-dir needs a directory"; CACHE_DIR="$2"; shift ;;
    --cache-dir=*) CACHE_DIR="${1#*=}" ;;
    --no-cache) USE_CACHE=0 ;;
    --no-upgrade) UPGRADE=0 ;;
    --tag) [ $# -ge 2 ] || die "--tag needs an image name"; TAG="$2"; shift ;;
    --tag=*) TAG="${1#*=}" ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done

start=$(date +%s)

# --- preconditions ---------------------------------------------------------------------------
[ "$(id -u)" -eq 0 ] || die "debootstrap needs root: run this script as root (e.g. with sudo)"
command -v docker >/dev/null || die "the docker CLI is missing: apt-get install docker.io"
command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install debootstrap"
docker info >/dev/null 2>&1 || die "no Docker engine reachable: start dockerd (e.g. \`dockerd --bridge=none --iptables=false &\`) and retry"

if [ "$FORCE" -eq 0 ] && docker image inspect "$TAG" >/dev/null 2>&1; then
  size=$(docker image inspect --format '{{.Size}}' "$TAG")
  say "$TAG already exists ($((size / 1000000)) MB); nothing to do (--force rebuilds it)"
  exit 0
fi

# The Debian mirrors apt is configured with are the ones known to be reachable from here.
# `apt-get indextargets` reads both sources.list formats (one-line and deb822).
apt_repo() {  # $1 = release (bookworm, bookworm-updates, bookworm-security) -> its repo URI
  # shellcheck disable=SC2016  # $(...) here is apt's field syntax, not the shell's
  apt-get indextargets --format '$(RELEASE) $(REPO_URI) $(TARGET_OF)' 2>/dev/null \
    | awk -v rel="$1" '$1 == rel && $3 == "deb" { print $2; exit }'
}
if [ -z "$MIRROR" ]; then
  command -v apt-get >/dev/null || die "cannot find a Debian mirror (no apt here): pass --mirror URL"
  MIRROR=$(apt_repo "$SUITE")
  [ -n "$MIRROR" ] || die "no '$SUITE' entry in apt's sources (/etc/apt/sources.list{,.d/*}): pass --mirror URL, e.g. --mirror http://deb.debian.org/debian"
fi
UPDATES_MIRROR=""; SECURITY_MIRROR=""
if [ "$UPGRADE" -eq 1 ] && command -v apt-get >/dev/null; then
  UPDATES_MIRROR=$(apt_repo "$SUITE-updates")
  SECURITY_MIRROR=$(apt_repo "$SUITE-security")
fi
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
say "building $TAG: debootstrap --variant=$VARIANT $SUITE ($ARCH) from $MIRROR"

# --- work dir, always cleaned up -------------------------------------------------------------
WORK=$(mktemp -d /var/tmp/genmodels-base.XXXXXX)
[ -n "$WORK" ] && [ -d "$WORK" ] || die "mktemp failed under /var/tmp"
ROOTFS="$WORK/rootfs"
unmount_under() {
  # debootstrap mounts /proc and /sys inside the target and may leave them after a failure:
  # unmount first, and never let rm cross into another filesystem.
  awk -v w="$1/" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
}
cleanup() {
  if [ -d "$WORK" ]; then
    unmount_under "$WORK"
    rm -rf --one-file-system "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- packages: a cached debootstrap tarball, or a fresh download ------------------------------
key=$(printf '%s %s %s %s' "$SUITE" "$VARIANT" "$ARCH" "$INCLUDE" | sha256sum | cut -c1-12)
TARBALL=""
if [ "$USE_CACHE" -eq 1 ] && mkdir -p "$CACHE_DIR" 2>/dev/null && [ -w "$CACHE_DIR" ]; then
  TARBALL="$CACHE_DIR/debootstrap-$SUITE-$VARIANT-$ARCH-$key.tgz"
  exec 9>"$CACHE_DIR/.base-image.lock"
  flock 9 || true  # two concurrent builds share one download
  if [ -f "$TARBALL" ] && [ -n "$(find "$TARBALL" -mtime +"$CACHE_MAX_DAYS" 2>/dev/null)" ]; then
    say "cached package tarball is older than $CACHE_MAX_DAYS days; downloading again"
    rm -f "$TARBALL"
  fi
  if [ ! -s "$TARBALL" ]; then
    say "downloading packages into $TARBALL"
    t0=$(date +%s)
    if debootstrap --variant="$VARIANT" --include="$INCLUDE" --arch="$ARCH" \
        --make-tarball="$WORK/packages.tgz" "$SUITE" "$WORK/mk" "$MIRROR" >"$WORK/make-tarball.log" 2>&1; then
      mv -f "$WORK/packages.tgz" "$TARBALL"
      say "downloaded in $(( $(date +%s) - t0 )) s"
    else
      tail -n 20 "$WORK/make-tarball.log" >&2
      say "could not pre-download the packages; falling back to a direct debootstrap"
      TARBALL=""
    fi
    rm -rf --one-file-system "$WORK/mk"
  else
    say "reusing cached packages $TARBALL"
  fi
fi

run_debootstrap() {  # $1 = tarball or empty
  local extra=()
  [ -n "$1" ] && extra=(--unpack-tarball="$1")
  unmount_under "$ROOTFS"
  rm -rf --one-file-system "$ROOTFS"
  debootstrap --variant="$VARIANT" --include="$INCLUDE" --arch="$ARCH" "${extra[@]}" \
    "$SUITE" "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1
}
t0=$(date +%s)
if ! run_debootstrap "$TARBALL"; then
  if [ -n "$TARBALL" ]; then
    tail -n 20 "$WORK/debootstrap.log" >&2
    say "debootstrap from the cached tarball failed; removing it and downloading afresh"
    rm -f "$TARBALL"
    run_debootstrap "" || { tail -n 30 "$WORK/debootstrap.log" >&2; die "debootstrap failed (full log above); check that $MIRROR is reachable"; }
  else
    tail -n 30 "$WORK/debootstrap.log" >&2
    die "debootstrap failed (log above); check that $MIRROR is reachable or pass --mirror URL"
  fi
fi
say "debootstrap done in $(( $(date +%s) - t0 )) s"

# --- point update: bookworm-updates and bookworm-security, when apt knows them ----------------
# Never start services inside the image (builds that apt-get install on top of it).
printf '#!/bin/sh\nexit 101\n' >"$ROOTFS/usr/sbin/policy-rc.d"
chmod 755 "$ROOTFS/usr/sbin/policy-rc.d"
# No docs, man pages or translations from any later install either (the upgrade below included).
cat >"$ROOTFS/etc/dpkg/dpkg.cfg.d/01-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
EOF
if [ "$UPGRADE" -eq 1 ] && { [ -n "$UPDATES_MIRROR" ] || [ -n "$SECURITY_MIRROR" ]; }; then
  # Only the update suites: `upgrade` installs no new package, so the index of bookworm main
  # (the slow part of `apt-get update`) is not needed to bring the installed ones up to date.
  {
    [ -n "$UPDATES_MIRROR" ] && echo "deb $UPDATES_MIRROR $SUITE-updates main"
    [ -n "$SECURITY_MIRROR" ] && echo "deb $SECURITY_MIRROR $SUITE-security main"
  } >"$ROOTFS/etc/apt/sources.list"
  t0=$(date +%s)
  if chroot "$ROOTFS" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
      sh -c 'apt-get -qq -o Acquire::Languages=none update && apt-get -qq -y -o Dpkg::Options::=--force-confold upgrade' \
      >"$WORK/upgrade.log" 2>&1; then
    say "security/point updates applied in $(( $(date +%s) - t0 )) s"
  else
    tail -n 20 "$WORK/upgrade.log" >&2
    die "apt-get upgrade inside the new root failed (log above); --no-upgrade skips this step"
  fi
fi
{
  echo "deb $MIRROR $SUITE main"
  [ -n "$UPDATES_MIRROR" ] && echo "deb $UPDATES_MIRROR $SUITE-updates main"
  [ -n "$SECURITY_MIRROR" ] && echo "deb $SECURITY_MIRROR $SUITE-security main"
} >"$ROOTFS/etc/apt/sources.list"

# --- trim what a grading sandbox never reads --------------------------------------------------
chroot "$ROOTFS" apt-get clean
# ${ROOTFS:?}: an empty variable must never turn these into paths of the host.
rm -rf "${ROOTFS:?}"/var/lib/apt/lists/* "${ROOTFS:?}"/var/cache/apt/*.bin "${ROOTFS:?}"/var/log/* \
  "${ROOTFS:?}"/var/cache/debconf/*-old "${ROOTFS:?}"/var/lib/dpkg/*-old \
  "${ROOTFS:?}"/usr/share/man/* "${ROOTFS:?}"/usr/share/info/* "${ROOTFS:?}"/usr/share/lintian \
  "${ROOTFS:?}"/usr/share/locale/* "${ROOTFS:?}"/dev/* "${ROOTFS:?}"/run/* "${ROOTFS:?}"/tmp/*
# Keep the licences (copyright files), drop the rest of /usr/share/doc.
find "$ROOTFS/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$ROOTFS/usr/share/doc" -mindepth 1 -type d -empty -delete
: >"$ROOTFS/etc/resolv.conf"  # docker provides its own; never ship the build host's
rm -f "$ROOTFS/etc/hostname"
chroot "$ROOTFS" python3 -c 'import venv, ensurepip, ssl' \
  || die "the new root has no working python3 with venv/ensurepip/ssl (python3-venv missing from --include?)"
pyver=$(chroot "$ROOTFS" python3 -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')

# --- import -----------------------------------------------------------------------------------
t0=$(date +%s)
tar --numeric-owner --xattrs -C "$ROOTFS" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change "LABEL org.genmodels.autograder.base=debootstrap-$SUITE-$VARIANT org.genmodels.autograder.base-python=$pyver" \
  --change 'CMD ["/bin/bash"]' \
  --message "debootstrap --variant=$VARIANT --include=$INCLUDE $SUITE $MIRROR" \
  - "$TAG" >/dev/null || die "docker import failed"
size=$(docker image inspect --format '{{.Size}}' "$TAG")
say "imported in $(( $(date +%s) - t0 )) s"
say "built $TAG: Debian $SUITE $VARIANT, python $pyver, $((size / 1000000)) MB, in $(( $(date +%s) - start )) s"
