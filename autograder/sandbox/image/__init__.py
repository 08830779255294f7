"""The Docker grading image: build it without a network, and tell a current image from a stale one.

The image (``Dockerfile`` at the repository root) holds the sandbox worker and exactly the pinned
packages of ``grading_env/requirements.txt``. ``autograder image build`` works offline: the wheels
are fetched on the host with ``pip download`` (into a cache wheelhouse, reused while complete), the
autograder itself becomes a wheel, and the Docker build runs with ``--network none`` on a base
image that is already local: by default the Debian image made by
``grading_env/make_base_image.sh`` (debootstrap + ``docker import``, no registry involved).

An image carries three labels: the SHA-256 of the requirements file, of the package source and of
the Dockerfile it was built from. :func:`.client.image_status` compares them with the checkout, so
editing the worker or a pin makes the image "stale" rather than silently grading with old code.

``labels`` (names and label values) and ``wheels`` (pins, wheel names, platform tags, the
wheelhouse), ``base`` (the base image's Python and glibc), ``client`` (the engine and the image's
status) and ``build`` (the command).
"""
