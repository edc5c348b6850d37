"""CSV written a page at a time: rows go into a buffer, and each page leaves it as UTF-8 bytes
for a streamed download."""

import csv
import io


class CsvLines:
    """A :func:`csv.writer` whose rows are taken out (:meth:`take`) as bytes, page by page."""

    def __init__(self):
        self._buffer = io.StringIO()
        writer = csv.writer(self._buffer)
        self.writerow, self.writerows = writer.writerow, writer.writerows

    def take(self):
        """The rows written since the last take, as UTF-8 bytes; the buffer is emptied."""
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text.encode("utf-8")
