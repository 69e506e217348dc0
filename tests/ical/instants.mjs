// Prints, for each .ics file named on the command line, every event's occurrences as UTC instants:
//   {"<file>": {"<UID>": [["2024-11-14T14:00:00Z", "2024-11-14T15:30:00Z"], ...]}}
// Time zones come from the file's own VTIMEZONE blocks, as in Thunderbird and web calendars.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function utc(time) {
  return new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
}

function occurrences(vevent) {
  const event = new ICAL.Event(vevent);
  const found = [];
  if (!event.isRecurring()) {
    return [[utc(event.startDate), utc(event.endDate)]];
  }
  const iterator = event.iterator();
  for (let next = iterator.next(); next; next = iterator.next()) {
    const details = event.getOccurrenceDetails(next);
    found.push([utc(details.startDate), utc(details.endDate)]);
    if (found.length > 1000) throw new Error(`${event.uid}: more than 1000 occurrences`);
  }
  return found;
}

const result = {};
for (const path of process.argv.slice(2)) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  const events = {};
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    events[vevent.getFirstPropertyValue("uid")] = occurrences(vevent);
  }
  result[path] = events;
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.remove(zone.getFirstPropertyValue("tzid"));
  }
}
process.stdout.write(JSON.stringify(result));
