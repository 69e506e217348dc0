"""One version of the site per cohort, built into one ``site/``.

- :mod:`.model`: the mike-compatible ``versions.json`` model (pure data, no I/O).
- :mod:`.plan`: which cohorts get a version and where each is built from (``cohorts.yml``).
- :mod:`.pins`: git access: resolve a pin, export its tree, commit times.
- :mod:`.archive`: published cohorts kept as bytes (``published/<id>.tar.xz``, checksums in a manifest).
- :mod:`.keep`: ``publish`` / ``republish``: render a cohort from its pin once and keep the bytes.
- :mod:`.cache`: finished versions with a checksum manifest each, verified before every reuse.
- :mod:`.tree`: file checksums and placing a version into a site by hard links.
- :mod:`.changes`: what changed in each module between an older version and the current one.
- :mod:`.redirects`: the root and alias redirect pages.
- :mod:`.publish`: the orchestration: build every version, assemble the site, swap it in.

None of these import MkDocs; :mod:`academy.build` plans a version and hands it to the engine adapter.
"""
