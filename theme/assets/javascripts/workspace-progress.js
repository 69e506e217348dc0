/* Prevention Academy workspace: the reader's progress ("Read", "Done") beside each module's links in the
   navigation, the module pager and the curriculum overview (docs/workspace.md). */
(function () {
  "use strict";

  var ws = window.AcademyWorkspace;
  if (!ws || !ws.config) return;
  var LABELS = {read: "Read", done: "Done"};

  function pathOf(url) {
    var parsed = new URL(url, document.baseURI);
    return parsed.origin + parsed.pathname.replace(/index\.html$/, "");
  }

  function mark() {
    var record = ws.load().record;
    var byPath = {};
    ws.config.modules.forEach(function (module) {
      var entry = record.modules[String(module.number)];
      byPath[pathOf(module.url)] = entry ? entry.progress : "";
    });
    var links = document.querySelectorAll(".md-nav a.md-nav__link[href], .academy-pager a[href], " +
                                          ".md-content table a[href]");
    links.forEach(function (link) {
      var old = link.querySelector(".academy-ws-mark");
      if (old) old.remove();
      if (link.closest(".md-nav--secondary") || link.getAttribute("href").charAt(0) === "#") return;
      var progress = byPath[pathOf(link.getAttribute("href"))];
      if (!progress) return;
      var mark = document.createElement("span"), badge = document.createElement("span");
      mark.className = "academy-ws-mark";
      badge.className = "academy-ws-badge academy-ws-badge--" + progress;
      badge.textContent = LABELS[progress];
      mark.appendChild(document.createTextNode(" "));
      mark.appendChild(badge);
      (link.querySelector(".md-ellipsis") || link).appendChild(mark);
    });
  }

  mark();
  /* Another tab (or this page's own workspace) changed the progress. */
  window.addEventListener("storage", mark);
  document.addEventListener("academy-workspace-saved", mark);
})();
