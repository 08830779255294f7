"""The allow-list root of a confined ``process`` worker.

The worker does not see the host's file tree with a few secrets covered (a deny-list): it sees a
fresh tmpfs into which only what it needs is bind-mounted read-only (``/usr`` and the ``/lib*``
links, the interpreter's prefixes, the autograder package, a handful of ``/etc`` files), a minimal
``/dev``, its own ``/proc`` (of a new PID namespace), and private size-capped tmpfs mounts for
``/tmp``, ``/dev/shm`` and its home ``/scratch``. :func:`plan` decides that layout from facts
about the host (pure, so tests read it); :func:`build` carries it out and ``pivot_root``-s into it,
after which nothing of the host's tree is reachable: the old root is detached, not hidden.

Linux only; called in a private mount namespace by :mod:`autograder.sandbox.confine`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

__all__ = [
    "SCRATCH",
    "Bind",
    "Device",
    "File",
    "HostFacts",
    "Link",
    "Op",
    "Proc",
    "Tmpfs",
    "build",
    "check_rc",
    "host_facts",
    "libc",
    "mount",
    "plan",
]

SCRATCH = "/scratch"  # the worker's home, working directory and TMPDIR
SCRATCH_BYTES = 512 * 1024**2  # as the docker backend's /scratch
TMP_BYTES = 64 * 1024**2
SHM_BYTES = 64 * 1024**2

# What of the host's top level a Python program needs: the merged-/usr links or folders.
SYSTEM_TOP = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
# The few /etc entries the dynamic linker, Python and torch read (passwd, group, hosts and
# hostname are written anew: the host's name its users nothing of).
ETC_KEPT = (
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "nsswitch.conf",
    "localtime",
    "alternatives",
)
DEVICES = ("null", "zero", "full", "random", "urandom")
# CPU topology only (torch's cpuinfo reads it); nothing else of /sys.
SYS_KEPT = ("/sys/devices/system/cpu",)


@dataclass(frozen=True)
class Bind:
    """``source`` of the host, read-only (no suid, no devices) at the same path."""

    source: str


@dataclass(frozen=True)
class Link:
    """A symlink ``path -> value`` (the merged-/usr ``/lib -> usr/lib``, ``/dev/fd``)."""

    path: str
    value: str


@dataclass(frozen=True)
class Tmpfs:
    path: str
    mode: int
    size: int
    owner: int | None = None  # uid = gid of the worker


@dataclass(frozen=True)
class File:
    path: str
    text: str


@dataclass(frozen=True)
class Device:
    name: str  # /dev/<name>, bound from the host's node (writable: /dev/null must take writes)


@dataclass(frozen=True)
class Proc:
    """A new procfs: with a new PID namespace it lists the sandbox's processes only."""


Op = Bind | Link | Tmpfs | File | Device | Proc


@dataclass(frozen=True)
class HostFacts:
    """What :func:`plan` needs to know about the host; ``kind(path)`` is ``"dir"``, ``"file"``,
    ``"link:<value>"`` or ``None`` (missing)."""

    prefixes: tuple[str, ...]  # the interpreter's prefixes and the autograder package
    kind: Callable[[str], str | None]


def host_facts(prefixes: Iterable[str]) -> HostFacts:
    def kind(path: str) -> str | None:
        if os.path.islink(path):
            return "link:" + os.readlink(path)
        if os.path.isdir(path):
            return "dir"
        return "file" if os.path.exists(path) else None

    return HostFacts(tuple(os.path.realpath(p) for p in prefixes), kind)


def _covered(path: str, by: Iterable[str]) -> bool:
    p = PurePosixPath(path)
    return any(p == PurePosixPath(b) or PurePosixPath(b) in p.parents for b in by)


def plan(facts: HostFacts, uid: int) -> list[Op]:
    """The worker's root, as a list of operations applied in order (pure)."""
    ops: list[Op] = []
    bound: list[str] = []
    for top in SYSTEM_TOP:
        k = facts.kind(top)
        if k is None:
            continue
        if k.startswith("link:"):
            ops.append(Link(top, k[5:]))
        elif k == "dir":
            ops.append(Bind(top))
            bound.append(top)
    for prefix in sorted(set(facts.prefixes)):
        if facts.kind(prefix) == "dir" and not _covered(prefix, bound):
            ops.append(Bind(prefix))
            bound.append(prefix)
    for name in ETC_KEPT:
        path = f"/etc/{name}"
        k = facts.kind(path)
        if k is not None and k.startswith("link:"):
            ops.append(Link(path, k[5:]))
        elif k is not None:
            ops.append(Bind(path))
    ops += [
        File(
            "/etc/passwd",
            f"root:x:0:0::/:/usr/sbin/nologin\nstudent:x:{uid}:{uid}::{SCRATCH}:/bin/sh\n",
        ),
        File("/etc/group", f"root:x:0:\nstudent:x:{uid}:\n"),
        File("/etc/hosts", "127.0.0.1 localhost sandbox\n::1 localhost sandbox\n"),
        File("/etc/hostname", "sandbox\n"),
        Tmpfs("/dev", 0o755, 64 * 1024),
        *(Device(d) for d in DEVICES if facts.kind(f"/dev/{d}") == "file"),
        Link("/dev/fd", "/proc/self/fd"),
        Link("/dev/stdin", "/proc/self/fd/0"),
        Link("/dev/stdout", "/proc/self/fd/1"),
        Link("/dev/stderr", "/proc/self/fd/2"),
        Tmpfs("/dev/shm", 0o1777, SHM_BYTES),
        Proc(),
        *(Bind(s) for s in SYS_KEPT if facts.kind(s) == "dir"),
        Tmpfs("/tmp", 0o1777, TMP_BYTES),
        Tmpfs(SCRATCH, 0o700, SCRATCH_BYTES, owner=uid),
    ]
    return ops


# -- carrying it out (syscalls) -----------------------------------------------------------------

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_MOVE = 8192
MS_REC = 16384
MS_PRIVATE = 1 << 18
MNT_DETACH = 2
# pivot_root has no glibc wrapper; its number per architecture.
_SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "riscv64": 41, "ppc64le": 203, "s390x": 217}

libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def check_rc(rc: int, what: str) -> None:
    if rc != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def mount(
    source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None
) -> None:
    check_rc(
        libc.mount(
            source.encode() if source else None,
            target.encode(),
            fstype.encode() if fstype else None,
            ctypes.c_ulong(flags),
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def _mkdirs(path: str) -> None:
    os.makedirs(path, mode=0o755, exist_ok=True)


def _touch(path: str) -> None:
    _mkdirs(os.path.dirname(path))
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o644))


def _bind(source: str, target: str, flags: int) -> None:
    if os.path.isdir(source):
        _mkdirs(target)
    else:
        _touch(target)
    mount(source, target, None, MS_BIND | MS_REC)
    mount(None, target, None, MS_BIND | MS_REMOUNT | flags)


def _apply(op: Op, root: str, hide: list[str]) -> None:
    at = root + (op.path if not isinstance(op, Bind | Device | Proc) else "")
    if isinstance(op, Bind):
        _bind(op.source, root + op.source, MS_RDONLY | MS_NOSUID | MS_NODEV)
        for secret in hide:  # a course folder inside an allowed prefix stays covered
            if _covered(secret, [op.source]) and os.path.isdir(root + secret):
                mount(
                    "tmpfs",
                    root + secret,
                    "tmpfs",
                    MS_RDONLY | MS_NOSUID | MS_NODEV,
                    "mode=000,size=4k",
                )
    elif isinstance(op, Link):
        _mkdirs(os.path.dirname(at))
        os.symlink(op.value, at)
    elif isinstance(op, Tmpfs):
        _mkdirs(at)
        data = f"mode={op.mode:o},size={op.size}"
        if op.owner is not None:
            data += f",uid={op.owner},gid={op.owner}"
        mount("tmpfs", at, "tmpfs", MS_NOSUID | MS_NODEV, data)
    elif isinstance(op, File):
        _mkdirs(os.path.dirname(at))
        with open(at, "w", encoding="utf-8") as fh:
            fh.write(op.text)
    elif isinstance(op, Device):
        _bind(f"/dev/{op.name}", f"{root}/dev/{op.name}", MS_NOSUID | MS_NOEXEC)
    else:  # Proc: shows the PID namespace of the caller, which must be that namespace's init
        _mkdirs(root + "/proc")
        mount("proc", root + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)


def pivot_root(root: str) -> None:
    """Make ``root`` the root of this mount namespace and detach the old one entirely."""
    nr = _SYS_PIVOT_ROOT.get(platform.machine())
    if nr is None:  # an architecture we have no number for: move the mount, then chroot
        os.chdir(root)
        mount(root, "/", None, MS_MOVE)
        os.chroot(".")
        os.chdir("/")
        return
    old = os.path.join(root, ".old-root")
    os.mkdir(old, 0o700)
    check_rc(libc.syscall(nr, root.encode(), old.encode()), "pivot_root")
    os.chdir("/")
    check_rc(libc.umount2(b"/.old-root", MNT_DETACH), "umount old root")
    os.rmdir("/.old-root")


def build(ops: list[Op], root: str, hide: list[str]) -> None:
    """Carry out ``ops`` on a new tmpfs at ``root`` (an empty folder), pivot into it and make
    the root itself read-only. The caller is in a private mount namespace (and, for
    :class:`Proc`, the init of a new PID namespace)."""
    mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m")
    for op in ops:
        _apply(op, root, hide)
    pivot_root(root)
    mount(None, "/", None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
