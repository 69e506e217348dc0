"""Results kept from one plan of the working tree to the next, for the live preview.

The live preview plans the whole working tree again after every saved change; most files did not change.
Inside ``with reuse.plan():`` the few pure functions that cost the most per file (parsing a YAML file,
validating it, a calendar's bytes, scanning a text for contact details) look their result up by their
exact inputs (the text itself, never a timestamp) before computing it.  Outside such a block, as in every
build and ``--check``, :func:`reused` just computes.

One object can be kept for the whole preview too (:func:`kept`): the Markdown scanner, which remembers what
it found for each page body and is made again only when the site's settings change.

A :class:`Reuse` keeps two generations, the results the last plan used and those this plan used, so its
memory stays about one plan's worth however long the preview runs.  Results must not be changed by their
users: the same object is handed to the next plan.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from typing import Any, Callable, Hashable, Iterator, TypeVar

T = TypeVar("T")

_ACTIVE: ContextVar[Reuse | None] = ContextVar("academy_reuse", default=None)


class Reuse:
    """What one preview keeps between its plans."""

    def __init__(self) -> None:
        self._previous: dict[Hashable, Any] = {}
        self._current: dict[Hashable, Any] = {}
        self._kept: dict[str, Any] = {}
        self.hits = 0
        self.misses = 0

    @contextlib.contextmanager
    def plan(self) -> Iterator[Reuse]:
        """One plan: results are looked up in this plan's and the last plan's; the older ones are dropped."""
        self._previous, self._current = self._current, {}
        token = _ACTIVE.set(self)
        try:
            yield self
        except BaseException:  # a plan that stopped half-way: keep what it did not reach for the next one
            self._current = {**self._previous, **self._current}
            raise
        finally:
            _ACTIVE.reset(token)
            self._previous = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        if key in self._current:
            self.hits += 1
            return self._current[key]
        if key in self._previous:
            self.hits += 1
            value = self._previous.pop(key)
        else:
            self.misses += 1
            value = compute()
        self._current[key] = value
        return value


class Same:
    """A key part that matches only the very same object (one a reused result handed out again), for values
    that cannot be hashed; it keeps the object alive, so its ``id`` is not given to another."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.value is self.value


def reused(kind: str, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or its result for the same ``kind`` and ``key`` in this or the last plan of a preview."""
    active = _ACTIVE.get()
    if active is None:
        return compute()
    return active.get((kind, key), compute)


def kept(kind: str, fits: Callable[[Any], bool], make: Callable[[], T]) -> T:
    """``make()``, or, in a preview's plan, the object of this ``kind`` it made before while that still ``fits``."""
    active = _ACTIVE.get()
    if active is None:
        return make()
    value = active._kept.get(kind)
    if value is None or not fits(value):
        value = active._kept[kind] = make()
    return value
