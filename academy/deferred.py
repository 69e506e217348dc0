"""Files of the repository that a build updates (the calendar ledger) are written only when it succeeds.

The command line runs a build inside :func:`writes_after_success`; code that wants to update a file of
the repository hands the write to :func:`after_success`, which runs it once the whole build (every
version, the swap into site/) has succeeded, and never when it failed.  Outside such a build (the live
preview), the write happens at once.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from typing import Callable, Iterator

Write = Callable[[], object]

_PENDING: ContextVar[list[Write] | None] = ContextVar("academy_pending_writes", default=None)


@contextlib.contextmanager
def writes_after_success() -> Iterator[None]:
    """Collect the writes handed to :func:`after_success`; run them if the block ends without an error."""
    pending: list[Write] = []
    token = _PENDING.set(pending)
    try:
        yield
    finally:
        _PENDING.reset(token)
    for write in pending:
        write()


def after_success(write: Write) -> None:
    pending = _PENDING.get()
    if pending is None:
        write()
    else:
        pending.append(write)
