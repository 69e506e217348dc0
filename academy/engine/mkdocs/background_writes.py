"""MkDocs' page files written on a second thread while the next page renders.

MkDocs writes each page as soon as it is rendered (``mkdocs.utils.write_file``: make its folder, create the
file, write it), and on ext4 that is about 0.3 ms of the kernel's time per page, a tenth of what a library
entry costs; the rendering that follows is Python and holds the interpreter's lock, which the writes do not
need.  :func:`writes_in_background` hands MkDocs a ``write_file`` that queues the bytes for one writer
thread, which writes them in the order they came (so a later file still replaces an earlier one at the same
path, and every folder lists its files as after a plain build).  The queue is bounded, so pages waiting to be
written never hold more than a few megabytes.  :meth:`BackgroundWrites.drain` waits until every queued file
is written (the plugin calls it before Pagefind reads the site); the first error is raised there, or at the
next write.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from typing import Callable, Iterator

import mkdocs.utils

QUEUED_FILES = 64
"""At most this many files wait to be written (a library entry's page is about 30 KB)."""


class BackgroundWrites:
    """One writer thread and its queue of ``(bytes, path)``."""

    def __init__(self, write: Callable[[bytes, str], None]) -> None:
        self._write = write
        self._queue: queue.Queue[tuple[bytes, str] | None] = queue.Queue(QUEUED_FILES)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="academy-writes", daemon=True)
        self._thread.start()

    def write_file(self, content: bytes, output_path: str) -> None:
        """What MkDocs calls to write a file: queued, unless an earlier write failed (then that error)."""
        self._raise()
        self._queue.put((content, output_path))

    def drain(self) -> None:
        """Wait until every queued file is written; raise the first error a write met."""
        self._queue.join()
        self._raise()

    def close(self) -> None:
        """Write what is queued and stop the thread (errors are left to :meth:`drain`)."""
        self._queue.put(None)
        self._thread.join()

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                if self._error is None:
                    self._write(*item)
            except BaseException as exc:  # handed to the rendering thread at its next write or drain
                self._error = exc
            finally:
                self._queue.task_done()


@contextlib.contextmanager
def writes_in_background(enabled: bool = True) -> Iterator[BackgroundWrites | None]:
    """For the length of one MkDocs build, MkDocs writes its files through a :class:`BackgroundWrites`
    (None and MkDocs' own writes with ``enabled=False``); every file is written when this exits."""
    if not enabled:
        yield None
        return
    original = mkdocs.utils.write_file
    writes = BackgroundWrites(original)
    mkdocs.utils.write_file = writes.write_file
    try:
        yield writes
        writes.drain()
    finally:
        mkdocs.utils.write_file = original
        writes.close()
