// qualscribe review page: a transcript with its redactions, possible misses and side panels, drawn
// from the /api/transcripts/<code> view.
"use strict";

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
