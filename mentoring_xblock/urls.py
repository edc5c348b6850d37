"""URLs the LMS mounts from the plugin's ``url_config`` (under ``^mentoring/``)."""

from django.urls import path

from .web import instructor_views

app_name = "mentoring_xblock"

urlpatterns = [
    path("courses/<str:course_key>/", instructor_views.course_overview, name="course_overview"),
]
