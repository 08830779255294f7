"""The warm container's command line: the channel socket is the one host path it gets."""

from __future__ import annotations

from autograder.course import Limits
from autograder.sandbox.docker import docker_run_args
from autograder.sandbox.zygote import CHANNEL_PATH


def _mounts(args: list[str]) -> list[str]:
    return [args[i + 1] for i, a in enumerate(args) if a in ("--mount", "-v", "--volume")]


def test_the_channel_socket_is_bind_mounted_alone_and_stdin_is_not_attached() -> None:
    sock = "/tmp/ag-chan-x/zygote.sock"
    args = docker_run_args("img", "ag-b-z1", "b", Limits(), warm=True, channel=sock)
    assert _mounts(args) == [f"type=bind,source={sock},target={CHANNEL_PATH}"]
    assert (
        "-i" not in args
        and "--read-only" in args
        and args[args.index("--network") : args.index("--network") + 2] == ["--network", "none"]
    )


def test_without_a_channel_nothing_is_mounted_and_stdin_carries_the_frames() -> None:
    for warm in (False, True):
        args = docker_run_args("img", "ag-b-z1", "b", Limits(), warm=warm)
        assert _mounts(args) == [] and "-i" in args
