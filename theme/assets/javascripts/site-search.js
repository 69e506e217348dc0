/* Site search page: Pagefind's default UI (self-hosted in site/pagefind/), started from ?q= in the URL. */
(function () {
  "use strict";
  var root = document.getElementById("academy-search");
  if (!root || typeof PagefindUI === "undefined") { return; }
  var ui = new PagefindUI({
    element: "#academy-search",
    bundlePath: root.getAttribute("data-pagefind-ui-bundle"),
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: false,
    debounceTimeoutMs: 150,
    translations: { placeholder: "Search modules, agendas and the library" }
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { ui.triggerSearch(query); }
  /* Keep the query in the address so a reload or a shared link shows the same results. */
  root.addEventListener("input", function (event) {
    if (!event.target || event.target.tagName !== "INPUT") { return; }
    var url = new URL(window.location.href);
    if (event.target.value) { url.searchParams.set("q", event.target.value); } else { url.searchParams.delete("q"); }
    window.history.replaceState(null, "", url);
  });
})();
