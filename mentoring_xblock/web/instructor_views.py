"""The plugin's staff page: a course's Mentoring units and their pairs' completion.

Served in the LMS from the plugin's ``url_config`` (see ``urls.py``); the Instructor Dashboard
tab links here. Only the course's staff may open it.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.utils import translation
from django.views.decorators.http import require_GET

from ..core.i18n import gettext as _
from .instructor import course_context, is_course_staff, parse_course_key, render, style_sheet


@require_GET
def course_overview(request, course_key):
    """Every Mentoring unit of the course with its active pairs by stage, at risk and share complete,
    then each unit's programme dashboard (the one above its staff table).

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
        # The block's own style sheet, inlined: the page is served outside any XBlock runtime.
        "style_sheet": style_sheet(),
        **course_context(key),
    }
    return HttpResponse(render("templates/instructor/page.html", context))
