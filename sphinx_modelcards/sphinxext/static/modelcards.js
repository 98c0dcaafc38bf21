/* sphinx-modelcards: leaderboards a reader can use.
 *
 * Progressive enhancement of every <table class="mc-leaderboard">: without this
 * script the table is complete and readable; with it
 *
 * - each header cell holds a <button> that sorts by its column (aria-sort on the
 *   header cell). The first click sorts numbers and dates descending, text and
 *   ordinal columns (tier, access: by their defined order) ascending, the rank
 *   column ascending; further clicks flip the direction. Missing values ("-",
 *   "TBA") always go last. Sorting is stable: ties keep their previous order.
 *   Cells are compared as displayed (the build ranks the same way).
 * - ranks keep the build's numbers. Sorted by another column, the rank column is
 *   greyed and its header says what it ranks by ("by ALScore"); sorting by rank
 *   restores the build's order and its "not ranked" divider.
 * - tables with enough rows (modelcards_interactive_min_rows) get a search box:
 *   every word must match the model's name, id, aliases, lab, architecture or
 *   tags, case, accents and punctuation ignored ("gpt4" finds GPT-4); and a
 *   Filters panel: chips with counts for access, lab, architecture and tags (any
 *   chip of a facet, every facet), from-to bounds and "has a value" toggles for
 *   the numeric and date columns shown, compared as displayed.
 * - a Columns panel shows or hides columns (:more-columns: start hidden).
 * - tables with a search box also get a tick box per model and a "Compare (n)"
 *   button (2 to the island's compareMax models): it opens the generated compare
 *   page with the ids in its fragment (compare.html#ids=a,b), where the script
 *   draws the models side by side from modelcards.json, published with the site.
 * - the state lives in the URL fragment, so a view can be shared, and a shared
 *   link scrolls to its table:
 *   #id:sort=mmlu:desc;q=acme;f=lab:Acme,access:Public;r=mmlu:50:90;has=gpqa;cols=name,mmlu
 *   (several tables joined with "&"; any other fragment is left to the browser).
 *
 * Speed: a table's data comes from a JSON island the build writes next to it
 * (search text and facets) and from its cells, parsed once per column into
 * numbers. Long tables keep only the first rows in the DOM (more arrive as the
 * reader scrolls, or all of them on "Show all" and for printing), so a sort or a
 * keystroke sorts or filters arrays and replaces a few hundred rows at most,
 * whatever the size of the table.
 */
(() => {
  "use strict";

  document.documentElement.classList.add("mc-js");

  // Multipliers to billions for the suffixes the extension prints (30T, 1,200B).
  const UNITS = { k: 1e-6, m: 1e-3, b: 1, t: 1e3 };
  const MONTHS = {
    jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6,
    jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  };
  const NUMBER = /^([<>~≈]?)([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)([kmbt%]?)/i;
  const ISO_DATE = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;
  const TEXT_DATE = /^(?:(\d{1,2})\s+)?([a-z]{3})[a-z]*\.?,?\s+(\d{4})$/;
  const ORDINAL = /\bmc-ord-(\d+)\b/;
  const MISSING = new Set(["", "-", "\u2013", "\u2014"]);
  // Scrolling wrappers that themes put around tables (furo, pydata and book, rtd).
  const WRAPPERS = "div.table-wrapper, div.pst-scrollable-table-container, div.wy-table-responsive";
  // Labels in the page's language: the build writes the translations of the English
  // messages into <script id="mc-strings"> (none in English builds).
  const STRINGS = (() => {
    const script = document.getElementById("mc-strings");
    try {
      return script ? JSON.parse(script.textContent) : {};
    } catch (e) {
      return {};
    }
  })();
  const MESSAGES = STRINGS.messages || {};
  const t = (english, vars = {}) => (MESSAGES[english] || english)
    .replace(/\{(\w+)\}/g, (all, key) => (key in vars ? String(vars[key]) : all));
  const LOCAL_MONTHS = (STRINGS.months || []).map((name) => name.replace(/\.$/, ""));
  const DECIMAL = STRINGS.decimal || ".";
  const GROUP = STRINGS.group || ",";

  const FACET_NAMES = {
    access: t("Access"), lab: t("Lab"), architecture: t("Architecture"), tags: t("Tags"),
  };

  // From this many rows a table scrolls in a box of its own under a sticky header.
  const LONG = 20;
  // Rows in the DOM at once; more arrive PAGE at a time as the reader scrolls.
  const WINDOW = 60;
  const PAGE = 200;
  // Chips shown per facet before "more".
  const CHIPS = 12;

  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  const boards = [];
  const byId = new Map();
  let baseHash = "";

  /* ---- cell text to sort key; NaN means missing ---- */

  // A figure in the page's language to one JavaScript reads ("1.760,5" -> "1760.5").
  const plainNumber = (text) => (DECIMAL === "."
    ? text.replace(/,/g, "")
    : text.split(GROUP).join("").replace(DECIMAL, "."));

  const parseNumber = (text) => {
    const s = plainNumber(text.replace(/[\s\u00a0\u202f]/g, "")).replace(/\u2212/g, "-");
    const m = MISSING.has(s) ? null : NUMBER.exec(s);
    if (!m) return NaN;
    let value = Number.parseFloat(m[2]);
    if (!Number.isFinite(value)) return NaN;
    value *= UNITS[m[3].toLowerCase()] || 1;
    if (m[1] === "<") value /= 2; // "<0.1" sorts as 0.05: below 0.1, above 0
    return value;
  };

  const parseDate = (text, upper = false) => {
    const s = text.trim().toLowerCase();
    let m = ISO_DATE.exec(s);
    if (m) {
      const month = +m[2] || (upper && !m[2] ? 12 : 0);
      return +m[1] * 10000 + month * 100 + (+m[3] || (upper && !m[3] ? 31 : 0));
    }
    const local = localDate(s);
    if (local) return local;
    m = TEXT_DATE.exec(s);
    if (m && MONTHS[m[2]]) return +m[3] * 10000 + MONTHS[m[2]] * 100 + (+m[1] || 0);
    return NaN; // TBA, "-", anything else
  };

  // "dez. 2024", "2024年12月": a year and the language's month name (or number + 月).
  const localDate = (s) => {
    if (!LOCAL_MONTHS.length) return 0;
    const year = /(\d{4})/.exec(s);
    if (!year) return 0;
    const rest = s.replace(year[1], " ");
    const numbered = /(\d{1,2})\s*月/.exec(rest);
    let month = numbered ? +numbered[1] : 0;
    if (!month) {
      let best = "";
      LOCAL_MONTHS.forEach((name, i) => {
        if (name && name.length > best.length && rest.includes(name)) {
          best = name;
          month = i + 1;
        }
      });
    }
    return month >= 1 && month <= 12 ? +year[1] * 10000 + month * 100 : 0;
  };

  // What a reader types and the build's search text, folded alike.
  const fold = (text) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
    .replace(/[^\p{L}\p{N}\s]|_/gu, "");

  // A cell's value without its provenance marker ("66.7 measured" sorts as 66.7).
  const valueText = (cell) => {
    if (!cell.querySelector(".mc-provenance")) return cell.textContent;
    const copy = cell.cloneNode(true);
    copy.querySelectorAll(".mc-provenance").forEach((mark) => mark.remove());
    return copy.textContent;
  };

  const isMissing = (cell) => !cell || cell.querySelector(".mc-missing") !== null;

  /* ---- building the controls ---- */

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const columnOf = (th, index) => {
    const types = ["num", "date", "ord"];
    const type = types.find((t) => th.classList.contains(`mc-${t}`)) || "text";
    const named = [...th.classList].find((name) => name.startsWith("mc-col-") && name.length > 7);
    const key = named ? named.slice(7) : `c${index}`;
    return { th, index, type: key === "rank" ? "num" : type, key, keys: null, label: "" };
  };

  const firstDirection = (column) =>
    column.key === "rank" || column.type === "text" || column.type === "ord" ? "asc" : "desc";

  const makeButton = (board, column) => {
    const { th } = column;
    const button = el("button", "mc-sort");
    button.type = "button";
    const label = el("span", "mc-sort-label");
    // Docutils wraps header text in a <p>, which a <button> cannot hold.
    const only = th.children.length === 1 ? th.firstElementChild : null;
    const holder = only && only.tagName === "P" ? only : th;
    label.append(...holder.childNodes);
    column.label = label.textContent.trim();
    th.replaceChildren(button);
    const icon = el("span", "mc-sort-icon");
    icon.setAttribute("aria-hidden", "true");
    button.append(label, icon);
    if (column.key === "rank" && board.meta.rankBy) {
      const by = el("span", "mc-rank-by", t("by {column}", { column: board.meta.rankBy }));
      label.append(" ", by);
      th.title = t("Ranked by {column} when the table was built", { column: board.meta.rankBy });
    }
    th.setAttribute("aria-sort", "none");
    button.addEventListener("click", () => {
      const current = board.sort && board.sort.column === column ? board.sort.dir : null;
      const dir = current ? (current === "asc" ? "desc" : "asc") : firstDirection(column);
      setSort(board, column, dir);
      render(board);
      laterHash();
    });
  };

  const chip = (text, count, pressed) => {
    const button = el("button", "mc-chip");
    button.type = "button";
    button.append(el("span", "mc-chip-label", text), el("span", "mc-chip-count", String(count)));
    button.setAttribute("aria-pressed", String(pressed));
    return button;
  };

  // Chips for one facet, most frequent first; the rest behind "more".
  const makeFacet = (board, facet, labels) => {
    const counts = new Array(labels.length).fill(0);
    for (const row of board.meta.rows) for (const i of row[facet.slot]) counts[i] += 1;
    const order = labels.map((_, i) => i).filter((i) => counts[i] > 0)
      .sort((a, b) => counts[b] - counts[a] || collator.compare(labels[a], labels[b]));
    if (order.length < 2) return null;
    const group = el("fieldset", "mc-facet");
    group.append(el("legend", "", FACET_NAMES[facet.name]));
    const chosen = board.chips.get(facet.name);
    const addChip = (i) => {
      const button = chip(labels[i], counts[i], chosen.has(i));
      button.dataset.index = String(i);
      button.addEventListener("click", () => {
        if (chosen.has(i)) chosen.delete(i);
        else chosen.add(i);
        button.setAttribute("aria-pressed", String(chosen.has(i)));
        update(board);
      });
      group.append(button);
    };
    order.slice(0, CHIPS).forEach(addChip);
    if (order.length > CHIPS) {
      const more = el("button", "mc-chip mc-chip-more", t("{count} more", { count: order.length - CHIPS }));
      more.type = "button";
      more.addEventListener("click", () => {
        more.remove();
        order.slice(CHIPS).forEach(addChip);
      });
      group.append(more);
    }
    facet.group = group;
    return group;
  };

  const makeRange = (board, column) => {
    const row = el("div", "mc-range");
    const name = el("span", "mc-range-name", column.label);
    const input = (which) => {
      const box = el("input", "mc-range-input");
      box.type = "text";
      box.inputMode = column.type === "date" ? "text" : "decimal";
      box.placeholder = which === "lo" ? t("from") : t("to");
      box.setAttribute("aria-label", `${column.label} ${box.placeholder}`);
      box.addEventListener("input", () => {
        const range = board.ranges.get(column.key) || { lo: "", hi: "" };
        range[which] = box.value.trim();
        board.ranges.set(column.key, range);
        update(board);
      });
      return box;
    };
    const has = el("input");
    has.type = "checkbox";
    has.addEventListener("change", () => {
      if (has.checked) board.has.add(column.key);
      else board.has.delete(column.key);
      update(board);
    });
    const hasLabel = el("label", "mc-has");
    hasLabel.append(has, ` ${t("has {column}", { column: column.label })}`);
    column.inputs = { lo: input("lo"), hi: input("hi"), has };
    row.append(name, column.inputs.lo, "\u2013", column.inputs.hi, hasLabel);
    return row;
  };

  const makeColumns = (board) => {
    const panel = el("details", "mc-lb-panel mc-lb-columns");
    panel.append(el("summary", "", t("Columns")));
    const list = el("div", "mc-column-list");
    for (const column of board.columns) {
      if (column.key === "name") continue;
      const box = el("input");
      box.type = "checkbox";
      const label = el("label", "mc-column-choice");
      label.append(box, ` ${column.label}`);
      box.addEventListener("change", () => {
        if (box.checked) board.hidden.delete(column.key);
        else board.hidden.add(column.key);
        applyColumns(board);
        laterHash();
      });
      column.choice = box;
      list.append(label);
    }
    panel.append(list);
    return panel;
  };

  const makeControls = (board) => {
    const box = el("div", "mc-lb-controls");
    if (board.meta.filter) {
      const uid = `${board.id}-search`;
      const label = el("label", "mc-lb-label", t("Filter rows"));
      label.htmlFor = uid;
      const input = el("input", "mc-lb-search");
      input.type = "search";
      input.id = uid;
      input.autocomplete = "off";
      input.spellcheck = false;
      input.placeholder = t("name, lab, tag\u2026");
      input.setAttribute("aria-controls", board.id);
      input.addEventListener("input", () => {
        setQuery(board, input.value);
        update(board);
      });
      board.input = input;
      board.count = el("span", "mc-lb-count");
      board.count.setAttribute("role", "status");
      board.count.setAttribute("aria-live", "polite");
      box.append(label, input, board.count);
      const panel = el("details", "mc-lb-panel mc-lb-facets");
      panel.append(el("summary", "", t("Filters")));
      for (const facet of board.facets) {
        const group = makeFacet(board, facet, board.meta.facets[facet.name]);
        if (group) panel.append(group);
      }
      const ranged = board.columns.filter((c) => (c.type === "num" || c.type === "date") &&
        c.key !== "rank");
      if (ranged.length) {
        const ranges = el("fieldset", "mc-facet mc-ranges");
        ranges.append(el("legend", "", t("Values")));
        for (const column of ranged) ranges.append(makeRange(board, column));
        panel.append(ranges);
      }
      const reset = el("button", "mc-chip mc-reset", t("Clear filters"));
      reset.type = "button";
      reset.addEventListener("click", () => {
        clearFilters(board);
        syncControls(board);
        update(board);
      });
      panel.append(reset);
      board.panel = panel;
      box.append(panel);
    }
    if (board.columns.length > 3) box.append(makeColumns(board));
    if (board.compare) box.append(makeCompare(board));
    return box;
  };

  /* ---- picking models to compare ---- */

  const makeCompare = (board) => {
    const button = el("button", "mc-chip mc-compare-go");
    button.type = "button";
    button.addEventListener("click", () => {
      const ids = [...board.picked];
      if (ids.length < 2 || ids.length > board.meta.compareMax) return;
      window.location.href = `${board.meta.compare}#ids=${ids.map(enc).join(",")}`;
    });
    board.compareButton = button;
    updateCompare(board);
    return button;
  };

  const updateCompare = (board) => {
    const button = board.compareButton;
    if (!button) return;
    const count = board.picked.size;
    const max = board.meta.compareMax;
    button.textContent = t("Compare ({count})", { count });
    button.disabled = count < 2 || count > max;
    button.title = count > max
      ? t("At most {max} models", { max })
      : t("Tick 2 or more models to compare");
  };

  // The tick box of a row, made when the row first enters the DOM.
  const addPick = (board, record) => {
    const id = board.meta.ids[record.index];
    const cell = record.tr.cells[board.pickColumn];
    if (!cell || typeof id !== "string") return;
    const box = el("input", "mc-pick");
    box.type = "checkbox";
    box.setAttribute("aria-label", t("Compare {name}", { name: cell.textContent.trim() }));
    box.checked = board.picked.has(id);
    box.addEventListener("change", () => {
      if (box.checked) board.picked.add(id);
      else board.picked.delete(id);
      updateCompare(board);
    });
    cell.prepend(box);
    record.pick = box;
  };

  const readIsland = (table) => {
    const script = [...document.querySelectorAll("script.mc-lb-data")]
      .find((s) => s.dataset.for === table.id);
    let meta = {};
    try {
      meta = script ? JSON.parse(script.textContent) : {};
    } catch {
      meta = {};
    }
    return {
      rankBy: meta.rankBy || null,
      sort: meta.sort || null,
      hidden: Array.isArray(meta.hidden) ? meta.hidden : [],
      filter: meta.filter === true && Array.isArray(meta.rows),
      facets: meta.facets || {},
      rows: Array.isArray(meta.rows) ? meta.rows : [],
      ids: Array.isArray(meta.ids) ? meta.ids : [],
      compareMax: Number.isInteger(meta.compareMax) ? meta.compareMax : 0,
      compare: script && script.dataset.compare ? script.dataset.compare : "",
    };
  };

  const enhance = (table) => {
    const tbody = table.tBodies[0];
    const head = table.tHead;
    if (!tbody || !head || !head.rows.length || !tbody.rows.length) return;
    if (!table.id) table.id = `mc-leaderboard-${boards.length + 1}`;
    const meta = readIsland(table);
    const records = [];
    let divider = null;
    for (const tr of tbody.rows) {
      if (tr.classList.contains("mc-divider")) divider = tr;
      else records.push({ tr, index: records.length, unranked: divider !== null });
    }
    if (meta.rows.length !== records.length) meta.filter = false;
    const comparable = meta.filter && meta.compare !== "" && meta.compareMax >= 2 &&
      meta.ids.length === records.length;
    const board = {
      table,
      tbody,
      id: table.id,
      meta,
      records,
      divider,
      order: records.map((_, i) => i),
      shown: [],
      rendered: 0,
      columns: [],
      sort: null,
      query: "",
      terms: [],
      search: null,
      facets: Object.keys(FACET_NAMES).map((name, i) => ({ name, slot: i + 1, group: null })),
      chips: new Map(Object.keys(FACET_NAMES).map((name) => [name, new Set()])),
      ranges: new Map(),
      has: new Set(),
      hidden: new Set(meta.hidden),
      noun: "rows",
      style: null,
      moved: false,
      compare: comparable,
      picked: new Set(),
      pickColumn: 0,
      compareButton: null,
    };
    for (const th of head.rows[head.rows.length - 1].cells) {
      const column = columnOf(th, board.columns.length);
      if (column.key === "name") board.noun = "models";
      board.columns.push(column);
      makeButton(board, column);
    }
    const named = board.columns.find((c) => c.key === "name");
    board.pickColumn = named ? named.index : 0;
    // The controls go outside any scrolling wrapper a theme put around the table.
    let anchor = table;
    while (anchor.parentElement && anchor.parentElement.children.length === 1 &&
           anchor.parentElement.matches(WRAPPERS)) {
      anchor = anchor.parentElement;
    }
    board.controls = makeControls(board);
    anchor.before(board.controls);
    const frame = el("div", "mc-lb-frame");
    const scroller = el("div", records.length > LONG ? "mc-lb-scroll mc-lb-long" : "mc-lb-scroll");
    table.before(frame);
    frame.append(scroller);
    scroller.append(table);
    board.frame = frame;
    board.scroller = scroller;
    table.classList.add("mc-enhanced");
    board.more = makeMore(board);
    board.style = document.createElement("style");
    document.head.append(board.style);
    boards.push(board);
    if (!byId.has(board.id)) byId.set(board.id, board);
    watchEdges(board);
  };

  /* ---- the last row of a long table: more rows on demand ---- */

  const makeMore = (board) => {
    const tr = el("tr", "mc-more");
    const td = el("td");
    td.colSpan = board.columns.length;
    const button = el("button", "mc-chip mc-show-all");
    button.type = "button";
    button.addEventListener("click", () => grow(board, Infinity));
    td.append(button);
    tr.append(td);
    if ("IntersectionObserver" in window) {
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) grow(board, PAGE);
      }, { root: board.scroller.classList.contains("mc-lb-long") ? board.scroller : null,
           rootMargin: "400px" });
      observer.observe(tr);
    }
    board.moreButton = button;
    return tr;
  };

  /* ---- sorting and filtering ---- */

  // Sort keys for a column, parsed once into a Float64Array (NaN: missing); text
  // becomes collation ranks, so that every sort compares plain numbers.
  const keysOf = (board, column) => {
    if (column.keys) return column.keys;
    const keys = new Float64Array(board.records.length);
    const texts = column.type === "text" ? [] : null;
    board.records.forEach(({ tr }, i) => {
      const cell = tr.cells[column.index];
      if (isMissing(cell)) {
        keys[i] = NaN;
      } else if (column.type === "ord") {
        const m = ORDINAL.exec(cell.innerHTML);
        keys[i] = m ? +m[1] : NaN;
      } else if (column.type === "date") {
        keys[i] = parseDate(valueText(cell));
      } else if (column.type === "num") {
        keys[i] = parseNumber(valueText(cell));
      } else {
        const text = cell.textContent.trim();
        keys[i] = MISSING.has(text) ? NaN : 0;
        if (!MISSING.has(text)) texts.push([i, text]);
      }
    });
    if (texts) {
      texts.sort((a, b) => collator.compare(a[1], b[1]));
      let rank = 0;
      texts.forEach(([i, text], n) => {
        if (n && collator.compare(texts[n - 1][1], text) !== 0) rank += 1;
        keys[i] = rank;
      });
    }
    column.keys = keys;
    return keys;
  };

  const setSort = (board, column, dir) => {
    const keys = keysOf(board, column);
    const sign = dir === "asc" ? 1 : -1;
    // Array.prototype.sort is stable: ties keep the current order.
    board.order.sort((a, b) => {
      const x = keys[a];
      const y = keys[b];
      if (x !== x) return y !== y ? 0 : 1; // NaN: missing, last
      if (y !== y) return -1;
      return x < y ? -sign : x > y ? sign : 0;
    });
    board.sort = { column, dir };
  };

  const setQuery = (board, query) => {
    board.query = query;
    board.terms = fold(query).split(/\s+/).filter(Boolean);
  };

  // Each row's search text: the island's, or its cells' text for a table without one.
  const searchTexts = (board) => {
    if (!board.search) {
      board.search = board.meta.filter
        ? board.meta.rows.map((row) => ` ${row[0]}`)
        : board.records.map(({ tr }) => ` ${fold(tr.textContent)}`);
    }
    return board.search;
  };

  // Bound typed into a from-to box, in the column's key units.
  const bound = (column, text, upper) => {
    if (!text) return NaN;
    return column.type === "date" ? parseDate(text, upper) : parseNumber(text);
  };

  // A predicate over record indexes for the current filters, or null for none.
  const predicate = (board) => {
    const tests = [];
    if (board.terms.length) {
      const texts = searchTexts(board);
      const terms = board.terms;
      tests.push((i) => terms.every((term) => texts[i].includes(term)));
    }
    for (const facet of board.facets) {
      const chosen = board.chips.get(facet.name);
      if (!chosen.size || !board.meta.filter) continue;
      const rows = board.meta.rows;
      tests.push((i) => rows[i][facet.slot].some((v) => chosen.has(v)));
    }
    for (const column of board.columns) {
      const range = board.ranges.get(column.key);
      const lo = range ? bound(column, range.lo, false) : NaN;
      const hi = range ? bound(column, range.hi, true) : NaN;
      const has = board.has.has(column.key);
      if (!has && lo !== lo && hi !== hi) continue;
      const keys = keysOf(board, column);
      tests.push((i) => {
        const k = keys[i];
        return k === k && !(k < lo) && !(k > hi);
      });
    }
    return tests.length ? (i) => tests.every((test) => test(i)) : null;
  };

  // Sorted by the build's order (or by rank): the divider and the ranks hold.
  const buildOrder = (board) => !board.sort || board.sort.column.key === "rank";

  const update = (board) => {
    render(board);
    laterHash();
  };

  /* ---- rendering: only the first rows go into the DOM ---- */

  const render = (board) => {
    const test = predicate(board);
    board.shown = test ? board.order.filter(test) : board.order.slice();
    board.rendered = 0;
    const rows = rowsFor(board, 0, WINDOW);
    const more = board.rendered < board.shown.length;
    const current = board.current || [];
    const same = rows.length === current.length && rows.every((tr, i) => tr === current[i]) &&
      more === board.more.isConnected;
    // Typing often leaves the first rows as they are: then the DOM stays untouched.
    if (!same) {
      const fragment = document.createDocumentFragment();
      fragment.append(...rows);
      if (more) fragment.append(board.more);
      board.tbody.replaceChildren(fragment);
    } else if (board.tbody.rows.length > rows.length + (more ? 1 : 0)) {
      // Rows a reader had scrolled in go again, as after any render.
      let extra = more ? board.more.previousElementSibling : board.tbody.lastElementChild;
      const last = rows[rows.length - 1];
      while (extra && extra !== last) {
        const previous = extra.previousElementSibling;
        extra.remove();
        extra = previous;
      }
    }
    board.current = rows;
    board.table.classList.toggle("mc-rank-stale", !buildOrder(board));
    for (const column of board.columns) {
      const active = board.sort && board.sort.column === column;
      const value = active ? (board.sort.dir === "asc" ? "ascending" : "descending") : "none";
      if (column.th.getAttribute("aria-sort") !== value) column.th.setAttribute("aria-sort", value);
    }
    updateMore(board);
    updateCount(board);
  };

  // Table rows for shown[start, start + count), with the divider where it belongs.
  const rowsFor = (board, start, count) => {
    const rows = [];
    const end = Math.min(board.shown.length, start + count);
    const divide = board.divider && buildOrder(board);
    for (let n = start; n < end; n += 1) {
      const record = board.records[board.shown[n]];
      if (divide && record.unranked && (n === 0 || !board.records[board.shown[n - 1]].unranked)) {
        rows.push(board.divider);
      }
      const parity = n % 2 ? "row-odd" : "row-even";
      const { tr } = record;
      if (board.compare && !record.pick) addPick(board, record);
      if (!tr.classList.contains(parity)) {
        tr.classList.remove("row-odd", "row-even");
        tr.classList.add(parity);
      }
      rows.push(tr);
    }
    board.rendered = end;
    return rows;
  };

  const grow = (board, count) => {
    if (board.rendered >= board.shown.length) return;
    const rows = rowsFor(board, board.rendered, count);
    const fragment = document.createDocumentFragment();
    fragment.append(...rows);
    board.more.before(fragment);
    if (board.rendered >= board.shown.length) board.more.remove();
    updateMore(board);
  };

  const updateMore = (board) => {
    const left = board.shown.length - board.rendered;
    if (left > 0) {
      board.moreButton.textContent = t("Show all {count} ({left} more)", {
        count: board.shown.length, left,
      });
    }
  };

  const updateCount = (board) => {
    if (!board.count) return;
    const total = board.records.length;
    const english = board.noun === "models"
      ? (total === 1 ? "{shown} of {total} model" : "{shown} of {total} models")
      : (total === 1 ? "{shown} of {total} row" : "{shown} of {total} rows");
    const text = t(english, { shown: board.shown.length, total });
    if (board.count.textContent !== text) board.count.textContent = text;
  };

  /* ---- columns and horizontal scrolling ---- */

  const applyColumns = (board) => {
    const id = CSS.escape(board.id);
    const rules = [...board.hidden].map((key) => `table#${id} .mc-col-${CSS.escape(key)}`);
    board.style.textContent = rules.length ? `${rules.join(",\n")} { display: none; }` : "";
    for (const column of board.columns) {
      if (column.choice) column.choice.checked = !board.hidden.has(column.key);
    }
    edges(board);
  };

  // Shadows on the edges where the table continues out of view.
  const edges = (board) => {
    const { scroller, frame } = board;
    const left = scroller.scrollLeft > 1;
    const right = scroller.scrollLeft + scroller.clientWidth < scroller.scrollWidth - 1;
    frame.classList.toggle("mc-more-left", left);
    frame.classList.toggle("mc-more-right", right);
  };

  const watchEdges = (board) => {
    let queued = false;
    const later = () => {
      if (queued) return;
      queued = true;
      window.requestAnimationFrame(() => {
        queued = false;
        edges(board);
      });
    };
    board.scroller.addEventListener("scroll", later, { passive: true });
    if ("ResizeObserver" in window) new ResizeObserver(later).observe(board.scroller);
  };

  // Scroll a wide table sideways so the column it is sorted by shows beside the
  // (sticky) model column.
  const revealColumn = (board, key) => {
    const column = board.columns.find((c) => c.key === key);
    if (!column || board.hidden.has(key)) return;
    const { scroller } = board;
    const th = column.th;
    if (th.offsetLeft + th.offsetWidth <= scroller.scrollLeft + scroller.clientWidth) return;
    const name = board.columns.find((c) => c.key === "name");
    const sticky = name ? name.th.offsetWidth : 0;
    scroller.scrollLeft = Math.max(0, th.offsetLeft - sticky - 4);
  };

  /* ---- the URL fragment ---- */

  const decode = (text) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };

  const emptyState = () => ({ sort: null, dir: null, q: "", f: [], r: [], has: [], cols: null });

  // A Map from board to its state, or null when the fragment is not ours.
  const parseHash = (hash) => {
    const raw = hash.startsWith("#") ? hash.slice(1) : hash;
    if (!raw) return null;
    const states = new Map();
    for (const part of raw.split("&")) {
      const colon = part.indexOf(":");
      const board = colon > 0 ? byId.get(decode(part.slice(0, colon))) : undefined;
      if (!board) return null;
      const state = emptyState();
      for (const item of part.slice(colon + 1).split(";")) {
        const eq = item.indexOf("=");
        if (eq < 0) continue;
        const name = item.slice(0, eq);
        const value = item.slice(eq + 1);
        const list = value ? value.split(",").map((v) => v.split(":").map(decode)) : [];
        if (name === "q") {
          state.q = decode(value);
        } else if (name === "sort" && list.length) {
          const [key, dir] = list[0];
          state.sort = key;
          state.dir = dir === "asc" || dir === "desc" ? dir : null;
        } else if (name === "f") {
          state.f = list.filter((v) => v.length === 2);
        } else if (name === "r") {
          state.r = list.filter((v) => v.length === 3);
        } else if (name === "has") {
          state.has = list.map((v) => v[0]);
        } else if (name === "cols") {
          state.cols = list.map((v) => v[0]);
        }
      }
      states.set(board, state);
    }
    return states;
  };

  const enc = encodeURIComponent;

  const serialize = (board) => {
    const items = [];
    if (board.sort) items.push(`sort=${enc(board.sort.column.key)}:${board.sort.dir}`);
    if (board.query) items.push(`q=${enc(board.query)}`);
    const chips = [];
    for (const facet of board.facets) {
      const labels = board.meta.facets[facet.name] || [];
      for (const i of board.chips.get(facet.name)) chips.push(`${facet.name}:${enc(labels[i])}`);
    }
    if (chips.length) items.push(`f=${chips.join(",")}`);
    const ranges = [...board.ranges].filter(([, r]) => r.lo || r.hi)
      .map(([key, r]) => `${enc(key)}:${enc(r.lo)}:${enc(r.hi)}`);
    if (ranges.length) items.push(`r=${ranges.join(",")}`);
    if (board.has.size) items.push(`has=${[...board.has].map(enc).join(",")}`);
    const defaults = new Set(board.meta.hidden);
    const same = board.hidden.size === defaults.size && [...board.hidden].every((k) => defaults.has(k));
    if (!same) {
      const shown = board.columns.filter((c) => !board.hidden.has(c.key)).map((c) => enc(c.key));
      items.push(`cols=${shown.join(",")}`);
    }
    return items.length ? `${enc(board.id)}:${items.join(";")}` : "";
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

  // The address bar follows once the new rows are painted: a keystroke waits for nothing.
  let hashQueued = false;
  const laterHash = () => {
    if (hashQueued) return;
    hashQueued = true;
    window.requestAnimationFrame(() => window.setTimeout(() => {
      hashQueued = false;
      writeHash();
    }, 0));
  };

  const clearFilters = (board) => {
    for (const chosen of board.chips.values()) chosen.clear();
    board.ranges.clear();
    board.has.clear();
  };

  // Controls show the state (after a fragment was applied or filters cleared).
  const syncControls = (board) => {
    if (board.input && board.input.value !== board.query) board.input.value = board.query;
    const chosen = [...board.chips.values()].some((set) => set.size);
    if (board.panel && (chosen || board.ranges.size || board.has.size)) board.panel.open = true;
    for (const facet of board.facets) {
      if (!facet.group) continue;
      const chosen = board.chips.get(facet.name);
      for (const button of facet.group.querySelectorAll("button[data-index]")) {
        button.setAttribute("aria-pressed", String(chosen.has(+button.dataset.index)));
      }
    }
    for (const column of board.columns) {
      if (!column.inputs) continue;
      const range = board.ranges.get(column.key) || { lo: "", hi: "" };
      column.inputs.lo.value = range.lo;
      column.inputs.hi.value = range.hi;
      column.inputs.has.checked = board.has.has(column.key);
    }
    applyColumns(board);
  };

  const applyState = (board, state) => {
    // From the build's order, so that a fragment always gives the same view.
    board.order = board.records.map((_, i) => i);
    board.sort = null;
    const column = board.columns.find((c) => c.key === state.sort);
    if (column) setSort(board, column, state.dir || firstDirection(column));
    setQuery(board, board.meta.filter ? state.q : "");
    clearFilters(board);
    for (const [name, label] of state.f) {
      const labels = board.meta.facets[name];
      const i = labels ? labels.indexOf(label) : -1;
      if (i >= 0) board.chips.get(name).add(i);
    }
    const known = new Set(board.columns.map((c) => c.key));
    for (const [key, lo, hi] of state.r) if (known.has(key)) board.ranges.set(key, { lo, hi });
    for (const key of state.has) if (known.has(key)) board.has.add(key);
    board.hidden = state.cols
      ? new Set(board.columns.map((c) => c.key).filter((k) => !state.cols.includes(k) && k !== "name"))
      : new Set(board.meta.hidden);
    render(board);
    syncControls(board);
  };

  const applyStates = (states) => {
    for (const board of boards) applyState(board, states.get(board) || emptyState());
  };

  // Parse every column while the page is idle, one per slot, so that the first
  // click has nothing to parse.
  const prepare = (board) => {
    const idle = (callback) =>
      "requestIdleCallback" in window
        ? window.requestIdleCallback(callback)
        : window.setTimeout(callback, 50);
    const jobs = board.columns.map((column) => () => keysOf(board, column));
    const next = () => {
      const job = jobs.shift();
      if (!job) return;
      job();
      idle(next);
    };
    idle(next);
  };

  // A shared link brings its (first) table into view, again once the page has
  // loaded (images and fonts move it; the browser's own load-time scroll resets it).
  const scrollTo = (states) => {
    const [first] = states.keys();
    const target = first.controls.childElementCount ? first.controls : first.frame;
    const go = () => target.scrollIntoView({ block: "start" });
    go();
    if (document.readyState !== "complete") window.addEventListener("load", go, { once: true });
  };

  /* ---- the compare page: models side by side from modelcards.json ---- */

  // Rows of the comparison: label, value of a record, whether higher is better.
  const billions = (value) => {
    if (typeof value !== "number") return null;
    if (value >= 1000) return `${+(value / 1000).toFixed(2)}T`;
    return value >= 100 ? `${Math.round(value).toLocaleString("en")}B` : `${+value.toFixed(2)}B`;
  };
  const COMPARE_ROWS = [
    [t("Lab"), (m) => (m.lab && m.lab.name) || null, false],
    [t("Released"), (m) => m.released || null, false],
    [t("Parameters"), (m) => billions(m.parameters_b), false],
    [t("Training tokens"), (m) => billions(m.training_tokens_b), false],
    ["ALScore", (m) => m.alscore, true],
    [t("Tier"), (m) => (m.alscore_tier ? t(m.alscore_tier) : null), false],
  ];

  const compareIds = () => {
    const match = /(?:^#|&)ids=([^&]*)/.exec(window.location.hash);
    if (!match) return [];
    return [...new Set(match[1].split(",").map(decode).map((s) => s.trim()).filter(Boolean))];
  };

  // Only a relative link from our own build (or http(s)) becomes an href.
  const safeLink = (url) =>
    typeof url === "string" && (/^https?:\/\//i.test(url) || !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url));

  const shown = (value) => {
    if (value === null || value === undefined || value === "") return null;
    return typeof value === "number" ? (Number.isInteger(value) ? String(value) : value.toFixed(1)) : String(value);
  };

  const compareRow = (label, values, better) => {
    const tr = el("tr");
    tr.append(el("th", "mc-compare-label", label));
    tr.firstChild.scope = "row";
    const numbers = values.filter((v) => typeof v === "number");
    const top = better && numbers.length >= 2 ? Math.max(...numbers) : null;
    for (const value of values) {
      const td = el("td");
      const text = shown(value);
      if (text === null) {
        td.append(el("span", "mc-missing", "-"));
      } else if (top !== null && value === top) {
        td.append(el("strong", "mc-best", text), ` ${t("(best)")}`);
      } else {
        td.textContent = text;
      }
      tr.append(td);
    }
    return tr;
  };

  const compareTable = (models, names, root) => {
    const table = el("table", "docutils mc-compare mc-compare-live");
    const head = el("tr");
    head.append(el("th", "", t("Model")));
    for (const model of models) {
      const th = el("th");
      th.scope = "col";
      if (safeLink(model.page)) {
        const a = el("a", "reference internal", model.name);
        a.setAttribute("href", /^https?:/i.test(model.page) ? model.page : root + model.page);
        th.append(a);
      } else {
        th.textContent = model.name;
      }
      head.append(th);
    }
    table.append(el("thead"));
    table.tHead.append(head);
    const body = el("tbody");
    for (const [label, get, better] of COMPARE_ROWS) {
      body.append(compareRow(label, models.map(get), better));
    }
    const scored = new Set(models.flatMap((m) => Object.keys(m.benchmarks || {})));
    const keys = [...Object.keys(names).filter((k) => scored.has(k)),
      ...[...scored].filter((k) => !(k in names)).sort()];
    for (const key of keys) {
      const values = models.map((m) => (m.benchmarks || {})[key]);
      body.append(compareRow(names[key] || key, values.map((v) => (v === undefined ? null : v)), true));
    }
    table.append(body);
    return table;
  };

  const drawCompare = (app, data, settings) => {
    const ids = compareIds().slice(0, settings.max);
    const byModel = new Map((data.models || []).map((m) => [m.id, m]));
    const models = ids.map((id) => byModel.get(id)).filter(Boolean);
    const unknown = ids.filter((id) => !byModel.has(id));
    const parts = [];
    if (unknown.length) {
      parts.push(el("p", "mc-compare-unknown", t("Not in the catalog: {ids}", { ids: unknown.join(", ") })));
    }
    if (models.length) {
      const root = app.dataset.src.replace(/[^/]*$/, "");
      parts.push(compareTable(models, settings.benchmarks || {}, root));
    } else {
      parts.push(el("p", "mc-compare-empty",
        t("No models chosen: tick models on a leaderboard, then press Compare.")));
    }
    app.replaceChildren(...parts);
  };

  const compareApp = (app) => {
    const script = app.parentElement && app.parentElement.querySelector("script.mc-compare-names");
    let settings = {};
    try {
      settings = script ? JSON.parse(script.textContent) : {};
    } catch {
      settings = {};
    }
    settings.max = Number.isInteger(settings.max) ? settings.max : 8;
    app.replaceChildren(el("p", "mc-compare-loading", t("Loading the catalog data\u2026")));
    fetch(app.dataset.src)
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.json();
      })
      .then((data) => {
        drawCompare(app, data, settings);
        window.addEventListener("hashchange", () => drawCompare(app, data, settings));
      })
      .catch(() => {
        app.replaceChildren(el("p", "mc-compare-empty",
          t("The catalog data could not be loaded (open the site over http, not as files).")));
      });
  };

  const init = () => {
    for (const app of document.querySelectorAll(".mc-compare-app[data-src]")) compareApp(app);
    for (const table of document.querySelectorAll("table.mc-leaderboard")) enhance(table);
    if (!boards.length) return;
    const states = parseHash(window.location.hash);
    applyStates(states || new Map());
    if (!states) baseHash = window.location.hash;
    for (const board of boards) {
      revealColumn(board, board.sort ? board.sort.column.key : board.meta.sort);
      edges(board);
      if (board.records.length > WINDOW) prepare(board);
    }
    if (states) {
      // The fragment names no element, so the browser did not scroll to the table.
      scrollTo(states);
    }
    window.addEventListener("hashchange", () => {
      const next = parseHash(window.location.hash);
      if (!next) {
        baseHash = window.location.hash;
        return;
      }
      applyStates(next);
      scrollTo(next);
    });
    // A printed page holds every row.
    window.addEventListener("beforeprint", () => boards.forEach((board) => grow(board, Infinity)));
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
