/* sphinx-modelcards: sortable, filterable leaderboards.
 *
 * Progressive enhancement of every <table class="mc-leaderboard">: without this
 * script the table is complete and readable; with it
 *
 * - each header cell holds a <button> that sorts by its column; the header cell
 *   carries aria-sort (none / ascending / descending). The first click sorts
 *   numbers and dates descending (biggest and newest first, as a leaderboard
 *   reads) and text ascending (A to Z); the rank column starts ascending (1
 *   first). Every further click flips the direction. Missing values ("-",
 *   "TBA", empty) always go last, in either direction. Sorting is stable: ties
 *   keep their previous order, so sorting by lab after sorting by score lists
 *   each lab's models by score. Rank cells keep the numbers the build gave
 *   them; sorting by rank restores the build's order.
 * - a search box before the table hides the rows that do not contain every
 *   word typed (case- and accent-insensitive, across all cells) and updates a
 *   live "N of M models" count.
 * - the state lives in the URL fragment, so a view can be shared:
 *   #leaderboard-1:sort=mmlu:desc;q=acme, several tables joined with "&".
 *   A fragment is read only when every "&" part is a leaderboard id followed
 *   by ":"; any other fragment is ordinary anchor navigation and left alone.
 *   Changes use history.replaceState: typing adds no history entries.
 *
 * Speed: sort keys are parsed once per column (while the page is idle, for long
 * tables) and cached as numbers; a re-sort moves the rows through one
 * DocumentFragment, a filter moves only the rows it hides or shows; sorting and
 * filtering never read layout. What costs is the browser laying out thousands
 * of moved rows, so when DEFER_FROM rows or more need it, the first FIRST rows
 * are laid out at once and the others are revealed CHUNK rows per animation
 * frame (the table is aria-busy meanwhile); the DOM order is final at once.
 * Hidden rows wait after the shown ones, so themes' nth-child zebra stays right.
 */
(() => {
  "use strict";

  // Multipliers to billions for the suffixes the extension prints (30T, 1,200B).
  const UNITS = { k: 1e-6, m: 1e-3, b: 1, t: 1e3 };
  const MONTHS = {
    jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6,
    jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  };
  const NUMBER = /^([<>~≈]?)([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)([kmbt%]?)/i;
  const ISO_DATE = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;
  const TEXT_DATE = /^(?:(\d{1,2})\s+)?([a-z]{3})[a-z]*\.?,?\s+(\d{4})$/;
  const MISSING = new Set(["", "-", "\u2013", "\u2014"]);
  // Scrolling wrappers that themes put around tables (furo, pydata and book, rtd).
  const WRAPPERS = "div.table-wrapper, div.pst-scrollable-table-container, div.wy-table-responsive";

  // From this many rows a table scrolls in a box of its own under a sticky header.
  const LONG = 60;
  // From this many rows shown, a re-render lays out the first FIRST rows at once and
  // reveals the others CHUNK rows per frame, so a click answers within a frame.
  const DEFER_FROM = 400;
  const FIRST = 120;
  const CHUNK = 500;

  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  const boards = [];
  const byId = new Map();
  let baseHash = "";
  let counter = 0;

  /* ---- cell text to sort key; null means missing ---- */

  const parseNumber = (text) => {
    const s = text.replace(/[\s,\u00a0\u202f]/g, "").replace(/\u2212/g, "-");
    const m = MISSING.has(s) ? null : NUMBER.exec(s);
    if (!m) return null;
    let value = Number.parseFloat(m[2]);
    if (!Number.isFinite(value)) return null;
    value *= UNITS[m[3].toLowerCase()] || 1;
    if (m[1] === "<") value /= 2; // "<0.1" sorts as 0.05: below 0.1, above 0
    return value;
  };

  const parseDate = (text) => {
    const s = text.trim().toLowerCase();
    let m = ISO_DATE.exec(s);
    if (m) return +m[1] * 10000 + (+m[2] || 0) * 100 + (+m[3] || 0);
    m = TEXT_DATE.exec(s);
    if (m && MONTHS[m[2]]) return +m[3] * 10000 + MONTHS[m[2]] * 100 + (+m[1] || 0);
    return null; // TBA, "-", anything else
  };

  const parseText = (text) => {
    const s = text.trim();
    return MISSING.has(s) ? null : s;
  };

  const PARSERS = { num: parseNumber, date: parseDate, text: parseText };

  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

  const isMissing = (cell) => !cell || cell.querySelector(".mc-missing") !== null;

  /* ---- building the controls ---- */

  const columnOf = (th, index) => {
    const type = th.classList.contains("mc-num") ? "num"
      : th.classList.contains("mc-date") ? "date" : "text";
    const named = [...th.classList].find((name) => name.startsWith("mc-col-") && name.length > 7);
    return { th, index, type, key: named ? named.slice(7) : `c${index}`, keys: null };
  };

  const firstDirection = (column) =>
    column.key === "rank" || column.type === "text" ? "asc" : "desc";

  const makeButton = (board, column) => {
    const { th } = column;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "mc-sort";
    const label = document.createElement("span");
    label.className = "mc-sort-label";
    // Docutils wraps header text in a <p>, which a <button> cannot hold: move the
    // paragraph's inline content instead.
    const only = th.children.length === 1 ? th.firstElementChild : null;
    const holder = only && only.tagName === "P" ? only : th;
    label.append(...holder.childNodes);
    th.replaceChildren(button);
    const icon = document.createElement("span");
    icon.className = "mc-sort-icon";
    icon.setAttribute("aria-hidden", "true");
    button.append(label, icon);
    th.setAttribute("aria-sort", "none");
    button.addEventListener("click", () => {
      const current = board.sort && board.sort.column === column ? board.sort.dir : null;
      const dir = current ? (current === "asc" ? "desc" : "asc") : firstDirection(column);
      setSort(board, column, dir);
      render(board);
      writeHash();
    });
  };

  const makeControls = (board) => {
    counter += 1;
    const uid = `mc-filter-${counter}`;
    const box = document.createElement("div");
    box.className = "mc-lb-controls";
    const label = document.createElement("label");
    label.className = "mc-lb-label";
    label.htmlFor = uid;
    label.textContent = "Filter rows";
    const input = document.createElement("input");
    input.type = "search";
    input.id = uid;
    input.className = "mc-lb-search";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("aria-controls", board.id);
    const count = document.createElement("span");
    count.className = "mc-lb-count";
    count.setAttribute("role", "status");
    count.setAttribute("aria-live", "polite");
    box.append(label, input, count);
    input.addEventListener("input", () => {
      setQuery(board, input.value);
      render(board);
      writeHash();
    });
    board.input = input;
    board.count = count;
    return box;
  };

  const enhance = (table) => {
    const tbody = table.tBodies[0];
    const head = table.tHead;
    if (!tbody || !head || !head.rows.length || !tbody.rows.length) return;
    if (!table.id) table.id = `mc-leaderboard-${boards.length + 1}`;
    const records = [...tbody.rows].map((tr, index) => ({ tr, index, text: null }));
    const board = {
      table,
      tbody,
      id: table.id,
      records,
      order: records.slice(),
      columns: [],
      sort: null,
      query: "",
      terms: [],
      noun: "rows",
      generation: 0,
    };
    for (const th of head.rows[head.rows.length - 1].cells) {
      const column = columnOf(th, board.columns.length);
      if (column.key === "name") board.noun = "models";
      board.columns.push(column);
      makeButton(board, column);
    }
    // The search box goes outside any scrolling wrapper a theme put around the
    // table, so that it does not scroll sideways with a wide table.
    let anchor = table;
    while (anchor.parentElement && anchor.parentElement.children.length === 1 &&
           anchor.parentElement.matches(WRAPPERS)) {
      anchor = anchor.parentElement;
    }
    board.controls = makeControls(board);
    anchor.before(board.controls);
    const scroller = document.createElement("div");
    // A long table scrolls in a box of its own, under a sticky header: the browser
    // then paints only the rows in view, which keeps re-sorting thousands cheap.
    scroller.className = records.length > LONG ? "mc-lb-scroll mc-lb-long" : "mc-lb-scroll";
    table.before(scroller);
    scroller.append(table);
    table.classList.add("mc-enhanced");
    updateCount(board, records.length);
    if (records.length > LONG) prepare(board);
    boards.push(board);
    if (!byId.has(board.id)) byId.set(board.id, board);
  };

  /* ---- sorting and filtering ---- */

  // Sort keys for a column, parsed once: numbers for num and date columns, and
  // collation ranks for text, so that every sort compares plain numbers.
  const keysOf = (board, column) => {
    if (column.keys) return column.keys;
    const parse = PARSERS[column.type];
    const keys = board.records.map(({ tr }) => {
      const cell = tr.cells[column.index];
      return isMissing(cell) ? null : parse(cell.textContent);
    });
    if (column.type === "text") {
      const present = [];
      keys.forEach((key, i) => key !== null && present.push(i));
      present.sort((a, b) => collator.compare(keys[a], keys[b]));
      let rank = 0;
      let previous = null;
      for (const i of present) {
        if (previous !== null && collator.compare(previous, keys[i]) !== 0) rank += 1;
        previous = keys[i];
        keys[i] = rank;
      }
    }
    column.keys = keys;
    return keys;
  };

  const setSort = (board, column, dir) => {
    const keys = keysOf(board, column);
    const sign = dir === "asc" ? 1 : -1;
    // Array.prototype.sort is stable: ties keep the current order.
    board.order.sort((ra, rb) => {
      const a = keys[ra.index];
      const b = keys[rb.index];
      if (a === null) return b === null ? 0 : 1;
      if (b === null) return -1;
      return a < b ? -sign : a > b ? sign : 0;
    });
    board.sort = { column, dir };
  };

  const setQuery = (board, query) => {
    board.query = query;
    board.terms = fold(query).split(/\s+/).filter(Boolean);
  };

  const rowText = (record) => {
    if (record.text === null) {
      const parts = [...record.tr.cells].filter((c) => !isMissing(c)).map((c) => c.textContent);
      record.text = fold(parts.join(" "));
    }
    return record.text;
  };

  const matches = (board, record) =>
    board.terms.every((term) => rowText(record).includes(term));

  // Parse every column and the rows' search text while the page is idle, one
  // column per slot, so that the first click or keystroke has nothing to parse.
  const prepare = (board) => {
    const idle = (callback) =>
      "requestIdleCallback" in window
        ? window.requestIdleCallback(callback)
        : window.setTimeout(callback, 50);
    const jobs = [
      ...board.columns.map((column) => () => keysOf(board, column)),
      () => board.records.forEach(rowText),
    ];
    const next = () => {
      const job = jobs.shift();
      if (!job) return;
      job();
      idle(next);
    };
    idle(next);
  };

  // Indexes into `values` of one longest strictly increasing subsequence.
  const longestIncreasing = (values) => {
    const tails = []; // tails[k]: index ending the best run of length k + 1
    const previous = new Array(values.length);
    values.forEach((value, i) => {
      let low = 0;
      let high = tails.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (values[tails[middle]] < value) low = middle + 1;
        else high = middle;
      }
      previous[i] = low ? tails[low - 1] : -1;
      tails[low] = i;
    });
    const keep = new Set();
    for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = previous[i]) keep.add(i);
    return keep;
  };

  // Put the body rows in `wanted` order and return the rows that moved. Rows that
  // are already in order relative to each other stay put (a filter moves only
  // the rows it hides or shows); a re-sort moves nearly all rows through one
  // DocumentFragment.
  const place = (tbody, wanted) => {
    const position = new Map();
    for (const tr of tbody.rows) position.set(tr, position.size);
    const keep = longestIncreasing(wanted.map((tr) => position.get(tr)));
    if (keep.size < wanted.length / 2) {
      const fragment = document.createDocumentFragment();
      fragment.append(...wanted);
      tbody.append(fragment);
      return new Set(wanted);
    }
    const moved = new Set();
    for (let i = wanted.length - 1; i >= 0; i -= 1) {
      if (!keep.has(i)) {
        tbody.insertBefore(wanted[i], wanted[i + 1] || null);
        moved.add(wanted[i]);
      }
    }
    return moved;
  };

  const render = (board) => {
    const shown = [];
    const hidden = [];
    for (const record of board.order) (matches(board, record) ? shown : hidden).push(record.tr);
    const moved = place(board.tbody, shown.concat(hidden));
    // Rows that need laying out again: moved, just unhidden, or still waiting.
    const fresh = (tr) => moved.has(tr) || tr.hidden || tr.classList.contains("mc-defer");
    const late = shown.slice(FIRST).filter(fresh);
    const defer = late.length >= DEFER_FROM;
    shown.forEach((tr, i) => {
      if (tr.hidden) tr.hidden = false;
      // Keep docutils' parity classes true to what is on screen.
      const parity = i % 2 ? "row-odd" : "row-even";
      if (!tr.classList.contains(parity)) {
        tr.classList.remove("row-odd", "row-even");
        tr.classList.add(parity);
      }
    });
    for (const tr of hidden) {
      if (!tr.hidden) tr.hidden = true;
      tr.classList.remove("mc-defer");
    }
    for (const tr of shown.slice(0, FIRST)) tr.classList.remove("mc-defer");
    for (const tr of late) tr.classList.toggle("mc-defer", defer);
    for (const column of board.columns) {
      const active = board.sort && board.sort.column === column;
      const value = active ? (board.sort.dir === "asc" ? "ascending" : "descending") : "none";
      if (column.th.getAttribute("aria-sort") !== value) column.th.setAttribute("aria-sort", value);
    }
    updateCount(board, shown.length);
    reveal(board, defer ? late : []);
  };

  // Show deferred rows a chunk per frame; a newer render cancels an older reveal.
  const reveal = (board, rows) => {
    board.generation += 1;
    const generation = board.generation;
    board.table.toggleAttribute("aria-busy", rows.length > 0);
    let start = 0;
    const step = () => {
      if (board.generation !== generation) return;
      for (const tr of rows.slice(start, start + CHUNK)) tr.classList.remove("mc-defer");
      start += CHUNK;
      if (start < rows.length) window.requestAnimationFrame(step);
      else board.table.removeAttribute("aria-busy");
    };
    // Two frames: the first paints the rows laid out at once, the next starts revealing.
    if (rows.length) window.requestAnimationFrame(() => window.requestAnimationFrame(step));
  };

  const updateCount = (board, shown) => {
    const total = board.records.length;
    const noun = total === 1 ? board.noun.replace(/s$/, "") : board.noun;
    const text = `${shown} of ${total} ${noun}`;
    if (board.count.textContent !== text) board.count.textContent = text;
  };

  /* ---- the URL fragment ---- */

  const decode = (text) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };

  // A Map from board to {sort, dir, q}, or null when the fragment is not ours.
  const parseHash = (hash) => {
    const raw = hash.startsWith("#") ? hash.slice(1) : hash;
    if (!raw) return null;
    const states = new Map();
    for (const part of raw.split("&")) {
      const colon = part.indexOf(":");
      const board = colon > 0 ? byId.get(decode(part.slice(0, colon))) : undefined;
      if (!board) return null;
      const state = { sort: null, dir: null, q: "" };
      for (const item of part.slice(colon + 1).split(";")) {
        const eq = item.indexOf("=");
        if (eq < 0) continue;
        const name = item.slice(0, eq);
        const value = decode(item.slice(eq + 1));
        if (name === "q") {
          state.q = value;
        } else if (name === "sort") {
          const at = value.lastIndexOf(":");
          const dir = at < 0 ? "" : value.slice(at + 1);
          const known = dir === "asc" || dir === "desc";
          state.sort = known ? value.slice(0, at) : value;
          state.dir = known ? dir : null;
        }
      }
      states.set(board, state);
    }
    return states;
  };

  const serialize = (board) => {
    const items = [];
    if (board.sort) items.push(`sort=${encodeURIComponent(board.sort.column.key)}:${board.sort.dir}`);
    if (board.query) items.push(`q=${encodeURIComponent(board.query)}`);
    return items.length ? `${encodeURIComponent(board.id)}:${items.join(";")}` : "";
  };

  const writeHash = () => {
    // One entry per id: byId holds the first table with each id.
    const parts = [...byId.values()].map(serialize).filter(Boolean);
    const hash = parts.length ? `#${parts.join("&")}` : baseHash;
    if (hash === window.location.hash) return;
    const url = window.location.pathname + window.location.search + hash;
    try {
      window.history.replaceState(window.history.state, "", url);
    } catch {
      // Some sandboxed contexts forbid history changes; the view still works.
    }
  };

  const applyStates = (states) => {
    for (const board of boards) {
      const state = states.get(board) || { sort: null, dir: null, q: "" };
      // From the build's order, so that a fragment always gives the same view.
      board.order = board.records.slice();
      board.sort = null;
      const column = board.columns.find((c) => c.key === state.sort);
      if (column) setSort(board, column, state.dir || firstDirection(column));
      setQuery(board, state.q);
      if (board.input.value !== state.q) board.input.value = state.q;
      render(board);
    }
  };

  const init = () => {
    for (const table of document.querySelectorAll("table.mc-leaderboard")) enhance(table);
    if (!boards.length) return;
    const states = parseHash(window.location.hash);
    if (states) {
      applyStates(states);
      // The fragment names no element, so the browser did not scroll to the table.
      const [first] = states.keys();
      const box = first.controls.getBoundingClientRect();
      const hidden = box.top < 0 || box.bottom > window.innerHeight;
      if (window.scrollY === 0 && hidden) first.controls.scrollIntoView();
    } else {
      baseHash = window.location.hash;
    }
    window.addEventListener("hashchange", () => {
      const next = parseHash(window.location.hash);
      if (next) applyStates(next);
      else baseHash = window.location.hash;
    });
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
