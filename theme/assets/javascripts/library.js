/* The library catalog: full-text search and combined facet filters.
 *
 * Plain JavaScript, no libraries; Pagefind's own pagefind.js comes from this site (site/pagefind/).
 * Filtering and counting always use static files: library/catalogue/facets.json (for each facet value,
 * the entries that have it) and records-N.json (what a result shows), so browsing never downloads the
 * search index.  With a word, Pagefind finds the pages (it downloads only the index chunks for that
 * word, and no filters: Pagefind writes those in a random order, which would make builds differ);
 * search-pages.json says which entry each Pagefind page is, pages that are not entries are dropped,
 * and the facets filter and count the entries found.
 * State lives in the URL query string (?q=word&topic=youth&type=guide), so a reload or a shared
 * link shows the same results.  Filters within one facet combine with OR, facets with AND; each
 * count says how many resources the current query would give with that box ticked as well.
 * Each change of filters or a submitted search is a step in the browser's history (Back undoes it);
 * typing replaces the current step.  On a phone the filter panel starts closed; active filters show
 * as chips above the results, each removable with one tap, and "Show N resources" closes the panel.
 */
import { excerptNodes, loadPagefind } from "./pagefind-client.js";

const PAGE_SIZE = 20;
const DEBOUNCE_MS = 250;

const section = document.querySelector(".academy-catalog");
const form = document.getElementById("catalog-form");
const input = document.getElementById("catalog-q");
const status = document.getElementById("catalog-status");
const list = document.getElementById("catalog-results");
const more = document.getElementById("catalog-more");
const clear = document.getElementById("catalog-clear");
const filters = document.getElementById("catalog-filters");
const filterCount = document.getElementById("catalog-filter-count");
const showButton = document.getElementById("catalog-show");
const active = document.getElementById("catalog-active");
const chips = document.getElementById("catalog-chips");
const phone = window.matchMedia("(max-width: 44.9375em)");
const facets = Array.from(form.querySelectorAll("fieldset[data-facet]")).map((fieldset) => fieldset.dataset.facet);

let browseIndex = null;
let entryPages = null;
const shards = new Map();
let generation = 0;
let shown = [];
let shownCount = 0;
let timer = null;

function readState() {
  const params = new URLSearchParams(window.location.search);
  const state = { q: (params.get("q") || "").trim(), filters: {} };
  for (const name of facets) {
    const values = params.getAll(name).filter(Boolean);
    if (values.length) { state.filters[name] = values; }
  }
  return state;
}

function formState() {
  const state = { q: input.value.trim(), filters: {} };
  for (const name of facets) {
    const values = Array.from(form.querySelectorAll(`input[name="${name}"]:checked`)).map((box) => box.value);
    if (values.length) { state.filters[name] = values; }
  }
  return state;
}

function showState(state) {
  input.value = state.q;
  for (const box of form.querySelectorAll("fieldset input[type=checkbox]")) {
    box.checked = (state.filters[box.name] || []).includes(box.value);
  }
}

/* Record the state in the URL: a new history step (``push``) or in place of the current one. */
function writeUrl(state, push) {
  const params = new URLSearchParams();
  if (state.q) { params.set("q", state.q); }
  for (const name of facets) {
    for (const value of state.filters[name] || []) { params.append(name, value); }
  }
  const query = params.toString();
  const url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  if (url === window.location.pathname + window.location.search + window.location.hash) { return; }
  if (push) {
    window.history.pushState(null, "", url);
  } else {
    window.history.replaceState(null, "", url);
  }
}

function pagefindEngine() {
  return loadPagefind(section.dataset.pagefind, section.dataset.siteRoot);
}

function catalogFile(name) {
  return new URL(section.dataset.browseIndex.replace(/facets\.json$/, name), window.location.href);
}

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) { throw new Error(`catalog: ${url.pathname}: HTTP ${response.status}`); }
  return response.json();
}

/* Pagefind page id -> entry number (written by the build after Pagefind has indexed the site). */
function loadEntryPages() {
  if (!entryPages) {
    entryPages = fetchJson(catalogFile("search-pages.json")).then(
      (data) => new Map(data.pages.map((pageId, number) => [pageId, number])),
      (error) => { entryPages = null; throw error; });
  }
  return entryPages;
}

async function loadBrowseIndex() {
  if (browseIndex) { return browseIndex; }
  const data = await fetchJson(new URL(section.dataset.browseIndex, window.location.href));
  const postings = {};
  for (const [name, byValue] of Object.entries(data.postings)) {
    postings[name] = {};
    for (const [value, gaps] of Object.entries(byValue)) {
      let number = 0;
      postings[name][value] = gaps.map((gap) => (number += gap));
    }
  }
  browseIndex = { total: data.total, shardSize: data.shard_size, postings };
  return browseIndex;
}

/* Entries allowed by one facet's ticked values (OR), as a 0/1 mask; null when nothing is ticked. */
function facetMask(index, name, values) {
  if (!values || !values.length) { return null; }
  const mask = new Uint8Array(index.total);
  for (const value of values) {
    for (const number of index.postings[name][value] || []) { mask[number] = 1; }
  }
  return mask;
}

/* Entries in ``base`` allowed by every facet except ``without`` (AND across facets). */
function combined(index, base, masks, without) {
  const result = base.slice();
  for (const [name, mask] of Object.entries(masks)) {
    if (name === without || !mask) { continue; }
    for (let i = 0; i < index.total; i++) { result[i] &= mask[i]; }
  }
  return result;
}

function countsWithin(index, name, allowed) {
  const counts = {};
  for (const [value, numbers] of Object.entries(index.postings[name])) {
    let count = 0;
    for (const number of numbers) { count += allowed[number]; }
    counts[value] = count;
  }
  return counts;
}

async function loadRecord(index, number) {
  const shard = Math.floor(number / index.shardSize);
  if (!shards.has(shard)) {
    shards.set(shard, fetchJson(catalogFile(`records-${shard}.json`)));
  }
  const records = await shards.get(shard);
  return records[number % index.shardSize];
}

/* Filter ``base`` (a 0/1 mask of candidate entries) by the ticked facets; count every facet's values.
   A facet's counts ignore its own ticks, so each value says what ticking it as well would give. */
function filterAndCount(index, base, state) {
  const masks = {};
  for (const name of facets) { masks[name] = facetMask(index, name, state.filters[name]); }
  const allowed = combined(index, base, masks, null);
  const counts = {};
  for (const name of facets) {
    counts[name] = countsWithin(index, name, masks[name] ? combined(index, base, masks, name) : allowed);
  }
  return { allowed, counts };
}

/* Browsing without a word: every entry is a candidate; results in title order, from the static index. */
async function browse(state) {
  const index = await loadBrowseIndex();
  const { allowed, counts } = filterAndCount(index, new Uint8Array(index.total).fill(1), state);
  const results = [];
  for (let number = 0; number < index.total; number++) {
    if (allowed[number]) {
      results.push({
        data: () => loadRecord(index, number).then((record) => ({
          url: record.url, excerpt: "",
          meta: { title: record.title, publisher: record.publisher, year: String(record.year),
                  type: record.type, summary: record.summary, status: record.status } })),
      });
    }
  }
  return { results, counts };
}

/* Searching for a word: Pagefind finds the pages (best match first); the entries among them are the
   candidates, filtered and counted with the static index like browsing. */
async function searchWord(state) {
  const [engine, index, pages] = await Promise.all([pagefindEngine(), loadBrowseIndex(), loadEntryPages()]);
  const found = await engine.search(state.q);
  const candidates = new Uint8Array(index.total);
  const entries = [];
  for (const result of found.results) {
    const number = pages.get(result.id);
    if (number !== undefined && number < index.total && !candidates[number]) {
      candidates[number] = 1;
      entries.push([number, result]);
    }
  }
  const { allowed, counts } = filterAndCount(index, candidates, state);
  const results = entries.filter(([number]) => allowed[number]).map(([, result]) => result);
  return { results, counts };
}

function labelFor(name, value) {
  const box = form.querySelector(`input[name="${name}"][value="${CSS.escape(value)}"]`);
  const label = box && box.closest("label").querySelector(".academy-facet__label");
  return label ? label.textContent.trim() : value;
}

function describe(state, count) {
  const parts = [];
  if (state.q) { parts.push(`matching “${state.q}”`); }
  for (const name of facets) {
    const values = state.filters[name];
    if (values) {
      parts.push(`${legendOf(name)}: ${values.map((value) => labelFor(name, value)).join(" or ")}`);
    }
  }
  const noun = count === 1 ? "resource" : "resources";
  return `${count} ${noun}${parts.length ? " " + parts.join("; ") : " in the library"}.`;
}

function legendOf(name) {
  return form.querySelector(`fieldset[data-facet="${name}"] legend`).textContent.trim();
}

/* One chip per ticked value (and one for the search word): a button that removes it. */
function showChips(state) {
  const items = [];
  const chip = (text, remove) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "academy-chip";
    button.textContent = text;
    button.setAttribute("aria-label", `Remove ${text}`);
    const mark = document.createElement("span");
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = " ×";
    button.appendChild(mark);
    button.addEventListener("click", () => {
      const index = Array.from(chips.querySelectorAll("button")).indexOf(button);
      remove();
      update(true).then(() => {
        const left = chips.querySelectorAll("button");
        (left[Math.min(index, left.length - 1)] || status).focus();
      });
    });
    item.appendChild(button);
    items.push(item);
  };
  if (state.q) { chip(`Search: ${state.q}`, () => { input.value = ""; }); }
  let ticked = 0;
  for (const name of facets) {
    for (const value of state.filters[name] || []) {
      ticked += 1;
      chip(`${legendOf(name)}: ${labelFor(name, value)}`, () => {
        const box = form.querySelector(`input[name="${name}"][value="${CSS.escape(value)}"]`);
        if (box) { box.checked = false; }
      });
    }
  }
  chips.replaceChildren(...items);
  active.hidden = items.length === 0;
  filterCount.textContent = ticked ? `(${ticked} active)` : "";
}

function updateCounts(name, counts) {
  const fieldset = form.querySelector(`fieldset[data-facet="${name}"]`);
  for (const span of fieldset.querySelectorAll("[data-count-for]")) {
    const count = (counts && counts[span.dataset.countFor]) || 0;
    span.textContent = `(${count})`;
    span.closest("li").classList.toggle("academy-facet--empty", count === 0);
  }
}

function resultItem(data, withExcerpt) {
  const item = document.createElement("li");
  item.className = "academy-result";
  const heading = document.createElement("h3");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.appendChild(link);
  if (data.meta.status) {
    const badge = document.createElement("span");
    badge.className = "academy-badge academy-badge--status";
    badge.textContent = data.meta.status;
    heading.append(" ", badge);
  }
  const facts = document.createElement("p");
  facts.className = "academy-muted academy-result__facts";
  facts.textContent = [data.meta.type, [data.meta.publisher, data.meta.year].filter(Boolean).join(", ")]
    .filter(Boolean).join(" · ");
  const summary = document.createElement("p");
  if (withExcerpt && data.excerpt) {
    summary.appendChild(excerptNodes(data.excerpt));
  } else {
    summary.textContent = data.meta.summary || "";
  }
  item.append(heading, facts, summary);
  return item;
}

async function showMore(withExcerpt, run, focusFirst) {
  const next = shown.slice(shownCount, shownCount + PAGE_SIZE);
  const datas = await Promise.all(next.map((result) => result.data()));
  if (run !== generation) { return; }
  const items = datas.map((data) => resultItem(data, withExcerpt));
  list.append(...items);
  shownCount += next.length;
  more.hidden = shownCount >= shown.length;
  if (focusFirst && items.length) { items[0].querySelector("a").focus(); }
}

async function run(state) {
  const current = ++generation;
  section.setAttribute("aria-busy", "true");
  let found;
  try {
    found = state.q ? await searchWord(state) : await browse(state);
  } catch (error) {
    if (current === generation) {
      status.textContent = "The catalog could not load its index. Reload the page, or rebuild the site.";
      section.removeAttribute("aria-busy");
    }
    throw error;
  }
  if (current !== generation) { return; }
  for (const name of facets) { updateCounts(name, found.counts[name]); }
  shown = found.results;
  shownCount = 0;
  list.replaceChildren();
  await showMore(Boolean(state.q), current, false);
  if (current !== generation) { return; }
  status.textContent = describe(state, shown.length);
  showButton.textContent = `Show ${shown.length} ${shown.length === 1 ? "resource" : "resources"}`;
  showChips(state);
  section.setAttribute("data-ready", "true");
  section.removeAttribute("aria-busy");
}

function update(push) {
  const state = formState();
  writeUrl(state, push);
  return run(state);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  update(true);
});
form.addEventListener("change", (event) => {
  if (event.target.type === "checkbox") { update(true); }
});
showButton.addEventListener("click", () => {
  if (phone.matches) { filters.open = false; }
  status.focus();
  status.scrollIntoView({ block: "start" });
});
/* Back and Forward move through filter states. */
window.addEventListener("popstate", () => {
  clearTimeout(timer);
  const state = readState();
  showState(state);
  run(state);
});
/* Start Pagefind while the reader is still typing their first word. */
input.addEventListener("focus", () => {
  pagefindEngine().catch(() => {});
  loadEntryPages().catch(() => {});
}, { once: true });
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => update(false), DEBOUNCE_MS);
});
clear.addEventListener("click", () => {
  showState({ q: "", filters: {} });
  update(true);
  input.focus();
});
more.addEventListener("click", () => {
  showMore(Boolean(input.value.trim()), generation, true);
});

const initial = readState();
showState(initial);
if (phone.matches) { filters.open = false; }
run(initial);
