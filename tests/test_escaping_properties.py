"""Property: whatever text is typed into any free-text field, every page keeps the same elements.

A site built with a random string added to every text field of the minimal fixture (cohorts.yml, the
library, the vocabulary, module front matter) must have, page by page, exactly the elements and attribute
names of the site built with a plain word there: escaping turns every character into text, so nothing
typed can add, close or reopen an element or attribute.  The Atom feed must stay the same XML tree.
"""

from __future__ import annotations

import os
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from academy.build import build_into
from academy.engine.mkdocs.template_cache import CACHE_DIR

from .conftest import make_site
from .payloads import plant_everywhere, structure

EXAMPLES = int(os.environ.get("ESCAPING_EXAMPLES", "6"))

typed = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"),
                           blacklist_characters="@0123456789"),
    min_size=1, max_size=16,
).filter(lambda s: s.strip())
"""What a facilitator might type: any printable text (digits and @ would be caught as contact details)."""
markup = st.sampled_from(['"><script>alert(1)</script>', "' onmouseover='x'", "</p><img src=x onerror=y>",
                          "<!--", "]]>", "&amp;&lt;", "{{ config }}", "{% raw %}", "*_`[x](y)`_*", "|a|b|",
                          "\\", "<br>", "${x}", "</textarea></title></script>"])


def shape(site: Path) -> dict[str, object]:
    """Every page's elements and attribute names in order, and the feed's XML tree shape."""
    pages: dict[str, object] = {p.relative_to(site).as_posix(): structure(p.read_text(encoding="utf-8")).tags
                                for p in sorted(site.rglob("*.html"))}
    feed = ElementTree.parse(site / "library" / "feed.xml").getroot()
    pages["library/feed.xml"] = [element.tag for element in feed.iter()]
    return pages


class Shape(dict):
    """What ``shape`` returns, printed short: Hypothesis prints every example's call with its arguments, and the
    whole baseline printed took about half a second per example."""

    def __repr__(self) -> str:
        return f"<the markup of {len(self)} pages>"


def build_with(repo: Path, work: Path, extra: str) -> dict[str, object]:
    """Copy ``repo`` to ``work``/repo, add ``extra`` to every text field, build it into ``work``/site.

    Every build happens at the same path, so each after the first starts with the compiled theme templates
    (.cache/templates, kept aside in ``work``) as a facilitator's second build does: Jinja keys them by file
    and still compiles any template whose source differs, and tests/test_render_shortcuts.py checks that the
    cache changes no byte."""
    root, out, kept = work / "repo", work / "site", work / "templates"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(repo, root)
    plant_everywhere(root, lambda field, original: f"{original} {extra}")
    if kept.exists():
        (root / CACHE_DIR).parent.mkdir(exist_ok=True)
        kept.rename(root / CACHE_DIR)
    if out.exists():
        shutil.rmtree(out)
    build_into(root, out)
    (root / CACHE_DIR).rename(kept)
    return Shape(shape(out))


@pytest.fixture(scope="module")
def fixture_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("escaping") / "fixture")


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("builds")


@pytest.fixture(scope="module")
def baseline(fixture_repo: Path, work: Path) -> dict[str, object]:
    return build_with(fixture_repo, work, "plain")


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(markup, typed, st.tuples(markup, typed).map("".join)))
@example(text='"><img src=x onerror=alert(1)>')
@example(text="</title></script></textarea><b>&")
def test_typed_text_never_changes_the_markup_of_any_page(text: str, fixture_repo: Path, baseline: dict[str, object],
                                                         work: Path) -> None:
    found = build_with(fixture_repo, work, text)
    assert sorted(found) == sorted(baseline)
    changed = [page for page in baseline if found[page] != baseline[page]]
    assert changed == [], f"{text!r} changed the markup of {changed}"


def test_client_scripts_insert_text_never_html() -> None:
    """Browser code builds elements and sets textContent; nothing parses a string as HTML in the page."""
    scripts = sorted((Path(__file__).resolve().parent.parent / "theme").rglob("*.js"))
    assert scripts
    for script in scripts:
        source = script.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "createContextualFragment"):
            assert sink not in source, f"{script.name} uses {sink}"
