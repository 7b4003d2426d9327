// qualscribe review page: the focused item's panel and the reviewer's actions on it (redact,
// un-redact, recategorise, dismiss, undo, approve), each saved by the server before it shows.
"use strict";

const RECOGNIZERS = {
  RosterRecognizer: "the study's roster",
  SpacyRecognizer: "spaCy named entities",
  propagated: "another occurrence of a found original",
  reviewer: "a reviewer",
};

function categorySelect(selected, id) {
  return el("select", {id, "aria-label": "category"},
    state.view.categories.map((c) => el("option", {value: c, selected: c === selected}, c)));
}

function scopeBox() {
  return el("label", {class: "scope"}, el("input", {type: "checkbox", id: "study-wide"}),
    " Apply to every occurrence in the study");
}

function renderDetail() {
  // the panel beside the text: the selection to redact, the focused item, or how to begin
  const panel = $("#detail");
  if (!panel) return;
  const item = state.current ? itemById(state.current) : null;
  if (state.selection) fill(panel, selectionDetail(state.selection));
  else if (!item) fill(panel, startDetail());
  else if (item.kind === "redaction") fill(panel, redactionDetail(item));
  else if (item.kind === "kept") fill(panel, keptDetail(item));
  else fill(panel, missDetail(item));
}

function selectionDetail(sel) {
  return [el("h2", {}, "Redact selected text"),
    el("p", {class: "quote"}, sel.text),
    scopeBox(),
    el("div", {class: "row"}, categorySelect("NAME", "category"),
      el("button", {type: "button", id: "redact", onclick: () => decide("redact", sel)}, "Redact")),
    el("p", {class: "muted small"}, "Other occurrences in this transcript are redacted too.")];
}

function startDetail() {
  return [el("h2", {}, "Review"),
    el("p", {}, "Click a highlighted item to check it, or select words in the text to redact them."),
    el("dl", {class: "keys"},
      el("dt", {}, "n / p"), el("dd", {}, "next / previous flagged item"),
      el("dt", {}, "u"), el("dd", {}, "un-redact the focused redaction"),
      el("dt", {}, "r"), el("dd", {}, "redact the selection or focused miss"),
      el("dt", {}, "o"), el("dd", {}, "show originals / tags"),
      el("dt", {}, "Esc"), el("dd", {}, "clear"))];
}

function redactionDetail(item) {
  const found = RECOGNIZERS[item.recognizer] || item.recognizer;
  return [
    el("h2", {}, el("span", {class: `chip cat-${item.category}`}, item.category), ` ${item.tag}`),
    el("p", {class: "quote"}, item.text),
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
    item.low ? dismissButton(item) : null,
  ];
}

function keptDetail(item) {
  return [el("h2", {}, "Kept visible"), el("p", {class: "quote"}, item.text),
    el("p", {class: "small"}, `${describe(item.decision)}.`),
    el("div", {class: "row"}, el("button", {type: "button", class: "secondary",
      onclick: () => undo(item.decision)}, "Undo: redact again"))];
}

function missDetail(item) {
  return [el("h2", {}, "Possible miss"), el("p", {class: "quote"}, item.text),
    el("p", {class: "small"}, `Flagged: ${item.reasons.join(", ")}.`),
    scopeBox(),
    el("div", {class: "row"}, categorySelect("NAME", "category"),
      el("button", {type: "button", id: "redact", onclick: () => decide("redact", item)}, "Redact")),
    dismissButton(item),
    el("p", {class: "muted small"}, "Not identifying? Dismiss it (d), then move on with n.")];
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
