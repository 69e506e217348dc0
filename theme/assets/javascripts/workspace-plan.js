/* "My city's action plan": the reader's notes, answers and commitments from every module, the
   self-assessment's two rounds, printing and copying, and export / import / forget (docs/workspace.md).
   Everything is built with createElement and textContent. */
(function () {
  "use strict";

  var ws = window.AcademyWorkspace;
  var plan = document.querySelector("[data-academy-plan]");
  if (!ws || !ws.config || !plan) return;

  var PROGRESS = {"": "Not started", read: "Read", done: "Done"};
  var titles = {};
  ws.config.modules.forEach(function (module) { titles[String(module.number)] = module.title; });
  var loaded = ws.load();
  var record = loaded.record;
  var status = plan.querySelector("[data-ws-status]");
  var dataStatus = plan.querySelector("[data-data-status]");
  ws.showProblem(plan.querySelector("[data-ws-problem]"), loaded.problem);

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function filterValue() {
    var checked = plan.querySelector("input[name=plan-filter]:checked");
    return checked ? checked.value : "all";
  }

  function shown(commitment, filter, day) {
    if (filter === "open") return commitment.status === "open";
    if (filter === "done") return commitment.status === "done";
    if (filter === "overdue") return ws.isOverdue(commitment, day);
    return true;
  }

  function commitmentStatus(commitment, day) {
    if (ws.isOverdue(commitment, day)) return "Overdue";
    return commitment.status === "done" ? "Done" : "Open";
  }

  function commitmentsTable(entry, number, filter, day) {
    var rows = entry.commitments.filter(function (c) { return shown(c, filter, day); });
    if (!rows.length) {
      return element("p", entry.commitments.length ? "No commitments match this filter." : "No commitments yet.",
                     "academy-muted");
    }
    var wrap = element("div", null, "academy-table");
    /* On a phone the table may scroll sideways inside its region: reachable and named for the keyboard. */
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "Commitments for module " + number);
    var table = element("table", null, "academy-plan__commitments");
    var caption = element("caption", "Commitments for module " + number);
    caption.className = "academy-visually-hidden";
    table.appendChild(caption);
    var head = element("thead"), headRow = element("tr");
    ["Commitment", "Owner", "Due", "Status"].forEach(function (label) {
      var th = element("th", label);
      th.scope = "col";
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    table.appendChild(head);
    var body = element("tbody");
    rows.forEach(function (c) {
      var tr = element("tr");
      var label = commitmentStatus(c, day);
      if (label === "Overdue") tr.className = "academy-plan__overdue";
      tr.appendChild(element("td", c.what || "(not written yet)"));
      tr.appendChild(element("td", c.owner || "–"));
      tr.appendChild(element("td", c.due ? ws.longDate(c.due) : "–"));
      tr.appendChild(element("td", label, "academy-plan__status academy-plan__status--" + label.toLowerCase()));
      body.appendChild(tr);
    });
    table.appendChild(body);
    wrap.appendChild(table);
    return wrap;
  }

  function renderModule(section, filter, day) {
    var number = section.getAttribute("data-plan-module");
    var entry = record.modules[number];
    var target = section.querySelector("[data-plan-content]");
    target.replaceChildren();
    section.classList.toggle("academy-plan__module--empty", !ws.hasContent(entry));
    if (!ws.hasContent(entry)) {
      target.appendChild(element("p", "Nothing written yet.", "academy-muted"));
      return;
    }
    target.appendChild(element("p", "Progress: " + PROGRESS[entry.progress], "academy-plan__progress"));
    var answered = Object.keys(entry.answers).filter(function (q) { return entry.answers[q].trim(); });
    if (answered.length) {
      target.appendChild(element("h3", "Answers to the key questions"));
      var list = element("dl", null, "academy-plan__answers");
      answered.forEach(function (question) {
        list.appendChild(element("dt", question));
        list.appendChild(element("dd", entry.answers[question]));
      });
      target.appendChild(list);
    }
    if (entry.notes.trim()) {
      target.appendChild(element("h3", "Notes"));
      target.appendChild(element("p", entry.notes, "academy-plan__notes"));
    }
    if (entry.prework.length) {
      target.appendChild(element("p", "Pre-work done: " + entry.prework.join("; "), "academy-muted"));
    }
    target.appendChild(element("h3", "Commitments"));
    target.appendChild(commitmentsTable(entry, number, filter, day));
  }

  function renderAssessment() {
    plan.querySelectorAll("tr[data-statement]").forEach(function (row) {
      var id = row.getAttribute("data-statement");
      ["start", "end"].forEach(function (round) {
        var score = record.assessment[round][id];
        row.querySelector("[data-round=" + round + "]").textContent = score ? String(score) : "–";
      });
      row.classList.toggle("academy-plan__unscored", !record.assessment.start[id] && !record.assessment.end[id]);
    });
    plan.querySelectorAll(".academy-plan__scores tbody").forEach(function (group) {
      group.classList.toggle("academy-plan__unscored",
                             !group.querySelector("tr[data-statement]:not(.academy-plan__unscored)"));
    });
  }

  function render() {
    var filter = filterValue(), day = ws.today(), any = false;
    plan.querySelectorAll("[data-plan-module]").forEach(function (section) {
      renderModule(section, filter, day);
      any = any || ws.hasContent(record.modules[section.getAttribute("data-plan-module")]);
    });
    renderAssessment();
    plan.querySelector("[data-plan-empty]").hidden = any;
    renderOtherCohorts();
  }

  /* Plain text and Markdown versions of the plan, for pasting into an email or a document. */
  function asText(markdown) {
    var day = ws.today(), filter = filterValue(), lines = [];
    var heading = document.querySelector("h1").textContent.trim();
    lines.push(markdown ? "# " + heading : heading.toUpperCase(), "");
    ws.config.modules.forEach(function (module) {
      var entry = record.modules[String(module.number)];
      if (!ws.hasContent(entry)) return;
      var title = "Module " + module.number + ": " + module.title;
      lines.push(markdown ? "## " + title : title, "Progress: " + PROGRESS[entry.progress]);
      Object.keys(entry.answers).forEach(function (question) {
        if (!entry.answers[question].trim()) return;
        lines.push("", markdown ? "**" + question + "**" : question, entry.answers[question]);
      });
      if (entry.notes.trim()) lines.push("", markdown ? "**Notes**" : "Notes:", entry.notes);
      var commitments = entry.commitments.filter(function (c) { return shown(c, filter, day); });
      if (commitments.length) {
        lines.push("", markdown ? "**Commitments**" : "Commitments:");
        commitments.forEach(function (c) {
          var label = commitmentStatus(c, day);
          var text = (c.what || "(not written yet)") + (c.owner ? " (owner: " + c.owner + ")" : "") +
                     (c.due ? ", due " + ws.longDate(c.due) : "") + ": " + label;
          lines.push(markdown ? "- [" + (c.status === "done" ? "x" : " ") + "] " + text : "- " + text);
        });
      }
      lines.push("");
    });
    var scored = plan.querySelectorAll("tr[data-statement]");
    var rounds = [];
    scored.forEach(function (row) {
      var id = row.getAttribute("data-statement");
      var start = record.assessment.start[id], end = record.assessment.end[id];
      if (start || end) rounds.push("- " + row.querySelector("th").textContent.trim() + " Start: " + (start || "–") +
                                    ", end: " + (end || "–"));
    });
    if (rounds.length) {
      lines.push(markdown ? "## Self-assessment (1 not in place, 2 partly, 3 fully in place)" :
                            "Self-assessment (1 not in place, 2 partly, 3 fully in place)");
      lines = lines.concat(rounds);
    }
    return lines.join("\n").replace(/\n{3,}/g, "\n\n").trim() + "\n";
  }

  function copy(markdown) {
    var text = asText(markdown);
    var box = plan.querySelector("[data-plan-copybox]");
    var area = box.querySelector("textarea");
    area.value = text;
    box.hidden = false;
    var label = markdown ? "Markdown" : "plain text";
    function fallback() {
      area.focus();
      area.select();
      status.textContent = "The plan as " + label + " is in the box below: select it and copy.";
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        status.textContent = "Copied the plan as " + label + ". It is also in the box below.";
      }, fallback);
    } else {
      fallback();
    }
  }

  /* Export, import (validated, reviewed, confirmed), forget. */
  var review = plan.querySelector("[data-data-review]");
  var forgetBox = plan.querySelector("[data-forget-confirm]");
  var importInput = plan.querySelector("[data-data-import]");
  var pending = null;

  function say(message) {
    dataStatus.textContent = message;
  }

  function exportFile() {
    var blob = new Blob([ws.exportText(record)], {type: "application/json"});
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "academy-workspace-" + (ws.config.cohort || "site") + "-" + ws.today() + ".json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    say("Exported to " + link.download + ". Keep the file private: it holds what your city wrote.");
  }

  function showReview(incoming, source) {
    var changes = ws.differences(record, incoming, titles);
    var summary = review.querySelector("[data-review-summary]");
    var list = review.querySelector("[data-review-changes]");
    list.replaceChildren();
    var from = incoming.cohort && incoming.cohort !== ws.config.cohort ?
      " It was saved under cohort " + incoming.cohort + "; it will be kept here under " +
      (ws.config.cohort ? "cohort " + ws.config.cohort : "this site") + "." : "";
    if (!changes.length) {
      summary.textContent = source + " holds exactly what is saved here; replacing changes nothing." + from;
    } else {
      summary.textContent = source + " replaces everything saved here. What changes:" + from;
      changes.forEach(function (change) { list.appendChild(element("li", change)); });
    }
    incoming.cohort = ws.config.cohort;
    incoming.site = ws.config.site;
    pending = incoming;
    review.hidden = false;
    review.focus();
  }

  importInput.addEventListener("change", function () {
    var file = importInput.files && importInput.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      try {
        showReview(ws.parseImport(String(reader.result)), "The file " + file.name);
        say("");
      } catch (error) {
        review.hidden = true;
        pending = null;
        say("Not imported: " + (error instanceof ws.WorkspaceError ? error.message : "the file cannot be read.") +
            " Nothing was changed.");
      }
      importInput.value = "";
    };
    reader.onerror = function () { say("Not imported: the file cannot be read. Nothing was changed."); };
    reader.readAsText(file);
  });

  review.querySelector("[data-review-confirm]").addEventListener("click", function () {
    if (!pending) return;
    var failure = ws.save(pending);
    if (failure) {
      say(failure);
      return;
    }
    record = pending;
    pending = null;
    review.hidden = true;
    loaded.available = true;
    render();
    document.dispatchEvent(new CustomEvent("academy-workspace-saved"));
    say("Imported. Your action plan now shows the file's content.");
    importInput.focus();
  });
  review.querySelector("[data-review-cancel]").addEventListener("click", function () {
    pending = null;
    review.hidden = true;
    say("Kept your data; nothing was imported.");
    importInput.focus();
  });

  plan.querySelector("[data-data-forget]").addEventListener("click", function () {
    forgetBox.hidden = false;
    forgetBox.focus();
  });
  forgetBox.querySelector("[data-forget-no]").addEventListener("click", function () {
    forgetBox.hidden = true;
    say("Nothing was erased.");
    plan.querySelector("[data-data-forget]").focus();
  });
  forgetBox.querySelector("[data-forget-yes]").addEventListener("click", function () {
    forgetBox.hidden = true;
    if (!ws.forget()) {
      say("This browser did not let the site erase its data; clear the site's data in the browser's settings.");
      return;
    }
    record = ws.emptyRecord();
    render();
    document.dispatchEvent(new CustomEvent("academy-workspace-saved"));
    say("Erased. Nothing your city wrote is kept in this browser any more.");
    plan.querySelector("[data-data-forget]").focus();
  });

  /* Workspaces saved under other cohorts' versions of the site stay readable: offer to bring one here. */
  function renderOtherCohorts() {
    var holder = plan.querySelector("[data-plan-other]");
    var others = ws.otherCohorts();
    holder.replaceChildren();
    holder.hidden = !others.length;
    if (!others.length) return;
    holder.appendChild(element("span", "This browser also holds a workspace saved under " +
                                        (others.length === 1 ? "another version of the site: " : "other versions: ")));
    others.forEach(function (cohort) {
      var button = element("button", "Review the one from " + (cohort === "unversioned" ? "the unversioned site" :
                                                               "cohort " + cohort), "academy-ws-button");
      button.type = "button";
      button.addEventListener("click", function () {
        var other = ws.load(cohort === "unversioned" ? "" : cohort);
        if (other.problem) {
          say(other.problem);
          return;
        }
        showReview(other.record, "The workspace from " + (cohort === "unversioned" ? "the unversioned site" :
                                                          "cohort " + cohort));
      });
      holder.appendChild(document.createTextNode(" "));
      holder.appendChild(button);
    });
  }

  plan.querySelectorAll("input[name=plan-filter]").forEach(function (radio) {
    radio.addEventListener("change", render);
  });
  plan.querySelector("[data-plan-print]").addEventListener("click", function () { window.print(); });
  plan.querySelectorAll("[data-plan-copy]").forEach(function (button) {
    button.addEventListener("click", function () { copy(button.getAttribute("data-plan-copy") === "markdown"); });
  });
  plan.querySelector("[data-data-export]").addEventListener("click", exportFile);
  window.addEventListener("storage", function () {
    record = ws.load().record;
    render();
  });
  render();
})();
