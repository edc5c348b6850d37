"""``python -m bench.load``: see :mod:`bench.load.run`."""

from .run import main

main()
