/* Shared by the site search page and the library catalog: load this site's own Pagefind bundle
 * (site/pagefind/, written by the build) and turn its excerpts into safe DOM nodes. */

const loaded = new Map();

/* ``bundle``: URL of pagefind.js; ``siteRoot``: URL of the site's root (both may be relative to the page). */
export function loadPagefind(bundle, siteRoot) {
  if (!loaded.has(bundle)) {
    loaded.set(bundle, (async () => {
      const pagefind = await import(new URL(bundle, window.location.href).href);
      await pagefind.options({ baseUrl: new URL(siteRoot || ".", window.location.href).pathname });
      await pagefind.init();
      return pagefind;
    })());
  }
  return loaded.get(bundle);
}

/* The text of an HTML-escaped string, decoded in an inert document (nothing in it loads or runs). It follows a
 * <body> tag: before one, the parser drops leading spaces (the space after a highlighted word, for one). */
function decoded(escaped) {
  return new DOMParser().parseFromString("<body>" + escaped, "text/html").body.textContent;
}

/* Pagefind marks matches with <mark>; rebuild the excerpt from text so nothing else can become HTML. */
export function excerptNodes(excerpt) {
  const fragment = document.createDocumentFragment();
  excerpt.split(/(<mark>.*?<\/mark>)/).forEach((part) => {
    const marked = part.startsWith("<mark>");
    const text = document.createTextNode(decoded(marked ? part.slice(6, -7) : part));
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
