/* The library catalogue: full-text search and combined facet filters over Pagefind's index.
 *
 * Plain JavaScript, no libraries; Pagefind's own pagefind.js comes from this site (site/pagefind/).
 * State lives in the URL query string (?q=word&topic=youth&type=guide), so a reload or a shared
 * link shows the same results.  Filters within one facet combine with OR, facets with AND; each
 * count says how many resources the current query would give with that box ticked as well.
 */
const PAGE_SIZE = 20;
const DEBOUNCE_MS = 250;

const section = document.querySelector(".academy-catalogue");
const form = document.getElementById("catalogue-form");
const input = document.getElementById("catalogue-q");
const status = document.getElementById("catalogue-status");
const list = document.getElementById("catalogue-results");
const more = document.getElementById("catalogue-more");
const clear = document.getElementById("catalogue-clear");
const facets = Array.from(form.querySelectorAll("fieldset[data-facet]")).map((fieldset) => fieldset.dataset.facet);

let pagefind = null;
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

function writeUrl(state) {
  const params = new URLSearchParams();
  if (state.q) { params.set("q", state.q); }
  for (const name of facets) {
    for (const value of state.filters[name] || []) { params.append(name, value); }
  }
  const query = params.toString();
  const url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  window.history.replaceState(null, "", url);
}

function pagefindFilters(filters, without) {
  const result = { kind: "resource" };
  for (const [name, values] of Object.entries(filters)) {
    if (name !== without) { result[name] = { any: values }; }
  }
  return result;
}

function searchOptions(state, without) {
  const options = { filters: pagefindFilters(state.filters, without) };
  if (!state.q) { options.sort = { title: "asc" }; }
  return options;
}

async function loadPagefind() {
  if (pagefind) { return pagefind; }
  const module = await import(new URL(section.dataset.pagefind, window.location.href).href);
  const root = new URL(section.dataset.siteRoot || ".", window.location.href);
  await module.options({ baseUrl: root.pathname });
  module.init();
  /* Load every filter's index once, so each search reports counts for all facets, not only those in use. */
  await module.filters();
  pagefind = module;
  return pagefind;
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
      const legend = form.querySelector(`fieldset[data-facet="${name}"] legend`).textContent.trim();
      parts.push(`${legend}: ${values.map((value) => labelFor(name, value)).join(" or ")}`);
    }
  }
  const noun = count === 1 ? "resource" : "resources";
  return `${count} ${noun}${parts.length ? " " + parts.join("; ") : " in the library"}.`;
}

function updateCounts(name, counts) {
  const fieldset = form.querySelector(`fieldset[data-facet="${name}"]`);
  for (const span of fieldset.querySelectorAll("[data-count-for]")) {
    const count = (counts && counts[span.dataset.countFor]) || 0;
    span.textContent = `(${count})`;
    span.closest("li").classList.toggle("academy-facet--empty", count === 0);
  }
}

/* Pagefind's excerpt marks matches with <mark>; rebuild it from text so nothing else can become HTML. */
function excerptNodes(excerpt) {
  const decoder = document.createElement("textarea");
  const fragment = document.createDocumentFragment();
  excerpt.split(/(<mark>.*?<\/mark>)/).forEach((part) => {
    const marked = part.startsWith("<mark>");
    decoder.innerHTML = marked ? part.slice(6, -7) : part;
    const text = document.createTextNode(decoder.value);
    if (marked) {
      const mark = document.createElement("mark");
      mark.appendChild(text);
      fragment.appendChild(mark);
    } else {
      fragment.appendChild(text);
    }
  });
  return fragment;
}

function resultItem(data, withExcerpt) {
  const item = document.createElement("li");
  item.className = "academy-result";
  const heading = document.createElement("h3");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.appendChild(link);
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
  let engine;
  try {
    engine = await loadPagefind();
  } catch (error) {
    status.textContent = "Search could not start: the search index is missing. Rebuild the site.";
    section.removeAttribute("aria-busy");
    throw error;
  }
  const main = await engine.search(state.q || null, searchOptions(state));
  const others = await Promise.all(
    facets.filter((name) => state.filters[name])
      .map((name) => engine.search(state.q || null, searchOptions(state, name)).then((found) => [name, found])));
  if (current !== generation) { return; }
  for (const name of facets) { updateCounts(name, main.filters[name]); }
  for (const [name, found] of others) { updateCounts(name, found.filters[name]); }
  shown = main.results;
  shownCount = 0;
  list.replaceChildren();
  await showMore(Boolean(state.q), current, false);
  if (current !== generation) { return; }
  status.textContent = describe(state, shown.length);
  section.setAttribute("data-ready", "true");
  section.removeAttribute("aria-busy");
}

function update() {
  const state = formState();
  writeUrl(state);
  return run(state);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  update();
});
form.addEventListener("change", (event) => {
  if (event.target.type === "checkbox") { update(); }
});
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(update, DEBOUNCE_MS);
});
clear.addEventListener("click", () => {
  showState({ q: "", filters: {} });
  update();
  input.focus();
});
more.addEventListener("click", () => {
  showMore(Boolean(input.value.trim()), generation, true);
});

const initial = readState();
showState(initial);
run(initial);
