// qualscribe privacy review page. No framework and nothing loaded from elsewhere: the page must work
// offline and shows originals, so every bit of transcript text goes into the DOM as text, never HTML.
"use strict";

const $ = (sel, root = document) => root.querySelector(sel);
const state = {
  study: null,       // /api/study
  view: null,        // /api/transcripts/<code>
  current: null,     // id of the focused item
  selection: null,   // {turn, start, end, text} of selected text
  originals: true,   // show originals (true) or the tags as exported (false; originals on hover)
};
const STATUS_CLASS = {
  "pending": "pending",
  "approved": "approved",
  "changed since approval": "changed",
};
const RECOGNIZERS = {
  RosterRecognizer: "the study's roster",
  SpacyRecognizer: "spaCy named entities",
  propagated: "another occurrence of a found original",
  reviewer: "a reviewer",
};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function fill(node, ...children) {
  // replaceChildren() would print null as "null": optional parts are left out instead
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

function toast(message, kind = "info") {
  const box = $("#toast");
  box.textContent = message;
  box.className = `show ${kind}`;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.className = ""; }, kind === "error" ? 9000 : 3500);
}

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify(body),
  };
  const response = await fetch(path, {credentials: "same-origin", ...options});
  const data = await response.json().catch(() => ({error: `${response.status} ${response.statusText}`}));
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

function reviewer() {
  const name = $("#reviewer").value.trim();
  if (!name) {
    $("#reviewer").focus();
    toast("Enter your name first: every decision records who made it.", "error");
    return null;
  }
  return name;
}

function clock(seconds) {
  const s = Math.floor(seconds || 0);
  const pad = (n) => String(n).padStart(2, "0");
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

function statusPill(status) {
  return el("span", {class: `pill ${STATUS_CLASS[status] || ""}`}, status);
}

function categoryChips(counts) {
  const names = Object.keys(counts);
  if (!names.length) return el("span", {class: "muted"}, "none");
  return el("span", {class: "chips"},
    names.map((c) => el("span", {class: `chip cat-${c}`}, `${c} ${counts[c]}`)));
}

// --- overview -------------------------------------------------------------------------------------

async function showOverview() {
  state.view = null;
  state.study = await api("/api/study");
  if (location.hash.match(/^#\/[tc]\//)) return;  // the reader moved on while the study loaded
  fill($("#crumbs"), el("span", {}, "Transcripts"));
  const rows = state.study.transcripts.map((t) => el("tr", {},
    el("th", {scope: "row"}, el("a", {href: `#/t/${encodeURIComponent(t.code)}`}, t.code)),
    el("td", {}, statusPill(t.status)),
    el("td", {}, categoryChips(t.counts)),
    el("td", {class: "num"}, t.low_confidence),
    el("td", {class: "num"}, t.misses),
    el("td", {class: "num"}, t.kept),
    el("td", {}, t.check ? el("a", {href: `#/c/${encodeURIComponent(t.code)}`, class: "check-link"},
      `${t.check}${t.check_open ? ` · ${t.check_open} to listen` : ""}`) : "–"),
    el("td", {}, t.approval ? `${t.approval.reviewer}, ${t.approval.time.replace("T", " ").slice(0, 16)}` : "–"),
    el("td", {}, el("a", {class: "button small", href: `#/t/${encodeURIComponent(t.code)}`}, "Review")),
  ));
  const studyWide = state.study.study_decisions;
  fill($("#main"), el("section", {class: "overview"},
    el("h1", {}, "Transcripts"),
    el("p", {class: "muted"},
      "Open each transcript, check every highlighted redaction and flagged word, then approve it. ",
      "Decisions are saved at once in the study's private work folder and applied by the next run."),
    rows.length ? el("table", {class: "study"},
      el("thead", {}, el("tr", {},
        ["Code", "Status", "Redactions by category", "Low confidence", "Possible misses",
          "Kept visible", "Check", "Approved by", ""].map((h) => el("th", {scope: "col"}, h)))),
      el("tbody", {}, rows))
      : el("p", {}, "No processed transcripts in this study yet: run `qualscribe run` first."),
    el("h2", {}, "Study-wide decisions"),
    studyWide.length
      ? el("ul", {class: "decisions"}, studyWide.map((d) => el("li", {}, describe(d))))
      : el("p", {class: "muted"}, "None yet."),
  ));
}

// --- transcript -----------------------------------------------------------------------------------

function describe(d) {
  const where = d.turn === null || d.turn === undefined ? "every occurrence in the study" : `turn ${d.turn + 1}`;
  const what = {
    unredact: "kept visible",
    redact: `redacted as ${d.category}`,
    category: `changed to ${d.category}`,
  }[d.action];
  return `“${d.text}” ${what} (${where}) by ${d.reviewer}`;
}

function flagged() {
  return state.view.items.filter((i) => i.kind === "miss" || (i.kind === "redaction" && i.low));
}

function itemNode(item) {
  const data = {id: item.id};
  if (item.kind === "redaction") {
    const label = item.tag.replace(/^\[|\]$/g, "");
    return el("mark", {
      class: `item red cat-${item.category}${item.low ? " low" : ""}${item.recognizer === "reviewer" ? " added" : ""}`,
      tabindex: "0", dataset: data,
      title: `${item.category}: “${item.text}”${item.low ? " (low confidence)" : ""}`
        + (item.recognizer === "reviewer" ? ", added by a reviewer" : ""),
    },
    el("span", {class: "lbl", "aria-hidden": "true"}, label),
    el("span", {class: "orig src", dataset: {s: item.start}}, item.text),
    el("span", {class: "tagtext", "aria-hidden": "true"}, item.tag));
  }
  const kind = item.kind === "kept" ? "kept" : "miss";
  return el("span", {
    class: `item ${kind}`, tabindex: "0", dataset: data,
    title: kind === "kept" ? "kept visible by a reviewer" : `possible miss: ${item.reasons.join(", ")}`,
  }, el("span", {class: "src", dataset: {s: item.start}}, item.text),
  el("span", {class: "lbl", "aria-hidden": "true"}, kind === "kept" ? "kept" : "?"));
}

function turnText(turn, items) {
  const p = el("p", {class: "text", dataset: {turn: turn.index}});
  let cursor = 0;
  for (const item of items) {
    if (item.start < cursor) continue;  // overlapping items cannot both be shown; the first wins
    if (item.start > cursor) {
      p.append(el("span", {class: "src", dataset: {s: cursor}}, turn.text.slice(cursor, item.start)));
    }
    p.append(itemNode(item));
    cursor = item.end;
  }
  if (cursor < turn.text.length) p.append(el("span", {class: "src", dataset: {s: cursor}}, turn.text.slice(cursor)));
  return p;
}

function renderTranscript() {
  const v = state.view;
  const byTurn = new Map();
  for (const item of v.items) {
    if (!byTurn.has(item.turn)) byTurn.set(item.turn, []);
    byTurn.get(item.turn).push(item);
  }
  const turns = v.turns.map((t) => el("div", {class: `turn ${t.role || "unknown"}`},
    el("div", {class: "who"}, el("b", {}, t.role === "participant" ? v.code : t.speaker || "?"),
      el("time", {}, clock(t.start))),
    turnText(t, byTurn.get(t.index) || [])));
  const flags = flagged();
  const old = $(".transcript");
  const scroll = old ? old.scrollTop : 0;
  const legend = Object.keys(Object.fromEntries(v.items.filter((i) => i.kind === "redaction").map((i) => [i.category, 1])));
  fill($("#crumbs"), el("a", {href: "#/"}, "Transcripts"), el("span", {}, " / "), el("span", {}, v.code));
  fill($("#main"), el("div", {class: "workspace"},
    el("section", {class: "transcript", "aria-label": `Transcript ${v.code}`},
      el("div", {class: "toolbar"},
        el("h1", {}, v.code), statusPill(v.status),
        el("span", {class: "spacer"}),
        el("button", {type: "button", class: "ghost", id: "prev", onclick: () => step(-1),
          title: "previous flagged item (p or k)"}, "◀ Prev"),
        el("span", {class: "flagpos", id: "flagpos"}, flagPosition(flags)),
        el("button", {type: "button", class: "ghost", id: "next", onclick: () => step(1),
          title: "next flagged item (n or j)"}, "Next ▶"),
        el("label", {class: "toggle", title: "show originals or the tags as exported (o)"},
          el("input", {type: "checkbox", id: "originals", checked: state.originals,
            onchange: (e) => { state.originals = e.target.checked; applyMode(); }}),
          " Show originals")),
      el("div", {class: "legend"},
        el("span", {class: "stats"},
          `${v.redactions} redactions · ${v.low_confidence} low confidence · ${v.misses} possible misses`),
        legend.map((c) => el("span", {class: `chip cat-${c}`}, c)),
        el("span", {class: "chip low-key"}, "? low confidence"),
        el("span", {class: "chip miss-key"}, "possible miss"),
        el("span", {class: "chip kept-key"}, "kept visible")),
      v.stale.length ? el("p", {class: "warning"},
        `${v.stale.length} decision(s) no longer match the text (re-transcribed?): check them in the list.`) : null,
      el("div", {class: "turns"}, turns)),
    el("aside", {class: "side"}, el("div", {id: "detail", class: "panel"}), approvalPanel(v), decisionsPanel(v))));
  $(".transcript").scrollTop = scroll;
  applyMode();
  renderDetail();
}

function flagPosition(flags) {
  const at = flags.findIndex((f) => f.id === state.current);
  return flags.length ? `${at >= 0 ? at + 1 : "–"} of ${flags.length} flagged` : "nothing flagged";
}

function applyMode() {
  $(".transcript").classList.toggle("tags", !state.originals);
}

function itemById(id) {
  return state.view.items.find((i) => i.id === id) || null;
}

function focusItem(id, scroll = true) {
  $("#toast").className = "";
  state.current = id;
  state.selection = null;
  document.querySelectorAll(".item.current").forEach((n) => n.classList.remove("current"));
  const node = document.querySelector(`.item[data-id="${CSS.escape(id)}"]`);
  if (node) {
    node.classList.add("current");
    if (scroll) node.scrollIntoView({block: "center", behavior: "instant"});
    node.focus({preventScroll: true});
  }
  $("#flagpos").textContent = flagPosition(flagged());
  renderDetail();
}

function step(direction) {
  const flags = flagged();
  if (!flags.length) { toast("Nothing flagged in this transcript."); return; }
  const order = state.view.items;
  const at = order.findIndex((i) => i.id === state.current);
  const positions = flags.map((f) => order.indexOf(f));
  let next;
  if (direction > 0) next = positions.find((p) => p > at) ?? positions[0];
  else next = [...positions].reverse().find((p) => p < at) ?? positions[positions.length - 1];
  focusItem(order[next].id);
}

function categorySelect(selected, id) {
  return el("select", {id, "aria-label": "category"},
    state.view.categories.map((c) => el("option", {value: c, selected: c === selected}, c)));
}

function scopeBox() {
  return el("label", {class: "scope"}, el("input", {type: "checkbox", id: "study-wide"}),
    " Apply to every occurrence in the study");
}

function renderDetail() {
  const panel = $("#detail");
  if (!panel) return;
  const sel = state.selection;
  const item = state.current ? itemById(state.current) : null;
  if (sel) {
    fill(panel, el("h2", {}, "Redact selected text"),
      el("p", {class: "quote"}, sel.text),
      scopeBox(),
      el("div", {class: "row"}, categorySelect("NAME", "category"),
        el("button", {type: "button", id: "redact", onclick: () => decide("redact", sel)}, "Redact")),
      el("p", {class: "muted small"}, "Other occurrences in this transcript are redacted too."));
    return;
  }
  if (!item) {
    fill(panel, el("h2", {}, "Review"),
      el("p", {}, "Click a highlighted item to check it, or select words in the text to redact them."),
      el("dl", {class: "keys"},
        el("dt", {}, "n / p"), el("dd", {}, "next / previous flagged item"),
        el("dt", {}, "u"), el("dd", {}, "un-redact the focused redaction"),
        el("dt", {}, "r"), el("dd", {}, "redact the selection or focused miss"),
        el("dt", {}, "o"), el("dd", {}, "show originals / tags"),
        el("dt", {}, "Esc"), el("dd", {}, "clear")));
    return;
  }
  const context = el("p", {class: "quote"}, item.text);
  if (item.kind === "redaction") {
    const found = RECOGNIZERS[item.recognizer] || item.recognizer;
    fill(panel,
      el("h2", {}, el("span", {class: `chip cat-${item.category}`}, item.category), ` ${item.tag}`),
      context,
      el("p", {class: "small"}, `Found by ${found}, score ${item.score.toFixed(2)}.`,
        item.was ? ` Was ${item.was}.` : ""),
      item.low ? el("p", {class: "warning small"}, "Low confidence: is this really identifying?") : null,
      item.decision ? el("p", {class: "small"}, `Decision: ${describe(item.decision)}. `,
        el("button", {type: "button", class: "link", onclick: () => undo(item.decision)}, "Undo")) : null,
      scopeBox(),
      item.recognizer === "RosterRecognizer"
        ? el("p", {class: "muted small"}, "From the study's roster, which is redacted everywhere: ",
          "edit the roster to keep it visible.")
        : el("div", {class: "row"},
          el("button", {type: "button", id: "unredact", class: "secondary", onclick: () => unredact(item)},
            "Un-redact")),
      el("div", {class: "row"}, categorySelect(item.category, "category"),
        el("button", {type: "button", id: "recategorise", class: "secondary",
          onclick: () => decide("category", item)}, "Change category")),
      item.low ? dismissButton(item) : null);
  } else if (item.kind === "kept") {
    fill(panel, el("h2", {}, "Kept visible"), context,
      el("p", {class: "small"}, `${describe(item.decision)}.`),
      el("div", {class: "row"}, el("button", {type: "button", class: "secondary",
        onclick: () => undo(item.decision)}, "Undo: redact again")));
  } else {
    fill(panel, el("h2", {}, "Possible miss"), context,
      el("p", {class: "small"}, `Flagged: ${item.reasons.join(", ")}.`),
      scopeBox(),
      el("div", {class: "row"}, categorySelect("NAME", "category"),
        el("button", {type: "button", id: "redact", onclick: () => decide("redact", item)}, "Redact")),
      dismissButton(item),
      el("p", {class: "muted small"}, "Not identifying? Dismiss it (d), then move on with n."));
  }
}

function dismissButton(item) {
  if (!item.flag) return null;
  return el("div", {class: "row"}, el("button", {type: "button", id: "dismiss", class: "ghost",
    onclick: () => dismiss(item)}, item.dismissed ? "Open the flag again" : "Dismiss: looked at, nothing to do"));
}

function dismiss(item) {
  const name = reviewer();
  if (!name) return;
  act("dismiss", {id: item.flag, reviewer: name, undo: item.dismissed}, item.dismissed ? "Flag open again." : "Dismissed.");
}

function approvalPanel(v) {
  const a = v.approval;
  const text = {
    "pending": "Not approved yet.",
    "approved": a ? `Approved by ${a.reviewer} on ${a.time.replace("T", " ").slice(0, 16)} UTC.` : "",
    "changed since approval": a ? `Approved by ${a.reviewer}, but the de-identified text has changed since: look again.` : "",
  }[v.status];
  const left = v.open + v.check_open;
  return el("div", {class: "panel"}, el("h2", {}, "Approval"), el("p", {}, statusPill(v.status), " ", text),
    el("p", {id: "remaining", class: left ? "warning small" : "small"}, left
      ? `${left} flagged item(s) still to decide or dismiss: ${v.open} here, ${v.check_open} in the check view.`
      : "Every flagged item has been looked at."),
    v.check ? el("p", {class: "small"}, el("a", {href: `#/c/${encodeURIComponent(v.code)}`, id: "to-check"},
      `Check the words against the recording (${v.check})`)) : null,
    el("button", {type: "button", id: "approve", class: "primary",
      onclick: approve}, v.status === "approved" ? "Approve again" : "Approve transcript"),
    el("p", {class: "muted small"}, "Approving records your name, the time and what the export will contain."));
}

function decisionsPanel(v) {
  return el("div", {class: "panel"}, el("h2", {}, `Decisions (${v.decisions.length})`),
    v.decisions.length ? el("ul", {class: "decisions"}, v.decisions.map((d) => el("li", {},
      describe(d), " ", el("button", {type: "button", class: "link", onclick: () => undo(d)}, "Undo"))))
      : el("p", {class: "muted small"}, "None yet."),
    v.stale.length ? el("p", {class: "warning small"}, "No longer matching: ",
      v.stale.map((d) => `“${d.text}”`).join(", ")) : null);
}

async function act(path, body, done) {
  try {
    state.view = await api(`/api/transcripts/${encodeURIComponent(state.view.code)}/${path}`, body);
    state.selection = null;
    window.getSelection().removeAllRanges();
    renderTranscript();
    toast(done, "ok");
  } catch (error) {
    toast(error.message, "error");
  }
}

function decide(action, target) {
  const name = reviewer();
  if (!name) return;
  const category = $("#category") ? $("#category").value : "";
  const studyWide = $("#study-wide") ? $("#study-wide").checked : false;
  act("decisions", {
    action, category, reviewer: name, study_wide: studyWide,
    turn: target.turn, start: target.start, end: target.end, text: target.text,
  }, {unredact: "Un-redacted.", redact: "Redacted.", category: "Category changed."}[action]
    + (studyWide ? " (every occurrence in the study)" : ""));
  state.current = null;
}

function unredact(item) {
  // a reviewer's own redaction is lifted by undoing the decision that made it
  if (item.decision && item.decision.action === "redact") undo(item.decision);
  else decide("unredact", item);
}

function undo(decision) {
  const name = reviewer();
  if (!name) return;
  act("undo", {...decision, reviewer: name}, "Decision undone.");
  state.current = null;
}

function approve() {
  const name = reviewer();
  if (!name) return;
  act("approve", {reviewer: name}, "Transcript approved.");
}

// --- selecting text -------------------------------------------------------------------------------

function sourceOffset(p, node, offset) {
  // characters of the transcript before a point: every transcript character sits in exactly one
  // .src text node, in order; labels and tags are not counted
  const range = document.createRange();
  range.setStart(p, 0);
  range.setEnd(node, offset);
  let count = 0;
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (!range.intersectsNode(t)) break;
    if (!t.parentElement.classList.contains("src")) continue;
    count += t === node ? offset : t.length;
  }
  return count;
}

function onSelect() {
  const selection = window.getSelection();
  if (!state.view || selection.isCollapsed || !selection.rangeCount) return;
  const range = selection.getRangeAt(0);
  const para = (n) => (n.nodeType === 1 ? n : n.parentElement).closest("p.text");
  const p = para(range.startContainer);
  if (!p) return;
  if (p !== para(range.endContainer)) { toast("Select words within one turn.", "error"); return; }
  const turn = Number(p.dataset.turn);
  const text = state.view.turns[turn].text;
  let start = sourceOffset(p, range.startContainer, range.startOffset);
  let end = sourceOffset(p, range.endContainer, range.endOffset);
  const word = /[\w'’-]/;
  while (start > 0 && word.test(text[start - 1]) && word.test(text[start])) start--;
  while (end < text.length && word.test(text[end]) && end > 0 && word.test(text[end - 1])) end++;
  while (start < end && /[\s.,;:!?"“”()]/.test(text[start])) start++;
  while (end > start && /[\s.,;:!?"“”()]/.test(text[end - 1])) end--;
  if (end <= start) return;
  state.current = null;
  document.querySelectorAll(".item.current").forEach((n) => n.classList.remove("current"));
  state.selection = {turn, start, end, text: text.slice(start, end)};
  renderDetail();
}

// --- routing and keys -----------------------------------------------------------------------------

async function route() {
  const match = location.hash.match(/^#\/t\/(.+)$/);
  const checking = location.hash.match(/^#\/c\/(.+)$/);
  try {
    if (checking) {
      await showCheck(decodeURIComponent(checking[1]));
    } else if (match) {
      const code = decodeURIComponent(match[1]);
      if (!state.view || state.view.code !== code) { state.current = null; state.selection = null; }
      state.view = await api(`/api/transcripts/${encodeURIComponent(code)}`);
      renderTranscript();
    } else {
      await showOverview();
    }
  } catch (error) {
    fill($("#main"), el("p", {class: "warning"}, error.message));
  }
}

function onKey(event) {
  if (!state.view || event.ctrlKey || event.metaKey || event.altKey) return;
  if (["INPUT", "SELECT", "TEXTAREA"].includes(event.target.tagName)) return;
  const item = state.current ? itemById(state.current) : null;
  const keys = {
    n: () => step(1), j: () => step(1), p: () => step(-1), k: () => step(-1),
    o: () => { state.originals = !state.originals; $("#originals").checked = state.originals; applyMode(); },
    u: () => item && item.kind === "redaction" && unredact(item),
    d: () => item && item.flag && dismiss(item),
    r: () => (state.selection ? decide("redact", state.selection)
      : item && item.kind === "miss" && decide("redact", item)),
    Escape: () => { state.current = null; state.selection = null; focusItem(""); },
  };
  if (keys[event.key]) { event.preventDefault(); keys[event.key](); }
}

document.addEventListener("DOMContentLoaded", () => {
  const input = $("#reviewer");
  input.value = localStorage.getItem("qualscribe.reviewer") || "";
  input.addEventListener("input", () => localStorage.setItem("qualscribe.reviewer", input.value.trim()));
  document.addEventListener("keydown", onKey);
  document.addEventListener("mouseup", (e) => { if (e.target.closest && e.target.closest(".transcript")) setTimeout(onSelect, 0); });
  document.addEventListener("click", (e) => {
    const node = e.target.closest && e.target.closest(".item");
    if (node && window.getSelection().isCollapsed) focusItem(node.dataset.id, false);
  });
  window.addEventListener("hashchange", route);
  route();
});
