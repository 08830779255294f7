"""The portal's URLs. No URL maps to the upload folder, the data folder or the course files;
the only course file served is each published assignment's released student notebook."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path

from . import views_auth as auth
from . import views_student as st
from . import views_teacher as te

urlpatterns = [
    path("", st.home),
    path("login/", auth.login_view),
    path("logout/", auth.logout_view),
    path("login/link/<str:token>/", auth.link_view),
    path("account/password/", auth.password_view),
    path("a/<slug:slug>/", st.assignment),
    path("a/<slug:slug>/notebook.ipynb", st.student_notebook),
    path("a/<slug:slug>/upload/", st.upload),
    path("s/<int:sub_id>/", st.submission),
    path("s/<int:sub_id>/status.json", st.status),
    path("s/<int:sub_id>/feedback.html", st.feedback),
    path("s/<int:sub_id>/notebook.ipynb", st.own_notebook),
    path("teach/", te.dashboard),
    path("teach/publish/", te.publish_view),
    path("teach/roster/", te.roster),
    path("teach/a/<slug:slug>/", te.assignment_view),
    path("teach/a/<slug:slug>/status.json", te.assignment_status),
    path("teach/a/<slug:slug>/report.html", te.report),
    path("teach/a/<slug:slug>/regrade/", te.regrade),
    path("teach/a/<slug:slug>/export/<str:kind>.csv", te.export),
    path("teach/a/<slug:slug>/cell/<int:cell_pk>/", te.rubric),
    path("teach/s/<int:sub_id>/", te.submission_view),
    path("teach/s/<int:sub_id>/feedback.html", te.submission_feedback),
    path("teach/s/<int:sub_id>/status.json", te.submission_status),
    path("teach/s/<int:sub_id>/manual/", te.manual_grade),
    path("admin/", admin.site.urls),
]
