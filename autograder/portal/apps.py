"""The Django app of the portal."""

from __future__ import annotations

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "autograder.portal"
    label = "portal"
    verbose_name = "Course portal"
    default_auto_field = "django.db.models.BigAutoField"
