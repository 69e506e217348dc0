/* Prevention Academy: small progressive enhancements, no external requests. */
(function () {
  "use strict";

  /* A table wider than a phone scrolls sideways; make that region reachable and named for keyboard users. */
  function labelScrollableTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      /* Inside our own table region (academy/accessibility.py) the theme's wrapper does not scroll: the region
         does, and it is already named and focusable. Only a wrapper that scrolls itself needs the same. */
      var overflow = window.getComputedStyle(wrap).overflowX;
      var scrolls = (overflow === "auto" || overflow === "scroll") && !wrap.closest(".academy-table");
      if (scrolls && wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("aria-label", caption ? caption.textContent : "Table (scrolls sideways)");
      } else {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  /* Printing expands collapsed blocks such as facilitator notes. */
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.setAttribute("open", "");
      details.dataset.academyPrinted = "1";
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-academy-printed]").forEach(function (details) {
      details.removeAttribute("open");
      delete details.dataset.academyPrinted;
    });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", labelScrollableTables);
  } else {
    labelScrollableTables();
  }
  window.addEventListener("resize", labelScrollableTables);
})();
