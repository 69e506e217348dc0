/* The readiness self-assessment form: one round (start or end) at a time, scores saved in this browser
   (docs/workspace.md). */
(function () {
  "use strict";

  var ws = window.AcademyWorkspace;
  var form = document.querySelector("[data-academy-assessment]");
  if (!ws || !ws.config || !form) return;

  var loaded = ws.load();
  var record = loaded.record;
  var problem = form.querySelector("[data-ws-problem]");
  var status = form.querySelector("[data-ws-status]");
  var schedule = loaded.available ? ws.saver(record, status, problem) : function () {};
  var saveNow = schedule.now || function () {};
  ws.showProblem(problem, loaded.problem);

  function round() {
    return form.querySelector("input[name=round]:checked").value;
  }

  function show() {
    var scores = record.assessment[round()];
    form.querySelectorAll("[data-statement]").forEach(function (item) {
      var score = scores[item.getAttribute("data-statement")];
      item.querySelectorAll("input[type=radio]").forEach(function (radio) {
        radio.checked = radio.value === (score ? String(score) : "");
      });
    });
  }

  form.querySelectorAll("input[name=round]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      show();
      status.textContent = "Showing your scores " + (round() === "start" ? "at the start." : "at the end.");
    });
  });
  form.querySelectorAll("[data-statement]").forEach(function (item) {
    var id = item.getAttribute("data-statement");
    item.querySelectorAll("input[type=radio]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (!radio.checked) return;
        var scores = record.assessment[round()];
        if (radio.value) scores[id] = Number(radio.value);
        else delete scores[id];
        schedule();
      });
    });
  });
  /* Scores are saved as they are chosen; the Save button saves at once and says so (a form that changes
     nothing until it is submitted is what readers expect, WCAG 3.2.2). */
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    saveNow();
  });
  show();
})();
