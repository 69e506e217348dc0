/* Prevention Academy workspace: where the reader's own work is kept (this browser's localStorage only).
   One record per site and cohort version, in the documented, versioned format of docs/workspace.md.
   Nothing here sends anything anywhere. Exposes window.AcademyWorkspace for the page scripts. */
(function () {
  "use strict";

  var FORMAT = "prevention-academy-workspace";
  var VERSION = 1;
  var KEY_PREFIX = "academy-workspace:";
  var PROGRESS = ["", "read", "done"];
  var STATUS = ["open", "done"];
  var ROUNDS = ["start", "end"];
  var DATE = /^\d{4}-\d{2}-\d{2}$/;

  /* Each step turns a record of version N into version N + 1. Add one when the format changes;
     never edit an old step (records written by older versions of the site pass through all of them). */
  var MIGRATIONS = {};

  function readConfig() {
    var element = document.getElementById("academy-ws-config");
    if (!element) return null;
    try {
      return JSON.parse(element.textContent);
    } catch (error) {
      return null;
    }
  }

  var config = readConfig();

  function storageKey(cohort) {
    return KEY_PREFIX + config.site + ":" + (cohort || "unversioned");
  }

  function emptyRecord() {
    return {format: FORMAT, version: VERSION, site: config.site, cohort: config.cohort,
            modules: {}, assessment: {start: {}, end: {}}};
  }

  function emptyModule() {
    return {progress: "", notes: "", answers: {}, prework: [], commitments: []};
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function WorkspaceError(message) {
    this.message = message;
  }

  /* Check a record of the current version; returns a list of problems (empty when it is sound). */
  function problemsIn(record) {
    var problems = [];
    function need(ok, where, expected) {
      if (!ok) problems.push(where + " " + expected);
    }
    need(typeof record.site === "string", "site", "must be text");
    need(typeof record.cohort === "string", "cohort", "must be text");
    need(isObject(record.modules), "modules", "must be a mapping of module numbers");
    need(isObject(record.assessment), "assessment", "must be a mapping with start and end");
    if (problems.length) return problems;
    Object.keys(record.modules).forEach(function (number) {
      var module = record.modules[number];
      var where = "module " + number;
      if (!/^[1-9]\d?$/.test(number) || !isObject(module)) {
        problems.push(where + " is not a module's entry");
        return;
      }
      need(PROGRESS.indexOf(module.progress) >= 0, where + " progress", "must be empty, read or done");
      need(typeof module.notes === "string", where + " notes", "must be text");
      need(isObject(module.answers) && Object.keys(module.answers).every(function (q) {
        return typeof module.answers[q] === "string";
      }), where + " answers", "must map each question to text");
      need(Array.isArray(module.prework) && module.prework.every(function (item) {
        return typeof item === "string";
      }), where + " prework", "must be a list of checked items");
      need(Array.isArray(module.commitments), where + " commitments", "must be a list");
      (Array.isArray(module.commitments) ? module.commitments : []).forEach(function (c, index) {
        var at = where + " commitment " + (index + 1);
        if (!isObject(c)) {
          problems.push(at + " is not a commitment");
          return;
        }
        need(typeof c.id === "string" && c.id.length > 0, at + " id", "must be text");
        need(typeof c.what === "string", at + " what", "must be text");
        need(typeof c.owner === "string", at + " owner", "must be text");
        need(c.due === "" || (typeof c.due === "string" && DATE.test(c.due)), at + " due date",
             "must be empty or a date written YYYY-MM-DD");
        need(STATUS.indexOf(c.status) >= 0, at + " status", "must be open or done");
      });
    });
    ROUNDS.forEach(function (round) {
      var scores = record.assessment[round];
      need(isObject(scores) && Object.keys(scores).every(function (id) {
        return [1, 2, 3].indexOf(scores[id]) >= 0;
      }), "assessment " + round, "must map statements to scores 1, 2 or 3");
    });
    return problems;
  }

  /* A parsed record of any version -> a record of the current version, or a WorkspaceError. */
  function upgrade(record) {
    if (!isObject(record) || record.format !== FORMAT) {
      throw new WorkspaceError("This is not a Prevention Academy workspace file.");
    }
    if (typeof record.version !== "number" || record.version < 1 || Math.floor(record.version) !== record.version) {
      throw new WorkspaceError("This workspace file has no valid format version.");
    }
    if (record.version > VERSION) {
      throw new WorkspaceError("This workspace was saved by a newer version of the site (format " + record.version +
                               "); this page reads formats up to " + VERSION + ".");
    }
    var copy = JSON.parse(JSON.stringify(record));
    while (copy.version < VERSION) {
      copy = MIGRATIONS[copy.version](copy);
    }
    var problems = problemsIn(copy);
    if (problems.length) {
      throw new WorkspaceError("This workspace file is damaged: " + problems.slice(0, 3).join("; ") +
                               (problems.length > 3 ? "; and " + (problems.length - 3) + " more" : "") + ".");
    }
    return copy;
  }

  function storage() {
    try {
      var store = window.localStorage;
      return store || null;
    } catch (error) {
      return null;
    }
  }

  /* {record, available, problem}: the saved record (or an empty one), whether saving can work, and why not. */
  function load(cohort) {
    var store = storage();
    if (!store) {
      return {record: emptyRecord(), available: false,
              problem: "This browser does not let the site keep data (storage is off or blocked), so nothing " +
                       "you write here can be saved. Your text stays on this page until you leave it."};
    }
    var text;
    try {
      text = store.getItem(storageKey(cohort === undefined ? config.cohort : cohort));
    } catch (error) {
      return {record: emptyRecord(), available: false,
              problem: "This browser refused to read the site's saved data, so nothing can be saved here."};
    }
    if (text === null) return {record: emptyRecord(), available: true, problem: ""};
    try {
      return {record: upgrade(JSON.parse(text)), available: true, problem: ""};
    } catch (error) {
      var reason = error instanceof WorkspaceError ? error.message : "The saved workspace cannot be read.";
      return {record: emptyRecord(), available: false,
              problem: reason + " It is left untouched; nothing on this page will be saved over it."};
    }
  }

  /* Returns "" when saved, else a sentence saying why not (the text stays on screen). */
  function save(record) {
    var store = storage();
    if (!store) return "Not saved: this browser does not let the site keep data. Your text stays on this page.";
    try {
      store.setItem(storageKey(config.cohort), JSON.stringify(record));
      return "";
    } catch (error) {
      return "Not saved: this browser's storage for the site is full or blocked. Your text stays on this page; " +
             "copy it somewhere safe, or export and forget older data.";
    }
  }

  function forget() {
    var store = storage();
    if (!store) return false;
    try {
      store.removeItem(storageKey(config.cohort));
      return true;
    } catch (error) {
      return false;
    }
  }

  /* Cohort ids of other versions of this site that have a workspace saved in this browser. */
  function otherCohorts() {
    var store = storage(), found = [];
    if (!store) return found;
    try {
      var prefix = KEY_PREFIX + config.site + ":";
      for (var i = 0; i < store.length; i++) {
        var key = store.key(i);
        if (key && key.indexOf(prefix) === 0 && key !== storageKey(config.cohort)) {
          found.push(key.slice(prefix.length));
        }
      }
    } catch (error) {
      return [];
    }
    return found.sort();
  }

  function moduleEntry(record, number) {
    var key = String(number);
    if (!record.modules[key]) record.modules[key] = emptyModule();
    return record.modules[key];
  }

  function hasContent(entry) {
    if (!entry) return false;
    return Boolean(entry.progress || entry.notes.trim() || entry.prework.length || entry.commitments.length ||
                   Object.keys(entry.answers).some(function (q) { return entry.answers[q].trim(); }));
  }

  function today() {
    var now = new Date();
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function isOverdue(commitment, day) {
    return commitment.status === "open" && Boolean(commitment.due) && commitment.due < (day || today());
  }

  /* "2025-03-14" -> "Friday, March 14, 2025" (US style, the calendar date as written: no time zone shift). */
  function longDate(value) {
    if (!DATE.test(value || "")) return "";
    var parts = value.split("-");
    var date = new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2]));
    return date.toLocaleDateString("en-US", {weekday: "long", year: "numeric", month: "long", day: "numeric",
                                             timeZone: "UTC"});
  }

  function exportText(record) {
    var copy = JSON.parse(JSON.stringify(record));
    copy.exported = new Date().toISOString();
    return JSON.stringify(copy, null, 2) + "\n";
  }

  /* Text of an exported file -> a current-version record (without the export's own date), or a WorkspaceError. */
  function parseImport(text) {
    var parsed;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new WorkspaceError("This file is not a workspace export: it is not valid JSON.");
    }
    var record = upgrade(parsed);
    delete record.exported;
    return record;
  }

  /* What replacing `current` with `incoming` would change, as short sentences. */
  function differences(current, incoming, titles) {
    var changes = [];
    var numbers = {};
    Object.keys(current.modules).concat(Object.keys(incoming.modules)).forEach(function (n) { numbers[n] = true; });
    Object.keys(numbers).sort(function (a, b) { return a - b; }).forEach(function (number) {
      var before = current.modules[number] || emptyModule();
      var after = incoming.modules[number] || emptyModule();
      var name = "Module " + number + (titles && titles[number] ? " (" + titles[number] + ")" : "");
      var parts = [];
      if (before.progress !== after.progress) {
        parts.push("progress " + (before.progress || "not started") + " becomes " + (after.progress || "not started"));
      }
      if (before.notes !== after.notes) parts.push(after.notes ? (before.notes ? "notes change" : "notes are added")
                                                               : "notes are removed");
      if (JSON.stringify(before.answers) !== JSON.stringify(after.answers)) parts.push("answers to key questions change");
      if (JSON.stringify(before.prework) !== JSON.stringify(after.prework)) parts.push("pre-work ticks change");
      var ids = {};
      before.commitments.forEach(function (c) { ids[c.id] = JSON.stringify(c); });
      var added = 0, changed = 0, kept = {};
      after.commitments.forEach(function (c) {
        if (!(c.id in ids)) added++;
        else if (ids[c.id] !== JSON.stringify(c)) changed++;
        kept[c.id] = true;
      });
      var removed = before.commitments.filter(function (c) { return !kept[c.id]; }).length;
      if (added) parts.push(added + (added === 1 ? " commitment is" : " commitments are") + " added");
      if (changed) parts.push(changed + (changed === 1 ? " commitment changes" : " commitments change"));
      if (removed) parts.push(removed + (removed === 1 ? " commitment is" : " commitments are") + " removed");
      if (parts.length) changes.push(name + ": " + parts.join(", ") + ".");
    });
    ROUNDS.forEach(function (round) {
      var before = current.assessment[round], after = incoming.assessment[round], count = 0, seen = {};
      Object.keys(before).concat(Object.keys(after)).forEach(function (id) {
        if (!seen[id] && before[id] !== after[id]) count++;
        seen[id] = true;
      });
      if (count) {
        changes.push("Self-assessment " + (round === "start" ? "at the start" : "at the end") + ": " + count +
                     (count === 1 ? " score changes." : " scores change."));
      }
    });
    return changes;
  }

  /* Debounced saving with a polite status line; failures keep the text on screen and say so.
     Leaving the page saves at once what is still waiting. */
  function saver(record, statusElement, problemElement) {
    var timer = null;
    function announce(message) {
      if (statusElement) statusElement.textContent = message;
    }
    function saveNow() {
      timer = null;
      var failure = save(record);
      if (failure) {
        if (problemElement) {
          problemElement.textContent = failure;
          problemElement.hidden = false;
        }
        announce("");
        return;
      }
      if (problemElement) problemElement.hidden = true;
      document.dispatchEvent(new CustomEvent("academy-workspace-saved"));
      announce("Saved in this browser at " +
               new Date().toLocaleTimeString("en-US", {hour: "numeric", minute: "2-digit"}) + ".");
    }
    window.addEventListener("pagehide", function () {
      if (timer) {
        clearTimeout(timer);
        saveNow();
      }
    });
    function schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(saveNow, 400);
    }
    /* A form's own Save button: what is typed is saved at once, without waiting for the pause. */
    schedule.now = function () {
      if (timer) clearTimeout(timer);
      saveNow();
    };
    return schedule;
  }

  function showProblem(element, message) {
    if (!element || !message) return;
    element.textContent = message;
    element.hidden = false;
  }

  window.AcademyWorkspace = {
    FORMAT: FORMAT, VERSION: VERSION, MIGRATIONS: MIGRATIONS, config: config, storageKey: storageKey,
    emptyRecord: emptyRecord, emptyModule: emptyModule, load: load, save: save, forget: forget, upgrade: upgrade,
    otherCohorts: otherCohorts, moduleEntry: moduleEntry, hasContent: hasContent, today: today,
    isOverdue: isOverdue, longDate: longDate, exportText: exportText, parseImport: parseImport,
    differences: differences, saver: saver, showProblem: showProblem, WorkspaceError: WorkspaceError
  };
})();
