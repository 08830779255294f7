"""Who may do what: students their own things, teachers and TAs (``is_staff``) everything;
login rate limiting; sign-in links."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.utils import timezone

from .models import LoginAttempt, LoginToken

__all__ = [
    "client_ip",
    "make_token",
    "rate_limited",
    "record_failure",
    "student",
    "teacher",
    "user_of_token",
]

View = Callable[..., HttpResponse]


def student(view: View) -> View:
    """Signed in (any role); the view itself scopes every object to the user."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect(f"{settings.LOGIN_URL}?next={request.path}")
        return view(request, *args, **kwargs)

    return wrapped


def teacher(view: View) -> View:
    """Teachers and TAs only; a student session gets 403."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect(f"{settings.LOGIN_URL}?next={request.path}")
        if not request.user.is_staff:
            return HttpResponseForbidden("teachers and TAs only")
        return view(request, *args, **kwargs)

    return wrapped


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def rate_limited(username: str, ip: str) -> bool:
    """Too many failed sign-ins lately for this user name, or from this address."""
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_WINDOW_SECONDS)
    recent = LoginAttempt.objects.filter(at__gte=since)
    limit = settings.LOGIN_FAILURES_ALLOWED
    by_user = bool(username) and recent.filter(username=username).count() >= limit
    return by_user or recent.filter(ip=ip).count() >= limit * 4


def record_failure(username: str, ip: str) -> None:
    LoginAttempt.objects.create(username=username[:150], ip=ip, at=timezone.now())


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def make_token(user: User, days: float = 14) -> str:
    """A new sign-in link token for ``user`` (only its hash is kept)."""
    token = secrets.token_urlsafe(24)
    LoginToken.objects.create(
        user=user, digest=_digest(token), expires=timezone.now() + dt.timedelta(days=days)
    )
    return token


def user_of_token(token: str) -> User | None:
    t = (
        LoginToken.objects.select_related("user")
        .filter(digest=_digest(token), expires__gt=timezone.now())
        .first()
    )
    return t.user if t is not None and t.user.is_active else None
