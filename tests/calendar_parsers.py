"""Read .ics files with three independent parsers and list every occurrence of every event in UTC.

- icalendar (time zones from the tz database, recurrences expanded with dateutil);
- vobject (time zones from the file's own VTIMEZONE blocks);
- ical.js run with Node (the parser of Thunderbird and many web calendars; VTIMEZONE from the file),
  installed from npm by ``npm ci`` in tests/ical (tests/run.sh does it).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import icalendar
import vobject
from dateutil import rrule

ICAL_JS_DIR = Path(__file__).resolve().parent / "ical"
Instants = dict[str, list[tuple[str, str]]]


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def with_icalendar(path: Path) -> Instants:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    found: Instants = {}
    for event in calendar.walk("VEVENT"):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        length = end - start
        starts = [start]
        if "RRULE" in event:
            rule = rrule.rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
            excluded = set()
            for dates in (event["EXDATE"] if isinstance(event.get("EXDATE"), list) else [event.get("EXDATE")]):
                if dates is not None:
                    excluded |= {d.dt for d in dates.dts}
            starts = [s for s in rule if s not in excluded]
        found[str(event["UID"])] = [(_utc(s), _utc(s + length)) for s in starts]
    return found


def with_vobject(path: Path) -> Instants:
    calendar = vobject.readOne(path.read_text(encoding="utf-8"))
    found: Instants = {}
    for event in calendar.vevent_list:
        start, end = event.dtstart.value, event.dtend.value
        length = end - start
        rules = event.getrruleset(addRDate=True)
        starts = list(rules) if rules is not None else [start]
        found[event.uid.value] = [(_utc(s), _utc(s + length)) for s in starts]
    return found


def with_ical_js(paths: list[Path]) -> dict[str, Instants]:
    """Every file at once (one Node process); fails, never skips, when Node or ical.js is missing."""
    node = shutil.which("node")
    assert node, "node is not installed; tests/run.sh installs it with Debian's nodejs package"
    assert (ICAL_JS_DIR / "node_modules" / "ical.js").is_dir(), \
        "ical.js is not installed; run 'npm ci' in tests/ical (tests/run.sh does)"
    result = subprocess.run([node, str(ICAL_JS_DIR / "instants.mjs"), *map(str, paths)], capture_output=True,
                            text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    return {path: {uid: [tuple(pair) for pair in pairs] for uid, pairs in events.items()}
            for path, events in json.loads(result.stdout).items()}
