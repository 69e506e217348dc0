"""What templates see: plain dictionaries built from the content model.

Templates receive ready-made values (labels, URLs relative to the page) so
they hold no logic beyond layout.  ``url`` is a function from a source path
(``modules/01-....md``) to a URL relative to the page being rendered.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from .cohorts.events import WORKSHOP_NAMES
from .cohorts.schedule import workshop_on
from . import urls
from .catalog import build_facets, count_facets, facet_values_with_modules, status_badge
from .content import Content
from .curriculum import FORMAT_LABELS, Module
from .pages import cohort_links, workspace
from .pages.markdown import minutes
from .cohorts.model import Cohort
from .cohorts.state import newest_cohort
from .cohorts import timezones
from .pages.when import at, day, iso_instant
from .provenance import SAMPLE_LABEL
from .templating import escape


UrlFor = Callable[[str], str]


def navigation(content: Content) -> list[Any]:
    """The site navigation, derived from the content so a new module appears by itself.

    Material prints navigation titles as HTML, so titles from content are escaped here."""
    modules = [{escape(f"{m.number}. {m.title}"): m.src_uri} for m in content.modules]
    return [
        {"Home": urls.HOME},
        {"About the Academy": urls.ABOUT},
        {"Curriculum": [{"Overview": urls.CURRICULUM}, *modules, *_reference_pages(content),
                        {"Facilitator guide": urls.FACILITATOR_GUIDE}]},
        {"My workspace": _workspace_navigation(content)},
        {"Library": [{"Living library": urls.CATALOG}, {"Adding a resource": urls.LIBRARY_CONTRIBUTING}]},
        {"Cohorts": [{"All cohorts": cohort_links.INDEX}, *_cohort_navigation(content)]},
        {"Search": urls.SEARCH},
    ]


REFERENCE_PAGES = (("Templates", urls.TEMPLATES), ("What the law lets a city do", urls.LAW))
"""Pages of curriculum/ that every module may point to, listed after the modules when they exist."""


def _reference_pages(content: Content) -> list[Any]:
    return [{title: path} for title, path in REFERENCE_PAGES if (content.root / "curriculum" / path).is_file()]


def _workspace_navigation(content: Content) -> list[Any]:
    pages: list[Any] = [{escape("My city's action plan"): workspace.PLAN}]
    if content.self_assessment is not None:
        pages.append({escape("Self-assessment"): workspace.ASSESSMENT})
    return pages


def _cohort_navigation(content: Content) -> list[Any]:
    cohorts = content.program.cohorts if content.program else []
    return [{escape(cohort.name): [
        {"Overview": cohort_links.overview(cohort)},
        {"Opening workshop agenda": cohort_links.agenda(cohort, "opening")},
        {"Closing workshop agenda": cohort_links.agenda(cohort, "closing")},
        {"Office hours": cohort_links.office_hours(cohort)},
    ]} for cohort in sorted(cohorts, key=lambda c: c.start, reverse=True)]


MODULE_RESOURCE_LIMIT = 12
"""Resources listed on a module page; the rest are one link away in the catalog, filtered by module."""


def module_view(content: Content, module: Module, url: UrlFor) -> dict[str, Any]:
    """Everything a module page shows around its body."""
    position = content.modules.index(module)
    neighbors = {
        "previous": content.modules[position - 1] if position > 0 else None,
        "next": content.modules[position + 1] if position + 1 < len(content.modules) else None,
    }
    vocabulary_types = content.vocabulary.labels("types") if content.vocabulary else {}
    return {
        "number": module.number,
        "title": module.title,
        "summary": module.meta.summary,
        "format": module.format_label,
        "duration": minutes(module.meta.duration_minutes),
        "objectives": module.meta.objectives,
        "key_questions": module.meta.key_questions,
        "prework": module.meta.prework,
        "resources": [
            {"title": r.meta.title, "url": url(r.src_uri), "publisher": r.meta.publisher,
             "type": vocabulary_types.get(r.meta.type, r.meta.type), "year": r.meta.year,
             "status": status_badge(r)}
            for r in content.featured_resources(module, MODULE_RESOURCE_LIMIT)
        ],
        "resource_total": len(content.resources_for(module)),
        "resources_url": url(urls.CATALOG) + f"?module={module.number}",
        "related": [
            {"number": other.number, "title": other.title, "url": url(other.src_uri)}
            for other in (content.module(n) for n in module.meta.related_modules) if other is not None
        ],
        "facilitator_notes": _timeline(module),
        "previous": _neighbor(neighbors["previous"], url),
        "next": _neighbor(neighbors["next"], url),
        "guide_url": url(urls.FACILITATOR_GUIDE) + f"#module-{module.number}",
        "schedule": _schedule(content, module, url),
    }


def version_cohort(content: Content) -> Cohort | None:
    """The cohort this build is the version of (``content.version``), else the newest cohort.

    A version's module pages show its own cohort's dates only, whatever state any cohort is in.
    """
    if content.program is None:
        return None
    cohorts = content.program.cohorts
    own = next((c for c in cohorts if c.id == content.version), None)
    return own or newest_cohort(cohorts)


def _schedule(content: Content, module: Module, url: UrlFor) -> dict[str, Any] | None:
    """When the module runs for this version's cohort, or None."""
    cohort = version_cohort(content)
    run = next((r for r in cohort.modules if r.module == module.number), None) if cohort else None
    if cohort is None or run is None:
        return None
    assert content.program is not None
    samples = content.program.cohort_provenance(cohort)
    view = {"cohort": cohort.name, "cohort_url": url(cohort_links.overview(cohort)), "date": day(run.date),
            "format": FORMAT_LABELS[run.format], "time": None, "workshop": None, "agenda_url": None,
            "sample": samples.has_sample("modules", cohort.modules.index(run))}
    if run.format == "online" and run.start is not None:
        view["time"] = at(run.start, cohort.timezone, run.date)
        # The instant and zone let the reader's browser add their own time (cohort-hub.js).
        view["instant"] = iso_instant(timezones.local(run.date, run.start, cohort.timezone))
        view["zone"] = cohort.timezone
    key = workshop_on(cohort, run.date) if run.format == "in-person" else None
    if key is not None:
        workshop = getattr(cohort.workshops, key)
        view["workshop"] = f"{WORKSHOP_NAMES[key]}, {workshop.host_event}, {workshop.city}, {workshop.state}"
        view["sample"] = view["sample"] or samples.at("workshops", key).any_sample("host_event", "city", "state")
        view["agenda_url"] = url(cohort_links.agenda(cohort, key))
    view["sample"] = SAMPLE_LABEL if view["sample"] else None
    return view


def _timeline(module: Module) -> list[dict[str, Any]]:
    return [{"start": start, "end": end, "activity": step.activity, "guidance": step.guidance}
            for start, end, step in module.timeline()]


def _neighbor(module: Module | None, url: UrlFor) -> dict[str, Any] | None:
    if module is None:
        return None
    return {"number": module.number, "title": module.title, "url": url(module.src_uri)}


def library_view(content: Content, url: UrlFor) -> dict[str, Any]:
    """The catalog's search form: every facet with its options and counts over the whole library."""
    entries = [facet_values_with_modules(r, [m.number for m in content.modules_for(r)])
               for r in content.resources.values()]
    facets = build_facets(count_facets(entries), content.vocabulary, content.modules)
    return {
        "total": len(content.resources),
        "facets": [{"name": f.name, "label": f.label,
                    "options": [{"value": o.value, "label": o.label, "count": o.count} for o in f.options]}
                   for f in facets],
        "contributing_url": url(urls.LIBRARY_CONTRIBUTING),
    }


def workspace_view(content: Content, url: UrlFor, site_name: str, version: str | None) -> dict[str, Any]:
    """What the workspace scripts need on every page (read as JSON): where to keep data, the modules' pages."""
    cohorts = content.program.cohorts if content.program else []
    return {
        "site": re.sub(r"[^a-z0-9]+", "-", site_name.lower()).strip("-") or "site",
        "cohort": version or "",
        "cohortName": next((c.name for c in cohorts if c.id == version), version or ""),
        "planUrl": url(workspace.PLAN),
        "modules": [{"number": m.number, "title": m.title, "url": url(m.src_uri)} for m in content.modules],
    }


def assessment_view(content: Content, url: UrlFor) -> dict[str, Any] | None:
    """The self-assessment: its scale and its statements grouped by module, in curriculum order."""
    assessment = content.self_assessment
    if assessment is None:
        return None
    groups = []
    for group in assessment.modules:
        module = content.module(group.module)
        if module is not None:
            groups.append({"number": module.number, "title": module.title, "url": url(module.src_uri),
                           "statements": [{"id": s.id, "text": s.text} for s in group.statements]})
    return {"title": assessment.title, "url": url(workspace.ASSESSMENT),
            "scale": [{"score": step.score, "label": step.label} for step in assessment.scale], "modules": groups}


def plan_view(content: Content, url: UrlFor) -> dict[str, Any]:
    """The action plan's frame: every module in curriculum order (the reader's own entries come from the browser)."""
    return {"modules": [{"number": m.number, "title": m.title, "url": url(m.src_uri)} for m in content.modules]}


def footer_view(content: Content) -> dict[str, Any] | None:
    """The partners and the help desk, for every page's footer (None without cohorts.yml)."""
    program = content.program.data.program if content.program else None
    if program is None:
        return None
    desk = program.help_desk
    return {"partners": [{"name": p.name, "url": p.url} for p in program.partners],
            "help_desk": {"name": desk.name, "email": desk.email, "url": desk.url}}
