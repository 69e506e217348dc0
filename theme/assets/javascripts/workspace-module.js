/* Prevention Academy workspace on a module page: progress, pre-work ticks, answers to the key questions,
   notes and commitments, saved in this browser as the reader types (docs/workspace.md). */
(function () {
  "use strict";

  var ws = window.AcademyWorkspace;
  var section = document.querySelector("[data-academy-ws-module]");
  if (!ws || !ws.config || !section) return;

  var number = section.getAttribute("data-academy-ws-module");
  var loaded = ws.load();
  var record = loaded.record;
  var entry = ws.moduleEntry(record, number);
  var status = section.querySelector("[data-ws-status]");
  var problem = section.querySelector("[data-ws-problem]");
  var schedule = loaded.available ? ws.saver(record, status, problem) : function () {};
  ws.showProblem(problem, loaded.problem);

  /* Progress */
  section.querySelectorAll("input[name=ws-progress]").forEach(function (radio) {
    radio.checked = radio.value === entry.progress;
    radio.addEventListener("change", function () {
      if (!radio.checked) return;
      entry.progress = radio.value;
      schedule();
    });
  });

  /* Pre-work checklist (rendered above the body when the module defines one); ticks are kept by item text. */
  document.querySelectorAll("[data-academy-prework] input[type=checkbox]").forEach(function (box) {
    box.checked = entry.prework.indexOf(box.value) >= 0;
    box.addEventListener("change", function () {
      var items = entry.prework.filter(function (item) { return item !== box.value; });
      if (box.checked) items.push(box.value);
      entry.prework = items;
      schedule();
    });
  });

  /* Answers and notes */
  section.querySelectorAll("[data-ws-answer]").forEach(function (field) {
    var question = field.getAttribute("data-ws-answer");
    field.value = entry.answers[question] || "";
    field.addEventListener("input", function () {
      if (field.value) entry.answers[question] = field.value;
      else delete entry.answers[question];
      schedule();
    });
  });
  var notes = section.querySelector("[data-ws-notes]");
  notes.value = entry.notes;
  notes.addEventListener("input", function () {
    entry.notes = notes.value;
    schedule();
  });

  /* Commitments: rows cloned from the page's <template>, never built from HTML text. */
  var list = section.querySelector("[data-ws-commitments]");
  var template = section.querySelector("[data-ws-commitment-template]");

  function newId() {
    return "c" + Date.now().toString(36) + Math.floor(Math.random() * 1e6).toString(36);
  }

  function renumber() {
    list.querySelectorAll("li").forEach(function (row, index) {
      row.querySelector("[data-ws-legend]").textContent = "Commitment " + (index + 1);
      row.querySelector("[data-ws-remove]").setAttribute("aria-label", "Remove commitment " + (index + 1));
    });
  }

  function addRow(commitment) {
    var row = template.content.firstElementChild.cloneNode(true);
    row.querySelectorAll("[data-field]").forEach(function (field) {
      var name = field.getAttribute("data-field");
      field.value = commitment[name];
      field.addEventListener(field.tagName === "SELECT" ? "change" : "input", function () {
        commitment[name] = field.value;
        schedule();
      });
    });
    row.querySelector("[data-ws-remove]").addEventListener("click", function () {
      var index = entry.commitments.indexOf(commitment);
      if (index >= 0) entry.commitments.splice(index, 1);
      var next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      renumber();
      schedule();
      if (status) status.textContent = "Commitment removed.";
      (next ? next.querySelector("input") : section.querySelector("[data-ws-add]")).focus();
    });
    list.appendChild(row);
    return row;
  }

  entry.commitments.forEach(addRow);
  renumber();
  section.querySelector("[data-ws-add]").addEventListener("click", function () {
    var commitment = {id: newId(), what: "", owner: "", due: "", status: "open"};
    entry.commitments.push(commitment);
    var row = addRow(commitment);
    renumber();
    row.querySelector("input").focus();
    schedule();
  });

  if (!loaded.available) {
    /* Keep every field usable: what is typed stays on screen, and the problem line says it is not saved. */
    section.classList.add("academy-ws--unsaved");
  }
})();
