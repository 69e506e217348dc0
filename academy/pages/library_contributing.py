"""The contributors' guide to the library: how to suggest or add a resource.

Generated so it always matches the code: the field list comes from the entry
schema's own descriptions and the allowed words from ``library/vocabulary.yml``.
"""

from __future__ import annotations

from typing import Iterable

from .. import urls
from ..content import Content
from ..feed import FEED_PATH
from ..library import ResourceMeta
from ..schema import field_help
from . import GeneratedPage
from .markdown import front_matter, link, relative, table, text

SRC_URI = urls.LIBRARY_CONTRIBUTING
CATALOG = urls.CATALOG

EXAMPLE = """\
```yaml
title: "The resource's own title"
publisher: Organization that publishes it
year: 2024
type: guide                      # one id from library/vocabulary.yml
topics: [local-leadership, community-engagement]
audiences: [elected-officials, city-staff]
modules: [1, 6]                  # numbers of the modules it serves
url: https://www.example.org/guides/the-resource   # the resource itself, not a home page
summary: >-
  Two to four sentences in your own words: what it is and when a city would use it.
language: en
added: 2025-11-28                # the day you add the entry
checked: 2025-11-28              # the day you last verified the link and the text
```

Only when the resource has ended or changed (a program cut, a service closed), add:

```yaml
status:
  state: discontinued            # or: changed
  date: 2025-09-29               # when it happened
  note: >-
    One or two sentences: what changed and what remains.
```
"""


def generate(content: Content) -> Iterable[GeneratedPage]:
    parts = [
        front_matter(title="Adding or suggesting a resource",
                     description="How staff add an entry to the living library, and how anyone can suggest one."),
        "# Adding or suggesting a resource\n",
        f"The {link('living library', relative(SRC_URI, CATALOG))} grows every week. Anyone taking part in "
        "the Academy can suggest a resource; program staff add it.\n",
        "## Suggest a resource\n",
        "Send the program team the resource's title, its publisher, its web address, one or two sentences "
        "on why other cities would find it useful, and the module it fits. Staff check the resource, write the "
        "entry and add it. It then appears in the catalog, on the pages of the modules it serves, in the "
        f"recently added list and in the {link('library feed', relative(SRC_URI, FEED_PATH))}.\n",
        "We add resources that are public, free to read and published by a known organization.\n",
        "## Add an entry (program staff)\n",
        "1. Create one file in the `library/` folder named after the resource: lowercase words joined by "
        "hyphens, such as `library/nlc-hate-crime-guide.yml`. The file name is the entry's id.",
        "2. Fill in every field, as in this example:\n",
        _indent(EXAMPLE),
        "3. Write only facts you are sure of. Link to the resource itself (its own page or document); only "
        "entries about a whole organization, network or website may link to a home page, and the check warns "
        "about any other home-page link.",
        "4. Use only the types, topics and audiences listed below. If none fits, add a term to "
        "`library/vocabulary.yml` (an `id` and a `label`) in the same change.",
        "5. Run `python build_site.py --check`. Every problem is reported as `file:line:column: message`, "
        "naming the field, the value and what is expected. Fix the lines it names and run it again.",
        "6. Run `python build_site.py` and open the catalog to see the entry.\n",
        "A module can also list resources in its own front matter (`resources: [id, ...]`); a module page "
        "shows both the resources it lists and the entries that name it.\n",
        "## The fields\n",
        table(["Field", "What to write"],
              [[f"`{name}`", text(field_help(info))] for name, info in ResourceMeta.model_fields.items()]),
    ]
    if content.vocabulary is not None:
        parts.append("## The vocabulary\n")
        for facet, heading in (("types", "Types"), ("topics", "Topics"), ("audiences", "Audiences")):
            parts.append(f"### {heading}\n")
            parts.append(table(["Id", "Shown as"], [[f"`{term_id}`", text(label)]
                                                    for term_id, label in content.vocabulary.labels(facet).items()]))
    parts.append("## Keeping links fresh\n")
    parts.append("When you verify an entry again (the link and what the summary says), update `checked`. When "
                 "a resource moves, update `url` and `checked` together. When it ends or changes, keep the entry "
                 "and add `status` (above): its page and the catalog then say so, and the catalog's Status "
                 "filter finds it. Staff can check every link at once with "
                 "`python build_site.py check-links` where the network is available.\n")
    yield GeneratedPage(SRC_URI, "\n".join(parts))


def _indent(block: str) -> str:
    return "".join(f"    {line}" if line.strip() else line for line in block.splitlines(keepends=True))
