// The cohort hub, brought up to date on the day a page is read (docs/cohorts.md):
// - a cohort's state (upcoming, running, completed) from its dates;
// - rows and sessions whose time has passed are marked "Past";
// - official times get the reader's own time beside them (Intl.DateTimeFormat);
// - the next-session panel shows the session running now or the next one, from schedule.json.
// Text only ever goes in through textContent. Without JavaScript the pages keep the full schedule.
(function () {
  "use strict";

  var STATES = { upcoming: "Upcoming", running: "Running", completed: "Completed" };
  var readerZone = (function () {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return ""; }
  })();

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(href, text) {
    var a = el("a", "", text);
    a.href = href;
    return a;
  }

  // "2024-11-14" in the reader's own calendar.
  function localDay(now) {
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function stateOn(start, end, today) {
    if (today < start) return "upcoming";
    if (today > end) return "completed";
    return "running";
  }

  // AP style, as on the pages: "11:00 a.m. PST"; with the day when it differs: "Wed, Nov 13, 11:00 p.m. PST".
  function readerTime(instant, withDay) {
    var options = { hour: "numeric", minute: "2-digit", timeZoneName: "short" };
    if (withDay) { options.weekday = "short"; options.month = "short"; options.day = "numeric"; }
    var text = new Intl.DateTimeFormat("en-US", options).format(instant);
    return text.replace(/\u202f|\u00a0/g, " ").replace(/\bAM\b/, "a.m.").replace(/\bPM\b/, "p.m.");
  }

  function sameDayThere(instant, zone) {
    var format = function (timeZone) {
      return new Intl.DateTimeFormat("en-US", { timeZone: timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
        .format(instant);
    };
    try { return format(zone) === format(undefined); } catch (e) { return true; }
  }

  function yourTime(instant, zone) {
    if (!readerZone || readerZone === zone) return null;
    try {
      var offsetThere = new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", minute: "numeric", hour12: false }).format(instant);
      var offsetHere = new Intl.DateTimeFormat("en-US", { hour: "numeric", minute: "numeric", hour12: false }).format(instant);
      if (offsetThere === offsetHere) return null;
    } catch (e) { /* an unknown zone: still show the reader's time */ }
    return "your time: " + readerTime(instant, !sameDayThere(instant, zone));
  }

  function markStates(today) {
    document.querySelectorAll("[data-academy-state]").forEach(function (node) {
      node.textContent = STATES[stateOn(node.dataset.start, node.dataset.end, today)];
    });
  }

  function markPast(now) {
    document.querySelectorAll("[data-academy-end]").forEach(function (node) {
      if (Date.parse(node.dataset.academyEnd) > now.getTime()) return;
      var row = node.closest("tr, li, .academy-session") || node;
      row.classList.add("academy-past");
      if (!row.querySelector(".academy-past-label")) {
        node.after(" ", el("span", "academy-past-label", "Past"));
      }
    });
  }

  function addYourTimes() {
    document.querySelectorAll("time[data-academy-local]").forEach(function (node) {
      var label = yourTime(new Date(node.getAttribute("datetime")), node.dataset.zone);
      if (label && !(node.nextSibling && node.nextSibling.className === "academy-yourtime")) {
        node.after(el("span", "academy-yourtime", " (" + label + ")"));
      }
    });
  }

  function sessionCard(item, root, running, cohortName) {
    var card = el("div", "academy-next__item");
    var heading = el("p", "academy-next__what");
    heading.append(el("strong", "", running ? "Happening now: " : ""), link(root + item.page, item.title));
    if (!running) heading.firstChild.remove();
    card.append(heading);
    var facts = el("ul", "academy-next__facts");
    var when = el("li", "", item.day + ", " + item.time);
    var mine = yourTime(new Date(item.start), item.zone);
    if (mine) when.append(el("span", "academy-yourtime", " (" + mine + ")"));
    var what = [item.kind_label !== item.title ? item.kind_label : "", cohortName, item.format,
                item.where !== item.format ? item.where : ""].filter(Boolean);
    facts.append(when, el("li", "", what.join(" · ")));
    if (item.join) facts.append(el("li", "", "How to join: " + item.join));
    card.append(facts);
    var add = el("p", "academy-next__add");
    add.append("Add to calendar: ", link(root + item.calendar, "download (.ics)"), " · ", link(item.google, "Google Calendar"));
    card.append(add);
    return card;
  }

  function showNext(panel, schedule, root, now) {
    var cohort = panel.dataset.cohort;
    var body = panel.querySelector("[data-academy-next-body]");
    var items = schedule.items.filter(function (item) { return !cohort || item.cohort === cohort; });
    var time = now.getTime();
    var running = items.filter(function (i) { return Date.parse(i.start) <= time && time < Date.parse(i.end); });
    var next = items.filter(function (i) { return Date.parse(i.start) > time; })[0];
    body.textContent = "";
    // The home page's panel names the cohort; a cohort's own page does not need to.
    var names = {};
    schedule.cohorts.forEach(function (c) { names[c.id] = c.name; });
    var nameOf = function (item) { return cohort ? "" : names[item.cohort] || ""; };
    running.forEach(function (item) { body.append(sessionCard(item, root, true, nameOf(item))); });
    if (next) body.append(sessionCard(next, root, false, nameOf(next)));
    if (!running.length && !next) {
      var cohorts = schedule.cohorts.filter(function (c) { return !cohort || c.id === cohort; });
      var message = cohort
        ? "No sessions are coming up: this cohort has ended."
        : (cohorts.length ? "No sessions are coming up: every cohort on this site has ended." : "No cohort is scheduled yet.");
      var p = el("p", "", message + " ");
      if (!cohort) p.append(link(root + "cohorts/", "All cohorts"));
      body.append(p);
    }
  }

  function start() {
    var now = new Date();
    markStates(localDay(now));
    markPast(now);
    addYourTimes();
    var panels = document.querySelectorAll("[data-academy-next]");
    var meta = document.querySelector('meta[name="academy-schedule"]');
    if (!panels.length || !meta) return;
    var address = meta.getAttribute("content");
    var root = address.replace(/schedule\.json$/, "");
    fetch(address).then(function (response) {
      if (!response.ok) throw new Error("schedule.json: " + response.status);
      return response.json();
    }).then(function (schedule) {
      panels.forEach(function (panel) {
        showNext(panel, schedule, root, now);
        panel.setAttribute("data-academy-ready", "");
      });
    }).catch(function () { /* the static text stays: it points to the full schedule */ });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
