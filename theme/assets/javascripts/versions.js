/* Cohort versions (loaded only in versioned builds): switching versions keeps the page and #anchor,
   the outdated banner links to the same page in the current version, and module pages of an older
   version show what changed since (from <site>/changes/<version>.json, written by every new build). */
(function () {
  "use strict";
  var versionRoot = new URL("../../", document.currentScript.src);   // <site>/<version>/
  var siteRoot = new URL("../", versionRoot);
  var ownVersion = versionRoot.pathname.replace(/\/$/, "").split("/").pop();
  var pagePath = location.pathname.indexOf(versionRoot.pathname) === 0
    ? location.pathname.slice(versionRoot.pathname.length).replace(/(^|\/)index\.html$/, "$1") : "";
  var cached = {};

  function getJson(name) {
    if (!cached[name]) {
      cached[name] = fetch(new URL(name, siteRoot)).then(function (response) {
        return response.ok ? response.json() : null;
      }).catch(function () { return null; });
    }
    return cached[name];
  }

  /* The same page in another version, keeping the #anchor; that version's home if it has no such page. */
  function samePageIn(version, hash) {
    return getJson("pages.json").then(function (pages) {
      var root = new URL(version + "/", siteRoot);
      var known = pages && pages[version] ? pages[version] : [];
      return known.indexOf(pagePath) >= 0 ? new URL(pagePath + hash, root).href : root.href;
    });
  }

  function currentVersion(versions) {
    for (var i = 0; i < versions.length; i++) {
      if ((versions[i].aliases || []).indexOf("latest") >= 0) return versions[i].version;
    }
    return versions.length ? versions[0].version : null;
  }

  // Material's selector would open the other version's home: go to the same page instead.
  document.addEventListener("click", function (event) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target instanceof Element ? event.target.closest("a.md-version__link") : null;
    if (!link) return;
    var version = new URL(link.href).pathname.replace(/\/$/, "").split("/").pop();
    event.preventDefault();
    event.stopPropagation();
    samePageIn(version, location.hash).then(function (url) { location.href = url; });
  }, true);

  getJson("versions.json").then(function (versions) {
    var current = versions ? currentVersion(versions) : null;
    var link = document.getElementById("academy-outdated-link");
    if (!current || current === ownVersion || !link) return;
    samePageIn(current, location.hash).then(function (url) { link.href = url; });
  });

  // WCAG 2.5.3 (label in name): Material names the version button "Select version" while it shows the
  // version's title; name it "Version: <title>" so the spoken name contains the visible text.
  function nameVersionButtons() {
    document.querySelectorAll(".md-version__current").forEach(function (button) {
      var shown = Array.prototype.filter.call(button.childNodes, function (node) { return node.nodeType === 3; })
        .map(function (node) { return node.textContent; }).join("").trim();   // not the hidden alias
      var name = "Version: " + shown;
      if (button.getAttribute("aria-label") !== name) button.setAttribute("aria-label", name);
    });
  }
  var header = document.querySelector(".md-header");
  if (header) new MutationObserver(nameVersionButtons).observe(header, {childList: true, subtree: true});
  nameVersionButtons();

  var module = /^modules\/([^/]+)\/$/.exec(pagePath);
  if (module) {
    getJson("changes/" + ownVersion + ".json").then(function (changes) {
      var change = changes && changes.modules ? changes.modules["modules/" + module[1] + ".md"] : null;
      if (!change || changes.current === ownVersion) return;
      showNotice(change, changes.current);
    });
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function showNotice(change, current) {
    var removed = change.status === "removed";
    var notice = element("aside", {"class": "admonition warning academy-changed", "id": "academy-changed",
                                   "aria-labelledby": "academy-changed-title"});
    notice.appendChild(element("p", {"class": "admonition-title", "id": "academy-changed-title"},
      removed ? "This module is not in the current curriculum"
              : "This module has changed since your cohort's version"));
    notice.appendChild(element("p", {}, change.summary));
    var links = element("p", {});
    samePageIn(current, "").then(function (url) {
      links.appendChild(element("a", {"href": url}, removed ? "Go to the current curriculum"
                                                             : "Read the current version of this module"));
      if (change.diff) {
        links.appendChild(document.createTextNode(" · "));
        links.appendChild(element("a", {"href": new URL(change.diff, siteRoot).href}, "See every change"));
      }
    });
    notice.appendChild(links);
    var header = document.querySelector(".academy-module__header");
    var container = document.querySelector(".md-content__inner");
    if (header) header.insertAdjacentElement("afterend", notice);
    else if (container) container.insertBefore(notice, container.firstChild);
  }
})();
