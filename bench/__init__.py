"""Benchmarks at course scale (``make bench``): query counts, latency ratios, memory and streaming.

Not tests: ``tests/pytest.ini`` collects ``tests/`` only. ``python -m bench`` seeds a fresh
database with bulk inserts, measures every row of docs/PERFORMANCE.md and writes
``bench/results/latest.json`` and the table in ``docs/PERFORMANCE.md``.
"""
