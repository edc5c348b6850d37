"""What gunicorn serves in the load test: the workbench's Django application, with the
workbench's scenarios built before the workers fork, and a CPU clock around each request.

Built in the master (``gunicorn --preload``): otherwise each worker would parse every scenario
and write its definitions to the database at its first request, four workers at once, while
the first users arrive; the workbench is meant for one process.

The clock: gunicorn's sync workers serve one request at a time in one thread, so the process's
CPU time (``time.process_time``) from the call to the end of the response body is that
request's CPU in the worker (Python, templates, the database driver and, on SQLite, the
database itself). Each request appends ``kind <TAB> status <TAB> cpu seconds <TAB> wall
seconds`` to ``$LOAD_CPU_DIR/cpu-<pid>.tsv``, ``kind`` being the ``X-Load-Kind`` header the load
test sends. Without ``LOAD_CPU_DIR`` nothing is recorded.

With ``LOAD_PROFILE_DIR``, each request also runs under cProfile and the statistics are
accumulated per kind and dumped to ``$LOAD_PROFILE_DIR/<kind>-<pid>.prof`` when the worker exits.
"""

import atexit
import os
import time

import django
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_xblock.workbench.settings")
django.setup()

from django.conf import settings  # noqa: E402

# Production-like, as in make bench: no debug pages, no statement log kept in memory and written
# to the log file for every query (the workbench's settings turn DEBUG on).
settings.DEBUG = False
for engine in settings.TEMPLATES:
    engine.setdefault("OPTIONS", {})["debug"] = False


def _prepare():
    from django.db import connections
    from workbench.scenarios import get_scenarios

    get_scenarios()
    connections.close_all()  # no connection crosses the fork


class Clocked:
    """A WSGI application that notes each request's CPU time (see the module's docstring)."""

    def __init__(self, app, folder, profile_folder=None):
        self.app = app
        self.folder = folder
        self.profile_folder = profile_folder
        self.handle = None
        self.pid = None
        self.profiles = {}

    def _file(self):
        if self.pid != os.getpid():  # the first request in this worker
            self.pid = os.getpid()
            self.handle = open(os.path.join(self.folder, f"cpu-{self.pid}.tsv"), "a", buffering=1, encoding="utf-8")  # noqa: SIM115
            if self.profile_folder:
                atexit.register(self._dump_profiles)
        return self.handle

    def __call__(self, environ, start_response):
        kind = environ.get("HTTP_X_LOAD_KIND", "other").replace("\t", " ")
        status = []

        def noting_start(code, headers, exc_info=None):
            status.append(code.split(" ", 1)[0])
            return start_response(code, headers, exc_info)

        handle = self._file()
        profile = self._profile(kind)
        cpu, wall = time.process_time(), time.perf_counter()
        if profile:
            profile.enable()
        try:
            body = self.app(environ, noting_start)
            chunks = list(body)  # the whole body is made here, inside the clock
            if hasattr(body, "close"):
                body.close()
        finally:
            if profile:
                profile.disable()
            elapsed = time.process_time() - cpu
            handle.write(f"{kind}\t{status[0] if status else 0}\t{elapsed:.6f}\t{time.perf_counter() - wall:.6f}\n")
        return chunks

    def _profile(self, kind):
        if not self.profile_folder:
            return None
        import cProfile

        return self.profiles.setdefault(kind, cProfile.Profile())

    def _dump_profiles(self):
        for kind, profile in self.profiles.items():
            profile.dump_stats(os.path.join(self.profile_folder, f"{kind.replace(' ', '_')}-{os.getpid()}.prof"))


_prepare()
application = get_wsgi_application()
if os.environ.get("LOAD_CPU_DIR"):
    application = Clocked(application, os.environ["LOAD_CPU_DIR"], os.environ.get("LOAD_PROFILE_DIR"))
