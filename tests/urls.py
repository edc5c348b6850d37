"""The workbench's URLs plus the plugin's, mounted as the LMS mounts them (edx-django-utils' url_config)."""

from edx_django_utils.plugins import get_plugin_url_patterns
from workbench.urls import urlpatterns as workbench_urlpatterns

urlpatterns = [*get_plugin_url_patterns("lms.djangoapp"), *workbench_urlpatterns]
