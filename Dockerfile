# The grading image: the sandbox worker (`python -I -m autograder.worker`) and exactly the
# packages of grading_env/requirements.txt, run as an unprivileged user.
#
# Build it with `autograder image build`, which assembles the build context (this file,
# requirements.txt, wheelhouse/ with every pinned wheel, dist/ with the autograder wheel), passes
# the labels below and builds with --network none: no step here needs a network.
#   online course:   autograder image build --base python:3.11-slim   (after `docker pull`)
#   offline (here):  grading_env/make_base_image.sh && autograder image build
ARG BASE_IMAGE=python:3.11-slim

# --- deps: a venv with the pinned wheels. Its own stage so the wheelhouse (~250 MB) never
# reaches the final image, and so that editing the autograder does not reinstall torch.
FROM ${BASE_IMAGE} AS deps
ENV PIP_NO_INDEX=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
COPY requirements.txt /build/requirements.txt
COPY wheelhouse/ /build/wheelhouse/
# torch's C++ headers and test binaries (~190 MB) serve only C++ extension builds and torch's
# own C++ tests: the image has no compiler, and nothing imports them.
RUN python3 -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-index --find-links /build/wheelhouse --only-binary :all: \
        --require-virtualenv -r /build/requirements.txt \
 && torch=$(/opt/venv/bin/python -I -B -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")/torch \
 && rm -rf "$torch/include" "$torch/test" "$torch"/bin/*Test "$torch"/bin/test_* "$torch"/bin/protoc* \
 && /opt/venv/bin/python -I -B -c "import torch, numpy, scipy, IPython, msgpack; torch.ones(2).sum()"

# --- the grading image ------------------------------------------------------------------------
FROM ${BASE_IMAGE}
ENV PIP_NO_INDEX=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
COPY --from=deps /opt/venv /opt/venv
COPY dist/ /build/dist/
# The autograder wheel without dependencies: the worker needs only what requirements.txt holds
# (the import check proves it). A named user and group for 10001, no home directory: the
# sandbox runs with a read-only root and HOME pointing at the tmpfs /scratch.
# /scratch is root:root 1777 like /tmp: a `--tmpfs /scratch` mounted over a directory of the
# image takes that directory's mode (Docker copies it up) and ignores its own mode=, so a 0755
# /scratch here would leave the grader a scratch it cannot write.
RUN /opt/venv/bin/pip install --no-index --no-deps /build/dist/*.whl \
 && /opt/venv/bin/python -I -B -c "import autograder.worker, autograder.testmodels" \
 && rm -rf /build \
 && groupadd --gid 10001 grader \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin grader \
 && mkdir -p /scratch && chmod 1777 /scratch

ENV PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    OMP_WAIT_POLICY=PASSIVE \
    VIRTUAL_ENV=/opt/venv \
    LANG=C.UTF-8 \
    HOME=/scratch \
    TMPDIR=/scratch \
    XDG_CACHE_HOME=/scratch/.cache \
    IPYTHONDIR=/scratch/.ipython \
    MPLCONFIGDIR=/scratch/.matplotlib \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    OMP_NUM_THREADS=1 \
    MKL_NUM_THREADS=1 \
    OPENBLAS_NUM_THREADS=1 \
    NUMEXPR_NUM_THREADS=1

WORKDIR /scratch
# Numeric, so a runtime that requires a non-root user can check it without /etc/passwd.
USER 10001:10001

# Last, so that a new autograder only re-labels; `autograder.sandbox.image.client.image_status` compares
# these with the checkout to tell a stale image from a ready one.
ARG REQUIREMENTS_SHA256=unknown
ARG PACKAGE_SHA256=unknown
ARG DOCKERFILE_SHA256=unknown
LABEL org.genmodels.autograder.requirements-sha256="${REQUIREMENTS_SHA256}" \
      org.genmodels.autograder.package-sha256="${PACKAGE_SHA256}" \
      org.genmodels.autograder.dockerfile-sha256="${DOCKERFILE_SHA256}"

ENTRYPOINT ["/opt/venv/bin/python", "-I", "-m", "autograder.worker"]
