/* labsite: progressive enhancement of interactive paper lists.
 *
 * Without JavaScript every paper shows, with its abstract and BibTeX behind <details>
 * toggles. With it, each [data-labsite-interactive] list gets, inside its
 * [data-paper-filter] mount point: a search box (title, authors, venue, abstract), one
 * disclosure of checkboxes per facet (year, type, keyword, author, status) with the
 * number of papers for each value, the number shown ("12 of 57 papers", a live region)
 * and "Clear filters"; each entry gets a "Copy BibTeX" button.
 *
 * Values of one facet are alternatives (year 2023 or 2024); facets and the search
 * combine (and). The state lives in the URL query, ?year=2023&year=2024&search=sam
 * (not ?q=, on which Material's site search opens), so a filtered view can be shared:
 * clicks push a history entry, typing replaces the current one, and Back/Forward
 * restore both the list and the controls. A second interactive list on the same page
 * uses its own parameters (l2-year, l2-search, ...).
 *
 * Material's instant navigation swaps pages without a load event: lists are mounted on
 * every emission of document$, each list once; the few window listeners are added
 * once, when this file runs.
 */
(function () {
  "use strict";

  if (window.labsite && window.labsite.loaded) return;

  var FACETS = [
    { name: "year", label: "Year" },
    { name: "type", label: "Type" },
    { name: "keyword", label: "Keyword" },
    { name: "author", label: "Author" },
    { name: "status", label: "Status" },
  ];
  var NO_YEAR = "none";
  var SEARCH = "search"; // the URL parameter of the search box
  var URL_DELAY = 150; // ms: typing replaces the history entry at most this often

  var lists = []; // the mounted lists of the current page
  var sequence = 0; // unique ids across instant navigations

  /* --- small helpers ------------------------------------------------------ */

  // Lower case, accents removed: "Müller" is found by "muller" and "müller".
  function fold(text) {
    return text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase();
  }

  function terms(query) {
    var folded = fold(query).trim();
    return folded ? folded.split(/\s+/) : [];
  }

  function split(value) {
    return value ? value.split("|").filter(Boolean) : [];
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function textOf(root, selector) {
    var node = root.querySelector(selector);
    return node ? node.textContent : "";
  }

  function papers(count) {
    return count === 1 ? "paper" : "papers";
  }

  /* --- reading a list ------------------------------------------------------ */

  function readEntries(root) {
    var entries = [];
    var groups = [];
    var heading = null;
    for (var child = root.firstElementChild; child; child = child.nextElementSibling) {
      if (child.classList.contains("labsite-group")) {
        heading = child;
      } else if (child.matches("ol[data-labsite-list]")) {
        var group = { heading: heading, list: child, shown: 0, hidden: false };
        groups.push(group);
        heading = null;
        var items = child.children;
        for (var i = 0; i < items.length; i++) {
          if (items[i].hasAttribute("data-paper-key")) {
            entries.push(readEntry(items[i], groups.length - 1));
          }
        }
      }
    }
    return { entries: entries, groups: groups };
  }

  function readEntry(li, group) {
    var data = li.dataset;
    return {
      el: li,
      group: group,
      hidden: false,
      text: null, // folded search text, made once (see index)
      labels: { status: data.statusLabel || "", type: data.typeLabel || "" },
      values: [
        [data.year || NO_YEAR],
        [data.type || "misc"],
        split(data.keywords),
        split(data.authors),
        [data.status || "published"],
      ],
      options: null, // per facet, the indices of this entry's options
    };
  }

  function searchText(entry) {
    var li = entry.el;
    return fold(
      [
        textOf(li, ".labsite-title"),
        entry.values[3].join(" ") || textOf(li, ".labsite-authors"),
        textOf(li, ".labsite-abbr"),
        textOf(li, ".labsite-venue"),
        textOf(li, ".labsite-abstract"),
      ].join("\n")
    );
  }

  function index(list) {
    if (list.indexed) return;
    for (var i = 0; i < list.entries.length; i++) {
      list.entries[i].text = searchText(list.entries[i]);
    }
    list.indexed = true;
  }

  /* --- facets ------------------------------------------------------------- */

  function optionLabel(facet, value, entry) {
    if (facet === "year") return value === NO_YEAR ? "No year" : value;
    if (facet === "type") return (entry && entry.labels.type) || value;
    if (facet === "status") {
      if (entry && entry.labels.status) return entry.labels.status;
      return value.charAt(0).toUpperCase() + value.slice(1).replace(/-/g, " ");
    }
    return value;
  }

  function byCount(a, b) {
    return b.total - a.total || a.label.localeCompare(b.label);
  }

  function sortOptions(facet, options) {
    if (facet === "year") {
      options.sort(function (a, b) {
        if (a.value === NO_YEAR || b.value === NO_YEAR) {
          return (a.value === NO_YEAR) - (b.value === NO_YEAR);
        }
        return Number(b.value) - Number(a.value) || b.value.localeCompare(a.value);
      });
    } else if (facet === "keyword") {
      options.sort(function (a, b) {
        return a.label.localeCompare(b.label);
      });
    } else if (facet === "status") {
      options.sort(function (a, b) {
        return (b.value === "published") - (a.value === "published") || byCount(a, b);
      });
    } else {
      options.sort(byCount);
    }
  }

  function makeFacets(list) {
    return FACETS.map(function (spec, f) {
      var facet = {
        name: spec.name,
        label: spec.label,
        param: list.prefix + spec.name,
        options: [],
        byValue: Object.create(null),
        selected: 0,
        splits: false,
      };
      list.entries.forEach(function (entry) {
        entry.values[f].forEach(function (value) {
          var option = facet.byValue[value];
          if (!option) {
            option = newOption(facet, value, entry);
            facet.options.push(option);
          }
          option.total += 1;
        });
      });
      sortOptions(spec.name, facet.options);
      facet.options.forEach(function (option, i) {
        option.index = i;
      });
      // A facet is offered when choosing in it can change the list.
      var first = facet.options[0];
      facet.splits =
        facet.options.length > 1 || (!!first && first.total < list.entries.length);
      return facet;
    });
  }

  function newOption(facet, value, entry) {
    var option = {
      value: value,
      label: optionLabel(facet.name, value, entry),
      total: 0,
      index: facet.options.length,
      checked: false,
      shownCount: -1, // papers shown if this value were (also) chosen, as on the page
      input: null,
      countEl: null,
      row: null,
    };
    facet.byValue[value] = option;
    return option;
  }

  /* --- building the controls ---------------------------------------------- */

  function buildControls(list) {
    var mount = list.mount;
    var id = "labsite-filter-" + ++sequence;
    mount.textContent = "";
    mount.setAttribute("role", "search");
    mount.setAttribute("aria-label", "Filter the papers");

    var search = el("div", "labsite-filter__search");
    var label = el("label", "labsite-sr", "Search the papers");
    label.htmlFor = id + "-q";
    var input = el("input", "labsite-filter__input");
    input.type = "search";
    input.id = id + "-q";
    input.placeholder = "Search titles, authors, venues, abstracts";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("data-filter-search", "");
    search.append(label, input);
    list.input = input;

    var facets = el("div", "labsite-filter__facets");
    list.facets.forEach(function (facet) {
      facets.appendChild(buildFacet(facet, id + "-" + facet.name));
    });

    var summary = el("div", "labsite-filter__summary");
    var count = el("p", "labsite-filter__count");
    count.setAttribute("role", "status");
    count.setAttribute("aria-live", "polite");
    count.setAttribute("aria-atomic", "true");
    count.setAttribute("data-filter-count", "");
    var clear = el("button", "labsite-filter__clear", "Clear filters");
    clear.type = "button";
    clear.setAttribute("data-filter-clear", "");
    summary.append(count, clear);
    list.countEl = count;

    mount.append(search, facets, summary);
    mount.hidden = false;
  }

  function buildFacet(facet, id) {
    var wrap = el("div", "labsite-facet");
    wrap.setAttribute("data-facet", facet.name);
    var toggle = el("button", "labsite-facet__toggle");
    toggle.type = "button";
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", id);
    toggle.setAttribute("data-facet-toggle", facet.name);
    var badge = el("span", "labsite-facet__badge");
    badge.hidden = true;
    toggle.append(el("span", "labsite-facet__name", facet.label), badge);

    var panel = el("fieldset", "labsite-facet__panel");
    panel.id = id;
    panel.hidden = true;
    var legend = el("legend", "labsite-sr", "Filter by " + facet.label.toLowerCase());
    var options = el("div", "labsite-facet__options");
    panel.append(legend, options);
    wrap.append(toggle, panel);

    facet.wrap = wrap;
    facet.toggle = toggle;
    facet.badge = badge;
    facet.panel = panel;
    facet.optionsEl = options;
    var fragment = document.createDocumentFragment();
    facet.options.forEach(function (option) {
      fragment.appendChild(buildOption(facet, option));
    });
    options.appendChild(fragment);
    return wrap;
  }

  function buildOption(facet, option) {
    var row = el("label", "labsite-option");
    var input = el("input");
    input.type = "checkbox";
    input.name = facet.param;
    input.value = option.value;
    input.setAttribute("data-facet", facet.name);
    input.setAttribute("data-option", String(option.index));
    var count = el("span", "labsite-option__count");
    row.append(input, el("span", "labsite-option__label", option.label), count);
    option.input = input;
    option.countEl = count;
    option.row = row;
    return row;
  }

  // A value in the URL that no paper has (a year to come, a mistyped link): it gets a
  // checkbox too, so that it can be seen and unchecked.
  function ensureOption(facet, value) {
    var option = facet.byValue[value];
    if (!option) {
      option = newOption(facet, value, null);
      facet.options.push(option);
      facet.optionsEl.appendChild(buildOption(facet, option));
    }
    return option;
  }

  /* --- state: URL <-> controls <-> list ------------------------------------ */

  function readUrl(list) {
    var params = new URLSearchParams(location.search);
    return {
      q: params.get(list.prefix + SEARCH) || "",
      facets: list.facets.map(function (facet) {
        return params.getAll(facet.param).filter(Boolean);
      }),
    };
  }

  // Our parameters in a canonical order; other parameters (Material's ?h=) are kept.
  function urlFor(list) {
    var params = new URLSearchParams(location.search);
    list.facets.forEach(function (facet) {
      params.delete(facet.param);
    });
    params.delete(list.prefix + SEARCH);
    list.facets.forEach(function (facet) {
      facet.options.forEach(function (option) {
        if (option.checked) params.append(facet.param, option.value);
      });
    });
    if (list.q.trim()) params.set(list.prefix + SEARCH, list.q);
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "") + location.hash;
  }

  function here() {
    return location.pathname + location.search + location.hash;
  }

  function applyState(list, state) {
    list.q = state.q;
    list.terms = terms(state.q);
    list.facets.forEach(function (facet, f) {
      var wanted = Object.create(null);
      state.facets[f].forEach(function (value) {
        wanted[value] = true;
        ensureOption(facet, value);
      });
      facet.selected = 0;
      facet.options.forEach(function (option) {
        option.checked = !!wanted[option.value];
        if (option.checked) facet.selected += 1;
      });
    });
    syncControls(list);
  }

  function syncControls(list) {
    if (list.input.value !== list.q) list.input.value = list.q;
    list.facets.forEach(function (facet) {
      facet.options.forEach(function (option) {
        if (option.input.checked !== option.checked) option.input.checked = option.checked;
      });
      syncBadge(facet);
    });
  }

  function syncBadge(facet) {
    facet.wrap.hidden = !(facet.splits || facet.selected);
    facet.badge.hidden = !facet.selected;
    if (facet.selected) {
      facet.badge.textContent = String(facet.selected);
      facet.badge.appendChild(el("span", "labsite-sr", " selected"));
    }
  }

  function isFiltered(list) {
    return (
      list.terms.length > 0 ||
      list.facets.some(function (facet) {
        return facet.selected > 0;
      })
    );
  }

  // The one place that shows and hides papers. Per entry: does the search match, and
  // which facets reject it. A facet value's count is the number of papers that would
  // show with that value chosen: papers that pass the search and every other facet.
  function update(list) {
    var entries = list.entries;
    var facets = list.facets;
    var nf = facets.length;
    var words = list.terms;
    var nw = words.length;
    if (nw) index(list);
    var counts = [];
    var active = [];
    for (var f = 0; f < nf; f++) {
      counts.push(new Int32Array(facets[f].options.length));
      active.push(facets[f].selected > 0);
    }
    var groups = list.groups;
    for (var g = 0; g < groups.length; g++) groups[g].shown = 0;
    var shown = 0;

    for (var i = 0; i < entries.length; i++) {
      var entry = entries[i];
      var visible = false;
      var match = true;
      if (nw) {
        var text = entry.text;
        for (var w = 0; w < nw; w++) {
          if (text.indexOf(words[w]) === -1) {
            match = false;
            break;
          }
        }
      }
      if (match) {
        var fails = 0;
        var failed = -1;
        for (f = 0; f < nf && fails < 2; f++) {
          if (active[f] && !chosen(facets[f], entry.options[f])) {
            fails += 1;
            failed = f;
          }
        }
        if (fails === 0) {
          visible = true;
          shown += 1;
          groups[entry.group].shown += 1;
          for (f = 0; f < nf; f++) add(counts[f], entry.options[f]);
        } else if (fails === 1) {
          add(counts[failed], entry.options[failed]);
        }
      }
      if (entry.hidden === visible) {
        entry.hidden = !visible;
        entry.el.hidden = !visible;
      }
    }

    for (g = 0; g < groups.length; g++) {
      var group = groups[g];
      var empty = group.shown === 0;
      if (group.hidden !== empty) {
        group.hidden = empty;
        group.list.hidden = empty;
        if (group.heading) group.heading.hidden = empty;
      }
    }
    for (f = 0; f < nf; f++) showCounts(facets[f], counts[f]);

    var total = entries.length;
    var message =
      shown === total && !isFiltered(list)
        ? "Showing all " + total + " " + papers(total)
        : shown + " of " + total + " " + papers(total);
    if (list.countEl.textContent !== message) list.countEl.textContent = message;
    if (list.empty && list.empty.hidden !== shown > 0) list.empty.hidden = shown > 0;
    list.shown = shown;
  }

  function chosen(facet, indices) {
    for (var k = 0; k < indices.length; k++) {
      if (facet.options[indices[k]].checked) return true;
    }
    return false;
  }

  function add(counts, indices) {
    for (var k = 0; k < indices.length; k++) counts[indices[k]] += 1;
  }

  function showCounts(facet, counts) {
    var options = facet.options;
    for (var k = 0; k < options.length; k++) {
      var option = options[k];
      var n = k < counts.length ? counts[k] : 0;
      if (option.shownCount !== n) {
        option.shownCount = n;
        option.countEl.textContent = "(" + n + ")";
        if (n === 0) option.row.setAttribute("data-empty", "");
        else option.row.removeAttribute("data-empty");
      }
    }
  }

  /* --- history --------------------------------------------------------------- */

  // History calls cost milliseconds (pushState is a round trip to the browser), so they
  // are made after the updated list is on screen: a click pushes an entry after the
  // next frame, typing replaces the current entry at most every URL_DELAY ms. Before
  // anything else happens (a click, leaving the page) the pending call is made.
  function push(list) {
    if (list.pending) commit(list);
    list.pending = "push";
    list.frame = window.requestAnimationFrame(function () {
      list.frame = 0;
      window.clearTimeout(list.timer);
      list.timer = window.setTimeout(function () {
        commit(list);
      }, 0);
    });
    // Frames do not come in a background tab.
    list.timer = window.setTimeout(function () {
      commit(list);
    }, 250);
  }

  function replaceSoon(list) {
    if (list.pending) return; // the pending call will write the latest state
    list.pending = "replace";
    list.timer = window.setTimeout(function () {
      commit(list);
    }, URL_DELAY);
  }

  function cancel(list) {
    window.clearTimeout(list.timer);
    window.cancelAnimationFrame(list.frame);
    list.timer = list.frame = 0;
    var mode = list.pending;
    list.pending = "";
    return mode;
  }

  function commit(list) {
    var mode = cancel(list);
    // The reader may have left the page in the meantime (instant navigation).
    if (!mode || !list.root.isConnected || location.pathname !== list.path) return;
    var url = urlFor(list);
    if (url === here()) return;
    if (mode === "push") history.pushState(null, "", url);
    else history.replaceState(history.state, "", url);
  }

  function flushAll() {
    lists.forEach(commit);
  }

  function onPopState() {
    lists.forEach(function (list) {
      // A pending call would write the state we just left into this entry.
      cancel(list);
      if (!list.root.isConnected || location.pathname !== list.path) return;
      var state = readUrl(list);
      if (sameState(list, state)) return;
      applyState(list, state);
      update(list);
    });
  }

  function sameState(list, state) {
    if (state.q !== list.q) return false;
    return list.facets.every(function (facet, f) {
      var wanted = state.facets[f];
      if (wanted.length !== facet.selected) return false;
      return wanted.every(function (value) {
        var option = facet.byValue[value];
        return !!option && option.checked;
      });
    });
  }

  /* --- events (delegated: one listener per kind and list) -------------------- */

  function onInput(list, event) {
    if (event.target !== list.input) return;
    list.q = list.input.value;
    var next = terms(list.q);
    if (next.join(" ") !== list.terms.join(" ")) {
      list.terms = next;
      update(list);
    }
    replaceSoon(list);
  }

  function onChange(list, event) {
    var input = event.target;
    if (!input.hasAttribute("data-option")) return;
    var facet = list.facets[FACET_INDEX[input.getAttribute("data-facet")]];
    var option = facet.options[Number(input.getAttribute("data-option"))];
    if (option.checked === input.checked) return;
    option.checked = input.checked;
    facet.selected += input.checked ? 1 : -1;
    syncBadge(facet);
    update(list);
    push(list);
  }

  function onClick(list, event) {
    var target = event.target;
    var toggle = target.closest("[data-facet-toggle]");
    if (toggle && list.mount.contains(toggle)) {
      var facet = list.facets[FACET_INDEX[toggle.getAttribute("data-facet-toggle")]];
      setOpen(facet, toggle.getAttribute("aria-expanded") !== "true");
      return;
    }
    if (target.closest("[data-filter-clear]")) {
      clear(list);
      return;
    }
    var copy = target.closest(".labsite-copy");
    if (copy && list.root.contains(copy)) {
      copyBibtex(list, copy);
      return;
    }
    var anchor = target.closest(".labsite-anchor");
    if (anchor) refreshAnchor(anchor);
  }

  function onKeyDown(list, event) {
    if (event.key === "Escape") {
      var panel = event.target.closest && event.target.closest(".labsite-facet__panel");
      if (panel && !panel.hidden) {
        var facet = list.facets.filter(function (f) {
          return f.panel === panel;
        })[0];
        setOpen(facet, false);
        facet.toggle.focus();
        event.preventDefault();
      }
    } else if (event.key === "Enter" && event.target === list.input) {
      commit(list);
    }
  }

  function setOpen(facet, open) {
    facet.toggle.setAttribute("aria-expanded", open ? "true" : "false");
    facet.panel.hidden = !open;
    facet.wrap.classList.toggle("labsite-facet--open", open);
  }

  function clear(list) {
    if (!isFiltered(list) && !list.q) return;
    var none = list.facets.map(function () {
      return [];
    });
    applyState(list, { q: "", facets: none });
    update(list);
    push(list);
  }

  // Material's instant navigation made every href absolute when the page loaded, so
  // an entry's "#" link would bring back the filters of that moment: point it at the
  // current URL before it is used, hovered or copied.
  function refreshAnchor(anchor) {
    var id = anchor.getAttribute("href").split("#")[1];
    if (id) anchor.href = location.pathname + location.search + "#" + id;
  }

  function onPointing(event) {
    var anchor = event.target.closest && event.target.closest(".labsite-anchor");
    if (anchor) refreshAnchor(anchor);
  }

  var FACET_INDEX = {};
  FACETS.forEach(function (spec, f) {
    FACET_INDEX[spec.name] = f;
  });

  /* --- copy BibTeX ------------------------------------------------------------ */

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        return legacyCopy(text);
      });
    }
    return legacyCopy(text);
  }

  function legacyCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (error) {
      done = false;
    } finally {
      document.body.removeChild(area);
    }
    return done ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function addCopyButtons(list) {
    list.entries.forEach(function (entry) {
      var more = entry.el.querySelector(".labsite-more");
      if (!more || more.querySelector(".labsite-copy")) return;
      if (!more.querySelector(".labsite-bibtex")) return;
      var button = el("button", "labsite-copy", "Copy BibTeX");
      button.type = "button";
      button.setAttribute("aria-label", "Copy BibTeX of " + entry.el.dataset.paperKey);
      more.appendChild(button);
    });
  }

  function copyBibtex(list, button) {
    var item = button.closest("li.labsite-paper");
    var code = item.querySelector(".labsite-bibtex");
    copyText(code.textContent).then(
      function () {
        flash(list, button, "Copied", "copied", "BibTeX of " + item.dataset.paperKey + " copied");
      },
      function () {
        // No clipboard: show the BibTeX selected, for the reader to copy.
        var details = code.closest("details");
        if (details) details.open = true;
        var range = document.createRange();
        range.selectNodeContents(code);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        var message = "Copying failed: the BibTeX is shown, selected";
        flash(list, button, "Copy failed", "failed", message);
      }
    );
  }

  function flash(list, button, text, state, announcement) {
    button.textContent = text;
    button.setAttribute("data-copy-state", state);
    list.announce.textContent = announcement;
    window.clearTimeout(button.labsiteTimer);
    button.labsiteTimer = window.setTimeout(function () {
      button.textContent = "Copy BibTeX";
      button.removeAttribute("data-copy-state");
      if (list.announce.textContent === announcement) list.announce.textContent = "";
    }, 2000);
  }

  /* --- mounting ---------------------------------------------------------------- */

  function mount(root, position) {
    var mountPoint = root.querySelector("[data-paper-filter]");
    var read = readEntries(root);
    var list = {
      root: root,
      mount: mountPoint,
      path: location.pathname,
      prefix: position === 0 ? "" : "l" + (position + 1) + "-",
      entries: read.entries,
      groups: read.groups,
      empty: root.querySelector("[data-labsite-empty]"),
      indexed: false,
      q: "",
      terms: [],
      pending: "", // "push" or "replace": a history call to make (see push)
      timer: 0,
      frame: 0,
      shown: read.entries.length,
    };
    list.facets = makeFacets(list);
    list.entries.forEach(function (entry) {
      entry.options = entry.values.map(function (values, f) {
        return values.map(function (value) {
          return list.facets[f].byValue[value].index;
        });
      });
    });

    var announce = el("p", "labsite-sr");
    announce.setAttribute("aria-live", "polite");
    announce.setAttribute("data-labsite-announce", "");
    root.appendChild(announce);
    list.announce = announce;

    addCopyButtons(list);
    if (mountPoint) {
      buildControls(list);
      applyState(list, readUrl(list));
      list.facets.forEach(function (facet) {
        if (facet.selected) setOpen(facet, true);
      });
      update(list);
      mountPoint.addEventListener("input", function (event) {
        onInput(list, event);
      });
      mountPoint.addEventListener("change", function (event) {
        onChange(list, event);
      });
      mountPoint.addEventListener("keydown", function (event) {
        onKeyDown(list, event);
      });
      mountPoint.addEventListener("focusout", function (event) {
        if (event.target === list.input) commit(list);
      });
    }
    root.addEventListener("click", function (event) {
      onClick(list, event);
    });
    root.addEventListener("mouseover", onPointing);
    root.addEventListener("focusin", onPointing);
    root.addEventListener("contextmenu", onPointing);
    root.setAttribute("data-labsite-ready", "");

    // Search text is made when the browser is idle, or at the first search.
    var prepare = function () {
      if (root.isConnected) index(list);
    };
    if (window.requestIdleCallback) window.requestIdleCallback(prepare);
    else window.setTimeout(prepare, 200);
    return list;
  }

  // "and N more authors" (the max_author_limit setting): the names after the first
  // few are folded behind a button that shows them. Without this script every name
  // shows.
  function foldAuthors(root) {
    var rests = root.querySelectorAll(".labsite-more-authors[data-labsite-more]");
    for (var i = 0; i < rests.length; i++) {
      var rest = rests[i];
      if (rest.hasAttribute("data-labsite-ready")) continue;
      rest.setAttribute("data-labsite-ready", "");
      var count = parseInt(rest.getAttribute("data-labsite-more"), 10) || 0;
      var label = count + " more author" + (count === 1 ? "" : "s");
      var toggle = el("span", "labsite-more-authors__toggle");
      toggle.appendChild(document.createTextNode(", and "));
      var button = el("button", "labsite-more-authors__button", label);
      button.type = "button";
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("title", "Show the other " + label);
      toggle.appendChild(button);
      rest.hidden = true;
      rest.parentNode.insertBefore(toggle, rest);
      button.addEventListener("click", showAuthors(toggle, rest));
    }
  }

  function showAuthors(toggle, rest) {
    return function () {
      rest.hidden = false;
      rest.setAttribute("tabindex", "-1");
      toggle.parentNode.removeChild(toggle);
      rest.focus();
    };
  }

  function enhance() {
    foldAuthors(document);
    var marks = window.performance && performance.mark;
    if (marks) performance.mark("labsite:start");
    lists = lists.filter(function (list) {
      return list.root.isConnected;
    });
    var roots = document.querySelectorAll("[data-labsite-interactive]");
    for (var i = 0; i < roots.length; i++) {
      if (roots[i].hasAttribute("data-labsite-ready")) continue;
      lists.push(mount(roots[i], i));
    }
    if (marks) performance.measure("labsite:enhanced", "labsite:start");
  }

  window.addEventListener("popstate", onPopState);
  // A link followed, a tab closed: the search typed last goes into the URL first.
  window.addEventListener("click", flushAll, true);
  window.addEventListener("pagehide", flushAll);

  window.labsite = {
    loaded: true,
    enhance: enhance,
    lists: function () {
      return lists.slice();
    },
  };

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
