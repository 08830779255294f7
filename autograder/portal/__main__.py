"""``python -m autograder.portal ARGS``: Django's management commands on the portal's settings
(``createsuperuser``, ``changepassword``, ``migrate``, ...); the environment of ``serve``."""

from __future__ import annotations

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "autograder.portal.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([f"{sys.executable} -m autograder.portal", *sys.argv[1:]])
