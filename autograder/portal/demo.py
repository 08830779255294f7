"""``autograder serve --demo``: one course with the shipped assignments published, a teacher and
three students, each with a sign-in link."""

from __future__ import annotations

from django.contrib.auth.models import User

from .access import make_token
from .teaching import publish, releasable

__all__ = ["DEMO_STUDENTS", "seed_demo"]

DEMO_STUDENTS = ("alice", "bob", "carol")


def seed_demo(origin: str) -> list[tuple[str, str]]:
    """Create (or keep) the demo users, publish every released assignment; (user, link) pairs."""
    for slug in releasable():
        publish(slug)
    links = []
    for name, staff in [("teacher", True), *((s, False) for s in DEMO_STUDENTS)]:
        user, created = User.objects.get_or_create(username=name)
        if created:
            user.set_unusable_password()
        user.is_staff = user.is_superuser = staff
        user.email = f"{name}@example.invalid"
        user.save()
        links.append((name, f"{origin}/login/link/{make_token(user)}/"))
    return links
