// qualscribe review page: routing between the views, moving between flagged items, keys, start-up.
"use strict";

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
