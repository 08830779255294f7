"""Signing in and out: password form (rate-limited), sign-in links, setting a password."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from .access import client_ip, rate_limited, record_failure, student, user_of_token

_LIMITED = (
    "Too many failed sign-ins. Wait 15 minutes and try again, or ask your teacher for a link."
)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if ok else "/"


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    ctx = {"next": _next(request), "error": ""}
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        ip = client_ip(request)
        if rate_limited(username, ip):
            ctx["error"] = _LIMITED
            return render(request, "portal/login.html", ctx, status=429)
        user = authenticate(request, username=username, password=request.POST.get("password", ""))
        if user is None:
            record_failure(username, ip)
            ctx["error"] = "Wrong user name or password."
            return render(request, "portal/login.html", ctx, status=401)
        login(request, user)
        return redirect(ctx["next"])
    return render(request, "portal/login.html", ctx)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("/login/")


@require_http_methods(["GET", "POST"])
def link_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows who the link signs in (changes nothing); POST signs in."""
    ip = client_ip(request)
    if rate_limited("", ip):
        return render(request, "portal/message.html", {"text": _LIMITED}, status=429)
    user = user_of_token(token)
    if user is None:
        record_failure("", ip)
        text = "This sign-in link is unknown or has expired. Ask your teacher for a new one."
        return render(request, "portal/message.html", {"text": text}, status=404)
    if request.method == "POST":
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("/" if user.has_usable_password() else "/account/password/")
    return render(request, "portal/link.html", {"who": user})


@student
@require_http_methods(["GET", "POST"])
def password_view(request: HttpRequest) -> HttpResponse:
    form = SetPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("/")
    return render(request, "portal/password.html", {"form": form})
