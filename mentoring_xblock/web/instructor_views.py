"""The plugin's staff page: a course's Mentoring units and their pairs' completion.

Served in the LMS from the plugin's ``url_config`` (see ``urls.py``); the Instructor Dashboard
tab links here. Only the course's staff may open it.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.utils import translation
from django.views.decorators.http import require_GET

from ..core.i18n import gettext as _
from ..reporting import course_progress
from .instructor import is_course_staff, parse_course_key, render


@require_GET
def course_overview(request, course_key):
    """Every Mentoring unit of the course with its active pairs by stage, at risk and share complete.

    Anonymous users are sent to log in; signed-in users who are not course staff get 403; a
    string that is not a course key gets 404.
    """
    key = parse_course_key(course_key)
    if key is None:
        raise Http404(_("There is no course with this key."))
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_course_staff(request.user, key):
        return HttpResponseForbidden(_("Only the course staff may see the course's mentoring."))
    context = {
        "course_key": str(key),
        "language": translation.get_language() or "en",
        "units": course_progress.course_units(key),
    }
    return HttpResponse(render("templates/instructor/page.html", context))
