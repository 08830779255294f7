#!/usr/bin/env bash
# CI: make the Docker tier possible on a fresh Debian machine, idempotently.
#   1. apt-get install docker.io debootstrap (if missing)
#   2. start dockerd --bridge=none --iptables=false in the background (log: /tmp/dockerd.log)
#      unless an engine already answers; wait up to 60 s for `docker info`
#   3. grading_env/make_base_image.sh (offline Debian base image; skipped when present)
#   4. autograder image build --base genmodels-autograder-base:bookworm
#
#   .ci/docker-setup.sh [VENV_DIR | PYTHON]     (or AUTOGRADER_VENV=...; default: ./.venv)
#
# Needs root (apt-get, dockerd, debootstrap). Exits non-zero with a message saying which step
# failed; every step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
BASE_TAG="genmodels-autograder-base:bookworm"
DOCKERD_LOG=/tmp/dockerd.log
ENGINE_WAIT=60

fail() { echo "docker-setup: FAILED: $*" >&2; exit 1; }
say() { echo "docker-setup: $*"; }
t_start=$(date +%s)
elapsed() { echo "$(( $(date +%s) - t_start )) s"; }

# The autograder to run: a venv directory, a Python interpreter, or ./.venv.
target="${1:-${AUTOGRADER_VENV:-$REPO/.venv}}"
if [ -d "$target" ]; then
  PY="$target/bin/python"
else
  PY="$target"
fi
[ -x "$PY" ] || fail "no Python at $PY: pass the venv directory or its python (e.g. .ci/docker-setup.sh .venv)"
"$PY" -c "import autograder.sandbox.image.build" 2>/dev/null \
  || fail "$PY cannot import autograder.sandbox.image.build: install the project first (pip install -e .)"

[ "$(id -u)" -eq 0 ] || fail "needs root (apt-get, dockerd, debootstrap); run it with sudo"

# --- 1. packages ------------------------------------------------------------------------------
if ! command -v dockerd >/dev/null || ! command -v docker >/dev/null || ! command -v debootstrap >/dev/null; then
  say "installing docker.io and debootstrap"
  export DEBIAN_FRONTEND=noninteractive
  # Wait for another apt/dpkg (e.g. a provisioning step) instead of failing on its lock.
  apt_install() { apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends docker.io debootstrap; }
  if ! apt_install >/tmp/docker-setup-apt.log 2>&1; then
    apt-get -o DPkg::Lock::Timeout=900 update -q >>/tmp/docker-setup-apt.log 2>&1 || true
    apt_install >>/tmp/docker-setup-apt.log 2>&1 \
      || { tail -n 20 /tmp/docker-setup-apt.log >&2; fail "apt-get install docker.io debootstrap (log: /tmp/docker-setup-apt.log)"; }
  fi
  say "packages installed ($(elapsed))"
fi

# --- 2. engine --------------------------------------------------------------------------------
if docker info >/dev/null 2>&1; then
  say "Docker engine already running"
else
  if ! pgrep -x dockerd >/dev/null; then
    say "starting dockerd (log: $DOCKERD_LOG)"
    # No bridge and no iptables rules: containers here only ever run with --network none.
    nohup dockerd --bridge=none --iptables=false >"$DOCKERD_LOG" 2>&1 &
    echo $! >/tmp/dockerd.ci.pid
  else
    say "dockerd is starting; waiting for it"
  fi
  for _ in $(seq "$ENGINE_WAIT"); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  if ! docker info >/dev/null 2>&1; then
    tail -n 20 "$DOCKERD_LOG" >&2 2>/dev/null || true
    fail "the Docker engine did not answer within $ENGINE_WAIT s (log: $DOCKERD_LOG)"
  fi
  say "Docker engine up ($(elapsed))"
fi

# --- 3. offline base image --------------------------------------------------------------------
bash "$REPO/grading_env/make_base_image.sh" --tag "$BASE_TAG" \
  || fail "grading_env/make_base_image.sh (the offline base image)"
say "base image ready ($(elapsed))"

# --- 4. grading image -------------------------------------------------------------------------
"$PY" -m autograder --course "$REPO" image build --base "$BASE_TAG" \
  || fail "autograder image build --base $BASE_TAG"
say "grading image ready; Docker setup took $(elapsed)"
