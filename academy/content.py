"""The whole content of a site: load every file, validate it, check references between files.

:func:`load_content` never raises for bad content: it collects every problem
and raises one :class:`~academy.problems.ContentError` carrying all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .build_date import BuildDates
from . import cohorts as cohort_data
from .curriculum import MODULES_DIR, Module, file_number, load_markdown, load_module, module_number
from .library import (Resource, Vocabulary, check_deep_link, check_repeats, check_same_resource, check_vocabulary,
                      duplicate_files, is_entry_file, load_resource, load_vocabulary)
from .schema import Draft
from .problems import ContentError, Problem, Problems, did_you_mean
from .self_assessment import SELF_ASSESSMENT_FILE, SelfAssessment, load_self_assessment
from .sources import MAX_FILE_BYTES, SourceError, content_files, forget_read_files, read_text, split_front_matter
from .contact_details import find_contact_details
from .reuse import reused
from .markdown_safety import check_body
from .public_contacts import load_public_contacts

CURRICULUM_DIR = "curriculum"
LIBRARY_DIR = "library"
THEME_DIR = "theme"


@dataclass
class Content:
    """Everything the site is built from, validated."""

    root: Path
    dates: BuildDates = field(default_factory=BuildDates.now)
    """The run's dates: the day checks are about, and the moment built files are dated by."""
    modules: list[Module] = field(default_factory=list)
    resources: dict[str, Resource] = field(default_factory=dict)
    vocabulary: Vocabulary | None = None
    program: "cohort_data.Program | None" = None
    self_assessment: SelfAssessment | None = None
    warnings: list[Problem] = field(default_factory=list)
    unreadable_resources: set[str] = field(default_factory=set)
    """Ids of entry files that exist but failed validation: not reported again as missing."""
    unreadable_modules: set[int] = field(default_factory=set)
    version: str | None = None
    """The cohort id this build is the version of (versioned builds), else None."""
    site_url: str | None = None
    """The site's public address (mkdocs.yml ``site_url``), ending in '/'; None when not set."""

    def module(self, number: int) -> Module | None:
        return next((m for m in self.modules if m.number == number), None)

    def resources_for(self, module: Module) -> list[Resource]:
        """A module's resources: those its front matter names, then those whose entries name it."""
        chosen = [self.resources[rid] for rid in module.meta.resources if rid in self.resources]
        named = {r.id for r in chosen}
        chosen += sorted((r for r in self.resources.values()
                          if module.number in r.meta.modules and r.id not in named),
                         key=lambda r: r.meta.title.lower())
        return chosen

    def featured_resources(self, module: Module, limit: int) -> list[Resource]:
        """At most ``limit`` of a module's resources, so its page stays small however large the library grows:
        those its front matter names (the facilitators' choice), then current entries before changed or
        discontinued ones, newest added first."""
        chosen = [self.resources[rid] for rid in module.meta.resources if rid in self.resources][:limit]
        named = {r.id for r in chosen}
        others = [r for r in self.resources.values() if module.number in r.meta.modules and r.id not in named]
        others.sort(key=lambda r: r.meta.title.lower())
        others.sort(key=lambda r: r.meta.added, reverse=True)
        others.sort(key=lambda r: r.meta.status is not None)
        return chosen + others[:max(0, limit - len(chosen))]

    def modules_for(self, resource: Resource) -> list[Module]:
        """Modules that use a resource, from either side of the link."""
        return [m for m in self.modules if m.number in resource.meta.modules or resource.id in m.meta.resources]


def load_content(root: Path, dates: BuildDates | None = None) -> Content:
    """Load and validate everything under ``root``; raise ContentError listing every problem."""
    content, problems = read_content(root, dates)
    if any(p.severity == "error" for p in problems):
        raise ContentError(problems)
    return content


def read_content(root: Path, dates: BuildDates | None = None) -> tuple[Content, list[Problem]]:
    """Load and validate everything under ``root``, never raising for bad content: the content that is
    valid (files with errors left out, their ids in ``unreadable_*``) and every problem, errors first.

    ``dates`` are the run's (:mod:`academy.build_date`; the clock's day when not given)."""
    root = root.resolve()
    forget_read_files()
    problems = Problems()
    dates = dates or BuildDates.now()
    content = Content(root, dates)
    content.modules, modules = _load_modules(root, problems)
    content.unreadable_modules = _module_numbers_from_names(root) - {m.number for m in content.modules}
    content.self_assessment = _load_self_assessment(root, content, problems)
    content.vocabulary, content.resources, entries = _load_library(root, problems)
    content.unreadable_resources = _resource_ids_from_names(root) - set(content.resources)
    _check_other_pages(root, problems)
    _check_markdown_bodies(root, problems)
    cohorts_source = cohort_data.read_cohorts(root, problems)
    content.program = cohort_data.load_program(root, content.modules, problems, content.unreadable_modules,
                                               dates, source=cohorts_source)
    _check_references(content, modules, entries, problems)
    _check_contact_details(root, cohort_data.help_desk_contacts(cohorts_source), problems)
    content.warnings = problems.warnings
    return content, problems.errors + problems.warnings


def _load_modules(root: Path, problems: Problems) -> tuple[list[Module], list[Draft]]:
    """The valid modules by number, and the draft of every module file with front matter, valid or not (path
    order): the rules across files check each module's well-formed fields even when it has mistakes."""
    curriculum_dir = root / CURRICULUM_DIR
    modules_dir = curriculum_dir / MODULES_DIR
    if not modules_dir.is_dir():
        problems.add(f"{CURRICULUM_DIR}/{MODULES_DIR}", 1, 1, "folder is missing; it holds one Markdown file per module")
        return [], []
    modules: list[Module] = []
    drafts: list[Draft] = []
    for path in sorted(modules_dir.glob("*.md")):
        module, draft, found = load_module(path, root, curriculum_dir)
        problems.extend(found)
        if module is not None:
            modules.append(module)
        if draft is not None:
            drafts.append(draft)
    first: dict[int, str] = {}
    # A module whose number agrees with its file name keeps the number; the others are told it is taken.
    for draft in sorted(drafts, key=lambda draft: draft.get("number") != file_number(draft.document.path)):
        number = draft.get("number")
        if number is None:
            continue
        if number in first:
            line, col = draft.document.locate(("number",))
            problems.add(draft.document.path, line, col,
                         f"number {number} is already used by {first[number]}; give each module its own number")
        first.setdefault(number, draft.document.path)
    seen: dict[int, Module] = {}
    for module in modules:
        seen.setdefault(module.number, module)
    return sorted(seen.values(), key=lambda m: m.number), drafts


def _load_self_assessment(root: Path, content: Content, problems: Problems) -> SelfAssessment | None:
    numbers = {m.number for m in content.modules} | content.unreadable_modules
    assessment, found = load_self_assessment(root / CURRICULUM_DIR, root, numbers)
    problems.extend(found)
    return assessment


def _load_library(root: Path, problems: Problems) -> tuple[Vocabulary | None, dict[str, Resource], list[Draft]]:
    """The vocabulary, the valid entries by id, and the draft of every entry read as YAML, valid or not (path
    order): the rules across entries check each entry's well-formed fields even when others have mistakes."""
    library_dir = root / LIBRARY_DIR
    if not library_dir.is_dir():
        problems.add(LIBRARY_DIR, 1, 1, "folder is missing; it holds one YAML file per resource")
        return None, {}, []
    vocabulary, terms, found = load_vocabulary(library_dir, root)
    problems.extend(found)
    resources: dict[str, Resource] = {}
    drafts: list[Draft] = []
    paths, found = duplicate_files([p for p in library_dir.iterdir() if is_entry_file(p)], root)
    problems.extend(found)
    for path in paths:
        resource, entry, found = load_resource(path, root)
        problems.extend(found)
        if resource is not None:
            resources[resource.id] = resource
        if entry is None:
            continue
        drafts.append(entry)
        problems.extend(check_repeats(entry))
        problems.extend(check_deep_link(entry))
        if terms is not None:
            problems.extend(check_vocabulary(entry, terms))
    problems.extend(check_same_resource(drafts))
    for path in sorted(library_dir.iterdir()):
        if path.is_file() and path.suffix not in (".yml", ".yaml", ".md") and not path.name.startswith("."):
            problems.add(path.relative_to(root).as_posix(), 1, 1,
                         "is not a resource entry; library entries are '<id>.yml' files", "warning")
    return vocabulary, resources, drafts


def _check_other_pages(root: Path, problems: Problems) -> None:
    """Front matter of every other Markdown page must at least be valid YAML (MkDocs ignores bad YAML).

    Also refuses links (symbolic links or '..' paths) that would make MkDocs read files outside the repository.
    """
    curriculum_dir = root / CURRICULUM_DIR
    pages, refused = content_files(curriculum_dir, root, (".md",))
    for folder in (LIBRARY_DIR, THEME_DIR):
        refused += content_files(root / folder, root, None)[1]
    for error in refused:
        problems.add(error.path or CURRICULUM_DIR, 1, 1, error.message)
    for path in pages:
        if path.parent == curriculum_dir / MODULES_DIR:
            continue
        try:
            problems.extend(load_markdown(path, root).meta.problems)
        except SourceError as exc:
            problems.add(path.relative_to(root).as_posix(), exc.line, exc.col, exc.message)


def _check_markdown_bodies(root: Path, problems: Problems) -> None:
    """What every page's Markdown may contain, before Markdown reads it (see academy.markdown_safety)."""
    pages, _ = content_files(root / CURRICULUM_DIR, root, (".md",))
    for path in pages:
        name = path.relative_to(root).as_posix()
        try:
            source = split_front_matter(read_text(path, root), name, keep_going=True)
        except SourceError:
            continue  # already reported by the loader of that file (a refused front-matter value is too)
        problems.extend(reused("markdown body", (source.body, name, source.body_line),
                               lambda: check_body(source.body, name, source.body_line)))


TEXT_SUFFIXES = (".md", ".txt", ".html", ".htm", ".csv", ".json", ".xml", ".svg", ".css", ".js", ".yml", ".yaml",
                 ".ics", ".vcf")
"""Published files read as text even when they are not valid content (odd encoding, control characters)."""


def _published_files(root: Path) -> list[Path]:
    """Every file whose text reaches the site: all of curriculum/ and theme/ (MkDocs copies every file of
    both), the library entries and cohorts.yml."""
    pages, _ = content_files(root / CURRICULUM_DIR, root, None)
    theme, _ = content_files(root / THEME_DIR, root, None)
    entries, _ = content_files(root / LIBRARY_DIR, root, (".yml", ".yaml"))
    return pages + theme + entries + [root / cohort_data.COHORTS_FILE]


def _check_contact_details(root: Path, help_desk: list[str], problems: Problems) -> None:
    """No email address or phone number on the site but the help desk's and the public lines'."""
    public, found = load_public_contacts(root)
    problems.extend(found)
    allowed = help_desk + public
    for path in _published_files(root):
        try:
            text = read_text(path, root)
        except SourceError:
            if path.suffix.lower() not in TEXT_SUFFIXES or path.is_symlink() or not path.is_file():
                continue  # reported by the loader of that file, or a binary file (images, PDF)
            text = path.read_bytes()[:MAX_FILE_BYTES].decode("utf-8", errors="replace")
        display = path.relative_to(root).as_posix()
        problems.extend(reused("contact details", (text, display, tuple(allowed)),
                               lambda: find_contact_details(text, display, allowed)))


def _module_numbers_from_names(root: Path) -> set[int]:
    names = (root / CURRICULUM_DIR / MODULES_DIR).glob("[0-9][0-9]-*.md")
    return {int(path.name[:2]) for path in names}


def _resource_ids_from_names(root: Path) -> set[str]:
    return {path.stem for path in (root / LIBRARY_DIR).glob("*.y*ml") if is_entry_file(path)}


def _check_references(content: Content, modules: list[Draft], entries: list[Draft], problems: Problems) -> None:
    """Cross-file references, from every module and entry file, valid or not (the fields of theirs that are right
    on their own: every mistake in one run); ids whose own file failed to load are not reported twice."""
    # A module whose own file has errors is still a module: it is listed among the numbers to use.
    known_numbers = {m.number for m in content.modules} | content.unreadable_modules
    known_numbers |= {number for module in modules if (number := module.get("number")) is not None}
    def identities(module: Draft) -> set[int]:
        return {n for n in (module.get("number"), file_number(module.document.path)) if n is not None}

    for module in modules:
        own, mine = module_number(module), identities(module)
        path = module.document.path
        if len(mine) > 1:
            own = None  # its number and its file name disagree (reported): which module it is, is not known yet
        others = (known_numbers - mine).union(*(identities(other) for other in modules if other is not module))
        for index, rid in enumerate(module.get("resources", ())):
            if rid not in content.resources and rid not in content.unreadable_resources:
                line, col = module.document.locate(("resources", index))
                problems.add(path, line, col, f"resources[{index}] '{rid}' is not a library entry"
                                              f"{did_you_mean(rid, content.resources)}; add library/{rid}.yml or "
                                              "fix the id")
        for index, number in enumerate(module.get("related_modules", ())):
            if number not in known_numbers or number == own:
                line, col = module.document.locate(("related_modules", index))
                reason = "is this module itself" if number == own else "is not a module number"
                problems.add(path, line, col, f"related_modules[{index}] {number} {reason}; use one of "
                                              f"{', '.join(str(n) for n in sorted(others))}")
    for entry in entries:
        for index, number in enumerate(entry.get("modules", ())):
            if number not in known_numbers:
                line, col = entry.document.locate(("modules", index))
                problems.add(entry.document.path, line, col,
                             f"modules[{index}] {number} is not a module number; use one of "
                             f"{', '.join(str(n) for n in sorted(known_numbers))}")
