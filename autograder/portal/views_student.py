"""Student pages: assignments, the student notebook, uploads, live status, feedback, history.

Every object is looked up together with its owner (``student=request.user``), so another
student's id is a 404, the same as an id that does not exist.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ..course import load_assignment
from ..errors import AutograderError
from ..reports.html import render_feedback_html
from .access import student
from .intake import Rejected, check_upload, store_upload
from .models import Assignment, Submission
from .policy import late_days
from .scores import due_passed, final_result, score


def _published(slug: str) -> Assignment:
    return get_object_or_404(Assignment, slug=slug, published=True)


@student
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_staff:
        return redirect("/teach/")
    rows = []
    for a in Assignment.objects.filter(published=True).order_by("due", "slug"):
        latest = Submission.objects.filter(assignment=a, student=request.user).first()
        rows.append({"a": a, "latest": latest, "score": score(latest)[0] if latest else None})
    return render(request, "portal/home.html", {"rows": rows})


def _assignment_page(
    request: HttpRequest, a: Assignment, *, error: str = "", status: int = 200
) -> HttpResponse:
    subs = list(Submission.objects.filter(assignment=a, student=request.user))
    history = [{"sub": s, "score": score(s)[0] if s.status == s.GRADED else None} for s in subs]
    ctx = {
        "a": a,
        "history": history,
        "error": error,
        "policy": _policy_text(a),
        "closed": bool(a.hard_deadline and timezone.now() > a.hard_deadline),
        "max_mb": settings.MAX_UPLOAD_BYTES / 1e6,
    }
    return render(request, "portal/assignment.html", ctx, status=status)


def _policy_text(a: Assignment) -> str:
    if a.due is None:
        return "No due date."
    text = f"Due {a.due:%Y-%m-%d %H:%M} UTC."
    if a.penalty_per_day:
        text += f" Late uploads lose {a.penalty_per_day:.0%} of their score per started day."
    if a.hard_deadline:
        text += f" No uploads are accepted after {a.hard_deadline:%Y-%m-%d %H:%M} UTC."
    return text


@student
@require_GET
def assignment(request: HttpRequest, slug: str) -> HttpResponse:
    return _assignment_page(request, _published(slug))


@student
@require_GET
def student_notebook(request: HttpRequest, slug: str) -> HttpResponse:
    """The released student notebook, and nothing else of the course."""
    a = _published(slug)
    path = load_assignment(settings.COURSE_ROOT, a.slug).release_notebook
    return _attachment(path.read_bytes(), f"{a.slug}.ipynb")


@student
@require_POST
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    a = _published(slug)
    now = timezone.now()
    if a.hard_deadline and now > a.hard_deadline:
        return _assignment_page(request, a, error="The hard deadline has passed.", status=403)
    cap = settings.MAX_UPLOAD_BYTES  # a larger body was refused by middleware.UploadCap
    f = request.FILES.get("notebook")
    if f is None:
        return _assignment_page(request, a, error="Choose a .ipynb file to upload.", status=400)
    if f.size is None or f.size > cap:
        err = f"The file is larger than {cap / 1e6:.0f} MB; nothing was stored."
        return _assignment_page(request, a, error=err, status=413)
    data = f.read()
    try:
        warnings = check_upload(load_assignment(settings.COURSE_ROOT, a.slug), data)
    except Rejected as exc:
        return _assignment_page(request, a, error=f"Not accepted: {exc}", status=400)
    except AutograderError as exc:
        return _assignment_page(request, a, error=f"Not accepted: {exc}", status=400)
    stored = store_upload(a, request.user, data, now)
    sub = stored.submission
    if not stored.created:
        request.session["notice"] = (
            f"This file is identical to your submission #{sub.number}; nothing new was stored."
        )
    else:
        days = late_days(a.due, now)
        request.session["notice"] = f"Received submission #{sub.number}" + (
            f" ({days} day(s) late)." if days else "."
        )
    request.session["warnings"] = warnings
    return redirect(f"/s/{sub.id}/")


def _own(request: HttpRequest, sub_id: int) -> Submission:
    return get_object_or_404(
        Submission.objects.select_related("assignment"), id=sub_id, student=request.user
    )


@student
@require_GET
def submission(request: HttpRequest, sub_id: int) -> HttpResponse:
    sub = _own(request, sub_id)
    s, manual = score(sub)
    ctx = {
        "sub": sub,
        "a": sub.assignment,
        "score": s if sub.status == sub.GRADED else None,
        "manual": manual,
        "notice": request.session.pop("notice", ""),
        "warnings": request.session.pop("warnings", []),
        "feedback_url": f"/s/{sub.id}/feedback.html",
    }
    return render(request, "portal/submission.html", ctx)


def status_payload(sub: Submission) -> dict[str, object]:
    s = score(sub)[0] if sub.status == sub.GRADED else None
    return {
        "id": sub.id,
        "status": sub.status,
        "score": s.total if s else None,
        "max_score": s.max_points if s else None,
        "error": sub.error,
    }


@student
@require_GET
def status(request: HttpRequest, sub_id: int) -> JsonResponse:
    return JsonResponse(status_payload(_own(request, sub_id)))


def feedback_response(sub: Submission) -> HttpResponse:
    r = final_result(sub)
    if r is None:
        return HttpResponse("not graded yet", status=404, content_type="text/plain")
    html = render_feedback_html(
        r, title=sub.assignment.title, due_passed=due_passed(sub.assignment)
    )
    return HttpResponse(html)


@student
@require_GET
def feedback(request: HttpRequest, sub_id: int) -> HttpResponse:
    return feedback_response(_own(request, sub_id))


@student
@require_GET
def own_notebook(request: HttpRequest, sub_id: int) -> HttpResponse:
    from .intake import upload_path

    sub = _own(request, sub_id)
    name = f"{sub.assignment.slug}-{sub.number}.ipynb"
    return _attachment(upload_path(sub).read_bytes(), name)


def _attachment(data: bytes, name: str) -> HttpResponse:
    resp = HttpResponse(data, content_type="application/x-ipynb+json")
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp
