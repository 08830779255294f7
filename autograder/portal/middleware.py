"""A request body over the upload cap is refused from its ``Content-Length`` before anything
reads it (the CSRF check would otherwise parse a multipart body first)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

__all__ = ["UploadCap"]


class UploadCap:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cap = int(settings.MAX_UPLOAD_BYTES) + 256 * 1024  # room for the form's other fields
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > cap:
            text = (
                f"<!DOCTYPE html><title>Too large</title><p id=error>The file is larger than "
                f"{settings.MAX_UPLOAD_BYTES / 1e6:.0f} MB; nothing was stored. Clear large "
                "outputs in Jupyter, save, and upload again.</p>"
            )
            return HttpResponse(text, status=413)
        return self.get_response(request)
