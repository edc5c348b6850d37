"""The workbench's URLs plus the plugin's, mounted as the LMS mounts them.

edx-django-utils' ``get_plugin_url_patterns("lms.djangoapp")`` mounts every installed plugin's
``url_config``; edx-completion is one too, and its API views need the LMS's own authentication
classes, so here only this package's ``url_config`` is mounted, the same way
(``edx_django_utils/plugins/plugin_urls.py``, ``_get_url``: ``regex`` → ``include((module,
app name), namespace)``).
"""

from django.urls import include, re_path
from workbench.urls import urlpatterns as workbench_urlpatterns

from mentoring_xblock.apps import MentoringConfig

_config = MentoringConfig.plugin_app["url_config"]["lms.djangoapp"]
_module = f"{MentoringConfig.name}.{_config['relative_path']}"

urlpatterns = [
    re_path(_config["regex"], include((_module, MentoringConfig.name), namespace=_config["namespace"])),
    *workbench_urlpatterns,
]
