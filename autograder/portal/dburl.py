"""A database URL (``postgresql://user:pw@host:port/name`` or ``sqlite:///path``) as Django's
``DATABASES`` entry. Pure."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from ..errors import UsageError

__all__ = ["database_settings"]


def database_settings(url: str | None, data_dir: Path) -> dict[str, Any]:
    """SQLite in ``data_dir`` when ``url`` is empty; otherwise the database the URL names."""
    if not url:
        return _sqlite(data_dir / "portal.sqlite3")
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return _sqlite(Path(unquote(parts.path)))
    if parts.scheme not in ("postgres", "postgresql"):
        raise UsageError(
            f"--database {url!r}: expected postgresql://user:password@host:port/name or "
            "sqlite:///path/to/file.sqlite3"
        )
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    host = query.pop("host", None) or unquote(parts.hostname or "") or "127.0.0.1"
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "autograder",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(parts.port or query.pop("port", "") or ""),
        "OPTIONS": query,
        "CONN_MAX_AGE": 0,
    }


def _sqlite(path: Path) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            # Writers take the lock when a transaction starts (no upgrade deadlocks), wait for
            # each other instead of failing, and readers never block the writer (WAL).
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
        },
    }
