"""Repositories for the benchmarks: this repository's generator and content, the library topped up with
synthetic entries to a given size.

Shared by library_search.py and site_performance.py (pytest does not collect this folder).  An entry has a
six-word title, a 45-word summary from a 3,000-word lexicon (one summary in twenty contains ``QUERY``), one
to three topics, one or two audiences and one to three of the ten modules; the same size gives the same
entries (the random generator is seeded with the size).
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
QUERY = "resilience"
"""A word that occurs in roughly one synthetic summary in twenty (see ``synthetic_entry``)."""
SAMPLE = 0
"""The size that means "the repository's own library, nothing added"."""


def _lexicon(rng: random.Random, size: int = 3000) -> list[str]:
    syllables = ["ka", "lo", "mi", "ren", "sa", "tor", "vi", "del", "mar", "nu", "pe", "qua", "ri", "sol", "tan"]
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def synthetic_entry(index: int, rng: random.Random, lexicon: list[str], vocabulary: dict) -> str:
    def words(count: int) -> str:
        return " ".join(rng.choice(lexicon) for _ in range(count))

    summary = words(45)
    if index % 20 == 0:
        summary += f" {QUERY}"
    topics = rng.sample(vocabulary["topics"], rng.randint(1, 3))
    audiences = rng.sample(vocabulary["audiences"], rng.randint(1, 2))
    modules = sorted(rng.sample(range(1, 11), rng.randint(1, 3)))
    added = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return "\n".join([
        f"title: {json.dumps(words(6).capitalize() + f' {index}')}",
        f"publisher: {json.dumps(words(2).title())}",
        f"year: {rng.randint(1995, 2025)}",
        f"type: {rng.choice(vocabulary['types'])}",
        f"topics: [{', '.join(topics)}]",
        f"audiences: [{', '.join(audiences)}]",
        f"modules: [{', '.join(map(str, modules))}]",
        f"url: https://example.org/resource/{index}",
        f"summary: {json.dumps(summary.capitalize() + '.')}",
        "language: en",
        f"added: {added}",
        "checked: 2025-01-15",
        "",
    ])


def entry_count(root: Path) -> int:
    """Library entries in ``root`` (every ``library/*.yml`` but the vocabulary)."""
    return sum(1 for path in (root / "library").glob("*.yml") if path.name != "vocabulary.yml")


def top_up(root: Path, size: int) -> int:
    """Add synthetic entries to ``root/library`` until it holds ``size`` entries; returns how many it holds."""
    real = entry_count(root)
    raw = yaml.safe_load((root / "library" / "vocabulary.yml").read_text(encoding="utf-8"))
    vocabulary = {facet: [term["id"] for term in raw[facet]] for facet in ("types", "topics", "audiences")}
    rng = random.Random(size)
    lexicon = _lexicon(rng)
    for index in range(max(size - real, 0)):
        (root / "library" / f"entry-{index:05d}.yml").write_text(
            synthetic_entry(index, rng, lexicon, vocabulary), encoding="utf-8")
    return entry_count(root)


def make_repository(target: Path, size: int, engine: str = "pagefind") -> Path:
    """A folder (no git) with the generator, curriculum, cohorts and a library of ``size`` entries; with
    ``engine='material'`` Material's search plugin is switched on instead of Pagefind."""
    from tests.conftest import copy_code

    target.mkdir(parents=True)
    copy_code(target)
    shutil.copytree(REPO / "curriculum", target / "curriculum")
    shutil.copy2(REPO / "cohorts.yml", target / "cohorts.yml")
    # The real entries too (the curriculum links to them), topped up with synthetic ones to ``size`` in all.
    shutil.copytree(REPO / "library", target / "library")
    top_up(target, size)
    if engine == "material":
        config = (target / "mkdocs.yml").read_text(encoding="utf-8")
        (target / "mkdocs.yml").write_text(config.replace("plugins: []", "plugins:\n  - search"), encoding="utf-8")
    return target


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def commit(root: Path, message: str) -> None:
    """Commit everything in ``root`` (as the benchmark, not as anyone's identity)."""
    git(root, "add", "-A")
    git(root, "-c", "user.name=bench", "-c", "user.email=bench@invalid", "commit", "-q", "--allow-empty",
        "-m", message)


def sized_clone(target: Path, size: int = SAMPLE) -> Path:
    """A git clone of this repository with the working tree's code and content, its library topped up to
    ``size`` entries (``SAMPLE``: as it is), all committed: what a user's clone looks like."""
    from tests.conftest import make_site

    root = make_site(target, fixture=None)
    if size != SAMPLE:
        top_up(root, size)
    commit(root, f"benchmark state: {size or 'sample'} entries")
    return root
