"""The engine's shortcuts change no byte: the sample site rendered with them and without them is identical.

Shortcuts (docs/developers.md, Performance): Material's sidebar navigation rendered once for all pages that
share it (academy/engine/mkdocs/shared_nav.py); pages take the HTML of the plan's own parse of their
Markdown instead of a second conversion (academy/engine/mkdocs/planned_page.py); compiled templates kept
between builds (academy/engine/mkdocs/template_cache.py); the theme's files listed without its hidden
folders (academy/engine/mkdocs/theme_files.py); Pagefind reading each page reduced to what it indexes
(academy/search_input.py); MkDocs' files written on a second thread (academy/engine/mkdocs/background_writes.py).
"""

from __future__ import annotations

import copy
import shutil
from types import SimpleNamespace
from pathlib import Path

import jinja2
import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from academy.engine.mkdocs import render
from academy.engine.mkdocs.shared_nav import SharedNav
from academy.engine.mkdocs.template_cache import CACHE_DIR, use_template_cache
from academy.engine.mkdocs.theme_files import ThemeLoader, list_without_hidden_folders
from academy.plan import load_site

from .conftest import REPO, copy_code, snapshot

CONTENT = ("curriculum", "library", "cohorts.yml", "calendar-sequence.yml")


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample content and code, without git history (no "last updated" dates)."""
    root = tmp_path_factory.mktemp("shortcuts") / "repo"
    root.mkdir()
    copy_code(root)
    for name in CONTENT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.exists():
            shutil.copy2(source, root / name)
    return root


def test_shortcuts_change_no_byte(sample_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reused = []
    original = SharedNav.get

    blocks = []

    def counted(self: SharedNav, key: tuple[object, ...] | None) -> object:
        found = original(self, key)
        (blocks if key and key[0] == "block" else reused).append(found is not None)
        return found

    monkeypatch.setattr(SharedNav, "get", counted)
    compiled: list[str | None] = []
    compile_template = jinja2.Environment.compile

    def counted_compile(self: jinja2.Environment, source: str, name: str | None = None, *args: object) -> object:
        compiled.append(name)
        return compile_template(self, source, name, *args)

    monkeypatch.setattr(jinja2.Environment, "compile", counted_compile)
    from academy.search_input import SearchSource

    search_sources: list[Path | None] = []
    complete = SearchSource.complete

    def recorded_complete(self: SearchSource, site_dir: Path) -> Path | None:
        search_sources.append(complete(self, site_dir))
        return search_sources[-1]

    monkeypatch.setattr(SearchSource, "complete", recorded_complete)
    site = load_site(sample_root, "2025-26")
    planned = [page.src_uri for page in site.pages.values() if page.html is not None]
    tocs = copy.deepcopy({src: page.toc for src, page in site.pages.items()})  # MkDocs is handed them uncopied
    assert len(planned) > 120 and "modules/01-local-leadership.md" in planned
    render(site, tmp_path / "each", {"academy_version": "2025-26"}, share_nav=False, plan_html=False,
           cache_templates=False, reduce_search_input=False, background_writes=False)
    assert not (sample_root / CACHE_DIR).exists()
    compiled.clear()
    render(site, tmp_path / "shared", {"academy_version": "2025-26"})  # compiles, and keeps what it compiled
    assert sum(reused) > 90, "the library's entry pages reuse one navigation"
    assert sum(blocks) > 90 * 9, "and the nine blocks of Material's that read nothing of them but their place"
    assert "main.html" in compiled and len(list((sample_root / CACHE_DIR).iterdir())) > 20
    compiled.clear()
    render(site, tmp_path / "warm", {"academy_version": "2025-26"})  # loads every theme template compiled
    assert [name for name in compiled if name is not None] == []
    shared, each, warm = (snapshot(tmp_path / name) for name in ("shared", "each", "warm"))
    assert len(shared) > 100 and any(path.startswith("library/") for path in shared)
    assert [path for path in shared if shared[path] != each.get(path)] == []
    assert shared == each == warm
    assert len([path for path in shared if path.startswith("pagefind/fragment/")]) > 100
    assert len(search_sources) == 2 and None not in search_sources, "Pagefind read the reduced pages"
    assert {src: page.toc for src, page in site.pages.items()} == tocs, "and left the plan's tables of contents"


def test_compiled_templates_are_kept_apart_by_how_they_escape(tmp_path: Path) -> None:
    """Jinja bakes the autoescape setting into a template's code: code compiled to escape is never loaded
    where the template must not escape, nor the other way round."""
    loader = jinja2.DictLoader({"page.html": "<p>{{ value }}</p>"})
    escaping = jinja2.Environment(loader=loader, autoescape=lambda name: True)
    plain = jinja2.Environment(loader=loader, autoescape=lambda name: False)
    for env in (escaping, plain):
        use_template_cache(env, tmp_path)
    assert escaping.get_template("page.html").render(value="<b>") == "<p>&lt;b&gt;</p>"
    assert plain.get_template("page.html").render(value="<b>") == "<p><b></p>"
    assert len(list((tmp_path / CACHE_DIR).iterdir())) == 2
    again = jinja2.Environment(loader=loader, autoescape=lambda name: True)
    use_template_cache(again, tmp_path)
    assert again.get_template("page.html").render(value="<b>") == "<p>&lt;b&gt;</p>"


def test_the_theme_listing_gives_mkdocs_the_same_static_files() -> None:
    config = load_config(str(REPO / "mkdocs.yml"))
    expected = Files([])
    expected.add_files_from_theme(config.theme.get_env(), config)
    list_without_hidden_folders(config.theme)
    env = config.theme.get_env()
    assert isinstance(env.loader, ThemeLoader)
    quick = Files([])
    quick.add_files_from_theme(env, config)
    assert len(quick) > 20 and any(file.src_uri.startswith("assets/") for file in quick)
    assert [(f.src_uri, f.abs_src_path) for f in quick] == [(f.src_uri, f.abs_src_path) for f in expected]


def nav(*urls: str, links: tuple[str, ...] = ()) -> SimpleNamespace:
    pages = [SimpleNamespace(url=url, file=SimpleNamespace(src_uri=url + "index.md")) for url in urls]
    from mkdocs.structure.nav import Link

    return SimpleNamespace(pages=pages, items=[Link("x", link) for link in links], homepage=pages[0])


def page(url: str) -> SimpleNamespace:
    return SimpleNamespace(url=url, file=SimpleNamespace(src_uri=url + "index.md"))


def test_pages_share_a_navigation_only_where_its_links_read_the_same() -> None:
    shared = SharedNav()
    site = nav("", "library/", "modules/one/")
    assert shared.key(page("library/a/"), site) == shared.key(page("library/b/"), site) == ("beside", ("library",))
    assert shared.key(page("cohorts/a/"), site) == ("beside", ("cohorts",))
    assert shared.key(page("library/"), site) is None, "a page in the navigation shows itself as active"
    assert shared.key(page(""), nav("x/")) is None
    inside = nav("", "library/a/b/")
    assert shared.key(page("library/a/"), inside) == ("exactly", ("library", "a"))
    assert shared.key(page("library/b/"), inside) == ("beside", ("library",))
    assert shared.key(page("library/a/"), nav("", links=("../up/",))) == ("exactly", ("library", "a"))
    assert shared.key(page("library/a/"), site, ["library/a/logo.svg"]) == ("exactly", ("library", "a"))
    assert shared.key(page("library/a.html"), nav("index.html")) == ("beside", ())
    assert SharedNav(enabled=False).key(page("library/a/"), site) is None


def written(url: str) -> SimpleNamespace:
    """A page outside the navigation, written at ``url`` + index.html."""
    return SimpleNamespace(url=url, file=SimpleNamespace(src_uri=url + "index.md", dest_uri=url + "index.html"),
                           previous_page=None, next_page=None)


def test_a_block_is_shared_only_where_its_links_read_the_same() -> None:
    shared = SharedNav()
    site = nav("", "modules/one/")
    shared.learn_files(["index.html", "modules/one/index.html", "privacy/index.html", "accessibility/index.html",
                        "library/a/index.html", "library/b/index.html", "library/b/x.pdf", "library/c/index.html",
                        "library/d/index.html"])

    def render(url: str, targets: tuple[str, ...], *values: object) -> tuple[bool, object]:
        key = shared.block_key("footer", written(url), site, *values)
        kept = shared.get(key)
        if kept is not None:
            return True, kept
        for target in targets:
            shared.note(target)
        return False, shared.keep(key, f"footer of {url}")

    statements = ("accessibility/", "privacy/", "assets/x.css")
    assert render("privacy/", statements) == (False, "footer of privacy/")
    assert render("accessibility/", statements) == (False, "footer of accessibility/"), "links inside its folder"
    assert render("library/a/", statements + ("library/c/",)) == (False, "footer of library/a/")
    assert render("library/b/", statements) == (False, "footer of library/b/"), "not alone in its folder"
    assert render("library/c/", statements) == (False, "footer of library/c/"), "a kept link points inside"
    assert render("library/d/", statements) == (True, "footer of library/c/"), "the last rendering kept"
    assert render("library/d/", statements, "June 1, 2025") == (False, "footer of library/d/")
    assert shared.block_key("footer", written("modules/one/"), site) is None, "in the navigation"
    assert SharedNav(enabled=False).block_key("footer", written("library/d/"), site) is None


def test_links_become_the_urls_the_engine_writes() -> None:
    from academy.plan.scan import url_of_link

    assert url_of_link("library/a.md", "../modules/02-x.md") == "../../modules/02-x/"
    assert url_of_link("library/a.md", "index.md") == "../"
    assert url_of_link("library/a.md", "b.md#used") == "../b/#used"
    assert url_of_link("library/a.md", "feed.xml") == "../feed.xml"
    assert url_of_link("library/a.md", "index.md", use_directory_urls=False) == "index.html"
    for kept in ("https://example.org/a?b=1&c=2", "#anchor", "?q=1", "/absolute/"):
        assert url_of_link("library/a.md", kept) == kept


def test_entry_pages_written_directly_are_what_markdown_makes_of_them(sample_root: Path) -> None:
    import dataclasses

    from academy.content import read_content
    from academy.pages.library_pages import resource_page
    from academy.plan.scan import Scanner
    from academy.site_config import load_site_config
    from academy.sources import split_front_matter

    config = load_site_config(sample_root)
    content, _ = read_content(sample_root)
    scanner = Scanner(config)
    resources = list(content.resources.values())
    written_directly = [  # Markdown shows these as typed: the direct HTML must be its HTML
        ("title", "Fish & Chips <b>bold</b> *not* it's a_b [x](y) `c` {: .z } \\ 100% = q +1 !x"),
        ("summary", "Cities & counties: <script>alert(1)</script> -- 2 < 3 > 1, it's &amp; fine; | y |"),
        ("publisher", "AT&T; R&D &copy; Ünïcödé   spaced out"), ("url", "https://example.org/a?b=1&c=2"),
        ("language", "es-MX")]
    parsed_as_markdown = [("title", "1. Starts like a list"), ("summary", ": starts like a definition, long enough"),
                          ("publisher", "tab\there"), ("title", 'a "quote"'), ("summary", "struck ~~out~~ text here"),
                          ("url", "https://example.org/a?b=1&amp;c=2"), ("url", "https://example.org/(x)")]
    tricky = written_directly + parsed_as_markdown
    cases = [(r, 1) for r in resources] + [
        (dataclasses.replace(resources[0], meta=resources[0].meta.model_copy(update={name: value})), 2)
        for name, value in tricky]
    written = 0
    for resource, number in cases:
        page = resource_page(content, resource, number)
        if page.direct is None:
            continue
        written += 1
        parsed = split_front_matter(page.markdown, page.src_uri)
        markdown = scanner.scan(parsed.body, parsed.body_line, render_as=page.src_uri)
        assert page.direct.html == markdown.html, resource.id
        assert page.direct.toc == markdown.toc
        assert list(page.direct.links) == [link.target for link in markdown.links]
    assert written >= len(resources) - 3 + len(written_directly)
    assert written <= len(resources) + len(written_directly), "the others are parsed as Markdown"


def test_pagefind_reads_each_page_reduced_to_what_it_indexes() -> None:
    from academy.search_input import search_input

    head = b'<!doctype html><html lang="en"><head><title>T</title></head>\n<body dir="ltr">'
    article = b'<article class="md-content__inner md-typeset" data-pagefind-body><h1>T</h1><p>x</p></article>'
    nav = b'<nav><a href="../">Home</a><img src="logo.svg"></nav>'
    page = head + nav + b"<div>" + article + b"</div><footer>f</footer></body></html>"
    assert search_input(page) == head + article + b"</body></html>\n"
    kept_whole = [page.replace(b"<nav>", b'<nav data-pagefind-meta="x:y">'),  # read wherever it is
                  page.replace(b"<nav>", b'<nav DATA-PAGEFIND-IGNORE="all">'),
                  page.replace(b"<nav>", b"<nav><h1>Site</h1>"),  # the first h1 is the title
                  page.replace(b"<footer>f", b'<footer><img src="a.png">'),  # the first image after the title
                  page.replace(b"<footer>f", b"<footer><IMG src=a.png>"),
                  page.replace(b"</div><footer>", b"</div><article>more</article><footer>"),
                  page.replace(b"<h1>T</h1>", b"<h1>T</h1><article>inner</article>"),
                  page.replace(b"<p>x</p>", b"<!-- </article> --><p>x</p>"),  # the first end tag is not the end
                  page.replace(b" data-pagefind-body", b""),  # not marked: nothing to reduce
                  page.replace(b"<body dir=\"ltr\">", b"")]
    for whole in kept_whole:
        assert search_input(whole) == whole


def test_the_reduced_pages_are_listed_in_the_order_the_site_lists_them(tmp_path: Path) -> None:
    import os

    from academy.search_input import SearchSource

    site = tmp_path / "site"
    names = ["b", "a", "c", "404.html", "assets", "d"]
    for name in names:  # created in an order that is not sorted
        if name.endswith(".html"):
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_text("<html><body>404</body></html>")
        elif name == "assets":
            (site / name).mkdir(parents=True)
            (site / name / "x.css").write_text("")
        else:
            (site / name).mkdir(parents=True)
            (site / name / "index.html").write_text(f"<html><body>{name}</body></html>")
    source = SearchSource()
    try:
        for name in ("b", "a", "c", "d"):
            source.add(f"{name}/index.html", f"<html><body>{name}</body></html>")
        folder = source.complete(site)
        assert folder is not None
        listed = [entry.name for entry in os.scandir(site) if entry.name != "assets"]
        assert [entry.name for entry in os.scandir(folder)] == listed
        assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
            "404.html", "a/index.html", "b/index.html", "c/index.html", "d/index.html"]
        assert (folder / "404.html").read_text() == "<html><body>404</body></html>"
    finally:
        source.remove()
    assert not folder.exists()


def test_files_written_in_the_background_are_written_in_order_and_errors_come_back(tmp_path: Path) -> None:
    import mkdocs.utils

    from academy.engine.mkdocs.background_writes import QUEUED_FILES, writes_in_background

    original = mkdocs.utils.write_file
    with writes_in_background() as writes:
        assert writes is not None and mkdocs.utils.write_file == writes.write_file
        for number in range(QUEUED_FILES * 3):  # more than the queue holds: the writer keeps up
            mkdocs.utils.write_file(f"page {number}".encode(), str(tmp_path / "a" / f"{number % 5}.html"))
        mkdocs.utils.write_file(b"last", str(tmp_path / "a" / "0.html"))
        writes.drain()
        assert (tmp_path / "a" / "0.html").read_bytes() == b"last", "a later file replaces an earlier one"
        last_fourth = max(n for n in range(QUEUED_FILES * 3) if n % 5 == 4)
        assert (tmp_path / "a" / "4.html").read_bytes() == f"page {last_fourth}".encode()
        (tmp_path / "file").write_text("")
        mkdocs.utils.write_file(b"x", str(tmp_path / "file" / "under-a-file.html"))  # cannot be written
        with pytest.raises(OSError):
            writes.drain()
    assert mkdocs.utils.write_file is original
    with writes_in_background(enabled=False) as writes:
        assert writes is None and mkdocs.utils.write_file is original


def test_fragments_escape_as_markupsafe_formats() -> None:
    from markupsafe import Markup

    from academy.templating import fragment

    cases = [('<span {}="{}">{}</span>', (Markup("data-x"), "title", "A & <b>'\"")),
             ('<a href="{0}">{1}{0}</a>', ("x&y", 5)), ("{:>5}", ("<",)), ("{!r}", ("<",)), ("{0.real}", (3,)),
             ("plain", ()), ("<p>{}</p>", (Markup("<b>ok</b>"),)), ("{{literal}} {}", ("<",)), ("<i>{}</i>", (None,)),
             ("{}", (1.5,))]
    for template, values in cases:
        made = fragment(template, *values)
        assert made == Markup(template).format(*values) and isinstance(made, Markup), template


def test_front_matter_a_generator_gives_is_what_its_yaml_says(sample_root: Path) -> None:
    """A generated page that carries its front-matter values (``GeneratedPage.meta``) is planned without
    parsing its YAML: those values must be exactly what the YAML it wrote reads as."""
    import dataclasses

    from academy.content import read_content
    from academy.pages import GeneratedPage, generate_pages
    from academy.pages.library_pages import resource_page
    from academy.sources import split_front_matter

    content, _ = read_content(sample_root)
    resource = next(iter(content.resources.values()))
    odd = ["10:30", "2024", "1e3", "yes", "null", "~", "a: b", "#x", "- item", "'quoted'", '"double"', "x\\y",
           "Ünïcödé – “curly”", "[list]", "{map}", "@at", "`tick`", "% percent", "!tag", "&anchor *alias", "---",
           "... dots", "tab\there", "a " * 60]
    pages = [page for page in generate_pages(content) if isinstance(page, GeneratedPage)]
    pages += [resource_page(content, dataclasses.replace(resource, meta=resource.meta.model_copy(
        update={"title": value, "summary": value})), 1) for value in odd]
    checked = 0
    for page in pages:
        if page.meta is not None:
            assert split_front_matter(page.markdown, page.src_uri).meta.data == dict(page.meta), page.src_uri
            checked += 1
    assert checked >= len(content.resources) + len(odd)


def test_the_reduced_pages_look_for_what_pagefind_reads_as_plain_searches_would() -> None:
    import random

    from academy.search_input import _READ_AFTER, _READ_BEFORE, _holds

    rng = random.Random(17)
    pieces = [b"<", b">", b"h", b"H1", b"1", b"<h", b"<H1", b"<img", b"<IMG", b"</article", b"<Article", b"<ti",
              b"tle", b"<title", b"data-", b"pagefind", b"DATA-PAGEFIND", b"<html", b"<body", b"<bod", b"y", b" "]
    for _ in range(3000):
        part = b"".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))
        for needles in (_READ_BEFORE, _READ_AFTER):
            assert _holds(part, needles) == any(needle in part.lower() for needle in needles), part
