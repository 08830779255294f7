"""Teacher and TA pages (``is_staff`` only): publish, class report, submissions, hand grading,
regrade, exports, roster."""

from __future__ import annotations

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..errors import AutograderError
from .access import teacher
from .models import Assignment, Job, ManualCell, Submission
from .scores import latest_graded, score
from .teaching import (
    answer_text,
    class_report_html,
    export_csv,
    grade_by_hand,
    import_roster,
    publish,
    regrade_all,
    releasable,
    rubric_items,
)
from .views_student import feedback_response, status_payload


@teacher
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    known = {a.slug: a for a in Assignment.objects.all()}
    rows = [{"slug": s, "a": known.get(s)} for s in releasable()]
    jobs = dict(Job.objects.values_list("state").annotate(n=Count("id")).order_by())
    notice = request.session.pop("notice", "")
    return render(request, "portal/teach_home.html", {"rows": rows, "jobs": jobs, "notice": notice})


@teacher
@require_POST
def publish_view(request: HttpRequest) -> HttpResponse:
    slug = request.POST.get("slug", "")
    on = request.POST.get("published", "1") == "1"
    try:
        a = publish(slug, published=on)
    except AutograderError as exc:
        request.session["notice"] = f"Not published: {exc}"
        return redirect("/teach/")
    request.session["notice"] = f"{a.title} is {'published' if on else 'hidden from students'}."
    return redirect(f"/teach/a/{a.slug}/" if on else "/teach/")


def _class_rows(a: Assignment) -> list[dict[str, object]]:
    counts = dict(
        Submission.objects.filter(assignment=a)
        .values_list("student_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    latest: dict[int, Submission] = {}
    for sub in (
        Submission.objects.filter(assignment=a).select_related("student").order_by("-number")
    ):
        latest.setdefault(sub.student_id, sub)
    rows = []
    for sub in sorted(latest.values(), key=lambda s: s.student.username):
        s = score(sub)[0] if sub.status == sub.GRADED else None
        rows.append({"sub": sub, "score": s, "count": counts.get(sub.student_id, 0)})
    return rows


@teacher
@require_GET
def assignment_view(request: HttpRequest, slug: str) -> HttpResponse:
    a = get_object_or_404(Assignment, slug=slug)
    cells = [{"cell": c, "items": rubric_items(c)} for c in a.cells.order_by("id")]
    ctx = {
        "a": a,
        "rows": _class_rows(a),
        "cells": cells,
        "notice": request.session.pop("notice", ""),
    }
    return render(request, "portal/teach_assignment.html", ctx)


@teacher
@require_GET
def assignment_status(request: HttpRequest, slug: str) -> JsonResponse:
    a = get_object_or_404(Assignment, slug=slug)
    subs = Submission.objects.filter(assignment=a)
    counts = dict(subs.values_list("status").annotate(n=Count("id")).order_by())
    last = subs.aggregate(t=Max("graded_at"))["t"]
    return JsonResponse({"counts": counts, "version": last.isoformat() if last else ""})


@teacher
@require_GET
def report(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse(class_report_html(get_object_or_404(Assignment, slug=slug)))


@teacher
@require_POST
def regrade(request: HttpRequest, slug: str) -> HttpResponse:
    a = get_object_or_404(Assignment, slug=slug)
    n = regrade_all(a)
    request.session["notice"] = f"{n} submission(s) queued for regrading."
    return redirect(f"/teach/a/{a.slug}/")


@teacher
@require_GET
def export(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    a = get_object_or_404(Assignment, slug=slug)
    text = export_csv(a, "gradebook" if kind == "gradebook" else "lms")
    resp = HttpResponse(text, content_type="text/csv; charset=utf-8")
    name = f"{a.slug}-{'gradebook' if kind == 'gradebook' else 'lms'}.csv"
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


@teacher
@require_POST
def rubric(request: HttpRequest, slug: str, cell_pk: int) -> HttpResponse:
    cell = get_object_or_404(ManualCell, id=cell_pk, assignment__slug=slug)
    try:
        cell.max_points = max(0.0, float(request.POST.get("max_points", cell.max_points)))
    except ValueError:
        request.session["notice"] = "Maximum points must be a number."
        return redirect(f"/teach/a/{slug}/")
    cell.rubric = request.POST.get("rubric", "")[:5000]
    cell.save()
    request.session["notice"] = f"Rubric of {cell.cell_id} saved."
    return redirect(f"/teach/a/{slug}/")


def _submission(sub_id: int) -> Submission:
    return get_object_or_404(Submission.objects.select_related("assignment", "student"), id=sub_id)


@teacher
@require_GET
def submission_view(request: HttpRequest, sub_id: int) -> HttpResponse:
    sub = _submission(sub_id)
    s = score(sub)[0]
    cells = []
    grades = {g.cell_id: g for g in sub.manual.all()}
    for c in sub.assignment.cells.order_by("id"):
        g = grades.get(c.id)
        ticked = {int(i) for i in g.checked.split(",") if i} if g else set()
        cells.append(
            {
                "cell": c,
                "answer": answer_text(sub, c.cell_id),
                "items": [(it, it.index in ticked) for it in rubric_items(c)],
                "grade": g,
            }
        )
    history = Submission.objects.filter(assignment=sub.assignment, student=sub.student)
    ctx = {
        "sub": sub,
        "score": s if sub.status == sub.GRADED else None,
        "cells": cells,
        "history": history,
        "notice": request.session.pop("notice", ""),
    }
    return render(request, "portal/teach_submission.html", ctx)


@teacher
@require_GET
def submission_feedback(request: HttpRequest, sub_id: int) -> HttpResponse:
    return feedback_response(_submission(sub_id))


@teacher
@require_GET
def submission_status(request: HttpRequest, sub_id: int) -> JsonResponse:
    return JsonResponse(status_payload(_submission(sub_id)))


@teacher
@require_POST
def manual_grade(request: HttpRequest, sub_id: int) -> HttpResponse:
    sub = _submission(sub_id)
    cell = get_object_or_404(ManualCell, id=request.POST.get("cell"), assignment=sub.assignment)
    raw = request.POST.get("points", "").strip()
    try:
        points = float(raw) if raw else None
        checked = [int(i) for i in request.POST.getlist("items")]
    except ValueError:
        request.session["notice"] = "Points must be a number."
        return redirect(f"/teach/s/{sub.id}/")
    g = grade_by_hand(sub, cell, request.user, checked, points, request.POST.get("comment", ""))
    request.session["notice"] = f"{cell.cell_id}: {g.points:g} / {cell.max_points:g} saved."
    return redirect(f"/teach/s/{sub.id}/")


@teacher
@require_http_methods(["GET", "POST"])
def roster(request: HttpRequest) -> HttpResponse:
    links: list[dict[str, str]] = []
    error = ""
    if request.method == "POST":
        f = request.FILES.get("roster")
        text = f.read().decode("utf-8-sig", "replace") if f else request.POST.get("csv", "")
        try:
            links = import_roster(text, f"{request.scheme}://{request.get_host()}")
        except AutograderError as exc:
            error = str(exc)
    return render(request, "portal/roster.html", {"links": links, "error": error})


__all__ = ["dashboard", "latest_graded"]
