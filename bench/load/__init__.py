"""The load test (``make load``): the workbench behind gunicorn (4 workers), driven by locust.

Simulated mentors, mentees and course staff play the pair story through the real pages and
handler URLs, each person about one request a second, at increasing numbers of users; the
workbench's ``thumbs`` sample page is driven the same way in the same run as the baseline.

- :mod:`bench.load.run`: the driver (``python -m bench.load``): one run per database, the results.
- :mod:`bench.load.backend`: one database's run, in its own process (Django is set up once).
- :mod:`bench.load.server`: gunicorn, its workers' CPU time.
- :mod:`bench.load.wsgi`: the application gunicorn serves, with a CPU clock per request.
- :mod:`bench.load.locustfile`, :mod:`bench.load.story`: the simulated people.
- :mod:`bench.load.steps`: one locust run and its figures; the search for capacity.
- :mod:`bench.load.invariants`: what must hold in the database after a run.
- :mod:`bench.load.report`: ``bench/results/load.json`` and the Load section of docs/PERFORMANCE.md.
"""
