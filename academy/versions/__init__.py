"""One version of the site per cohort, built into one ``site/``.

- :mod:`.model`: the mike-compatible ``versions.json`` model (pure data, no I/O).
- :mod:`.plan`: which cohorts get a version and where each is built from (``cohorts.yml``).
- :mod:`.pins`: git access: resolve a pin, export its tree, commit times.
- :mod:`.cache`: finished pinned versions, reused when their inputs have not changed.
- :mod:`.changes`: what changed in each module between an older version and the current one.
- :mod:`.redirects`: the root and alias redirect pages.
- :mod:`.publish`: the orchestration: build every version, assemble the site, swap it in.

None of these import MkDocs; :mod:`academy.build` plans a version and hands it to the engine adapter.
"""
