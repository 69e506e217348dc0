"""The languages of library resources: the codes an entry may use and the English names readers see.

A code is a two-letter ISO 639-1 language ('en', 'es'), optionally with a two-letter region ('es-MX',
'pt-BR'). Names come from the Unicode CLDR data Babel ships (pinned in requirements.txt), the same data
operating systems and browsers name languages with: 'es' is "Spanish", 'es-MX' is "Spanish (Mexico)".
A code CLDR does not know is a mistake in the entry (:class:`academy.library.ResourceMeta`), never shown raw.
"""

from __future__ import annotations

import functools

from babel import Locale

EXAMPLES = "'en' (English) or 'es' (Spanish), with a region if it matters, such as 'es-MX'"
"""How the codes look, for messages and help texts."""


@functools.cache
def _english() -> Locale:
    return Locale("en")


@functools.cache
def _name(code: str) -> str | None:
    language, _, region = code.partition("-")
    names = _english()
    name = names.languages.get(language) if len(language) == 2 else None
    if name is None or not region:
        return name
    place = names.territories.get(region) if len(region) == 2 and region != "ZZ" else None  # ZZ: "Unknown Region"
    return f"{name} ({place})" if place else None


def is_known(code: str) -> bool:
    """True for a code whose language (and region, if any) has an English name."""
    return _name(code) is not None


def language_name(code: str) -> str:
    """The English name of a known code: 'en' -> 'English', 'es' -> 'Spanish', 'en-GB' -> 'English (United
    Kingdom)'. Raises KeyError for a code :func:`is_known` refuses (validated entries never have one)."""
    name = _name(code)
    if name is None:
        raise KeyError(code)
    return name
