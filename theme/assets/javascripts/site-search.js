/* Site search page: modules, agendas and the library, through this site's own Pagefind bundle.
 * Pagefind starts as the page loads, so typing only fetches the index chunks for the words typed.
 * The query lives in the URL (?q=word): a reload or a shared link shows the same results. */
import { excerptNodes, loadPagefind } from "./pagefind-client.js";

const PAGE_SIZE = 10;
const DEBOUNCE_MS = 150;

const section = document.querySelector(".academy-search");
const form = document.getElementById("site-search-form");
const input = document.getElementById("site-search-q");
const status = document.getElementById("site-search-status");
const list = document.getElementById("site-search-results");
const more = document.getElementById("site-search-more");

let generation = 0;
let results = [];
let shownCount = 0;
let timer = null;

const engine = () => loadPagefind(section.dataset.pagefind, section.dataset.siteRoot);

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "academy-result";
  const heading = document.createElement("h3");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.appendChild(link);
  const kind = document.createElement("p");
  kind.className = "academy-muted academy-result__kind";
  kind.textContent = data.meta.kind || "Page";
  const excerpt = document.createElement("p");
  excerpt.appendChild(excerptNodes(data.excerpt || ""));
  item.append(heading, kind, excerpt);
  return item;
}

async function showMore(run, focusFirst) {
  const next = results.slice(shownCount, shownCount + PAGE_SIZE);
  const datas = await Promise.all(next.map((result) => result.data()));
  if (run !== generation) { return; }
  const items = datas.map(resultItem);
  list.append(...items);
  shownCount += next.length;
  more.hidden = shownCount >= results.length;
  if (focusFirst && items.length) { items[0].querySelector("a").focus(); }
}

async function search(query) {
  const current = ++generation;
  const url = new URL(window.location.href);
  if (query) { url.searchParams.set("q", query); } else { url.searchParams.delete("q"); }
  window.history.replaceState(null, "", url);
  if (!query) {
    results = [];
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "";
    return;
  }
  section.setAttribute("aria-busy", "true");
  let found;
  try {
    found = await (await engine()).search(query);
  } catch (error) {
    status.textContent = "Search could not start: the search index is missing. Rebuild the site.";
    section.removeAttribute("aria-busy");
    throw error;
  }
  if (current !== generation) { return; }
  results = found.results;
  shownCount = 0;
  list.replaceChildren();
  await showMore(current, false);
  if (current !== generation) { return; }
  const count = results.length;
  status.textContent = `${count} ${count === 1 ? "page" : "pages"} found for “${query}”.`;
  section.setAttribute("data-ready", "true");
  section.removeAttribute("aria-busy");
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  search(input.value.trim());
});
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => search(input.value.trim()), DEBOUNCE_MS);
});
more.addEventListener("click", () => { showMore(generation, true); });

input.value = new URLSearchParams(window.location.search).get("q") || "";
if (input.value.trim()) {
  search(input.value.trim());
} else {
  engine().catch(() => {});
}
