// qualscribe transcript check: playback, the word being spoken, keys, and the checker's actions.
"use strict";

async function showCheck(code) {
  if (!check.view || check.view.code !== code) { check.sel = null; check.flag = null; }
  const view = await api(`/api/check/${encodeURIComponent(code)}`);
  if (location.hash !== `#/c/${encodeURIComponent(code)}`) return;  // moved on while it loaded
  check.view = view;
  state.view = null;
  renderCheck();
}

async function checkAct(path, body, done) {
  const name = reviewer();
  if (!name) return;
  try {
    check.view = await api(`/api/check/${encodeURIComponent(check.view.code)}/${path}`, {...body, checker: name});
    check.sel = null;
    renderCheck();
    toast(done, "ok");
  } catch (error) {
    toast(error.message, "error");
  }
}

function refs(sel) {
  const out = [];
  for (let k = sel.from; k <= sel.to; k++) out.push(wordRef(sel.t, k));
  return out;
}

function replaceWords(sel) {
  const text = $("#fix-text").value.trim();
  if (!text) { wordsAction("delete", sel); return; }
  checkAct("correct", {action: "replace", words: refs(sel), text}, "Corrected.");
}

function wordsAction(action, sel) {
  checkAct("correct", {action, words: refs(sel)}, action === "delete" ? "Deleted." : "Done.");
}

function insertAfter(sel) {
  const w = check.view.turns[sel.t].words[sel.to];
  const text = $("#fix-text").value.trim();
  insertAt(w[2], [w[1], w[2], w[0]], text);
}

function insertAt(at, after, text) {
  if (!text || !text.trim()) { toast("Type the words that were said first.", "error"); return; }
  checkAct("correct", {action: "insert", words: after ? [after] : [], text: text.trim(), at}, "Inserted.");
}

function structure(action, t, k) {
  checkAct("correct", {action, words: [wordRef(t, k)]}, action === "split" ? "Turn split." : "Turns joined.");
}

function moveTurn(t) {
  const label = $("#turn-speaker").value;
  checkAct("correct", {action: "speaker", words: [wordRef(t, 0)], text: label}, `Turn moved to ${speakerName(label)}.`);
}

function nameSpeaker(label) {
  const text = $(`#name-${CSS.escape(label)}`).value.trim();
  if (!text) { toast("Type a name first.", "error"); return; }
  checkAct("correct", {action: "name", speaker: label, text}, `${label} named.`);
}

function dismissFlag(flag) {
  checkAct("dismiss", {flag: flag.id, undo: flag.dismissed}, flag.dismissed ? "Flag open again." : "Dismissed.");
  check.flag = null;
}

function markChecked() {
  checkAct("checked", {}, "Marked checked.");
}

// --- playback -------------------------------------------------------------------------------------

function playFrom(seconds) {
  const audio = player();
  audio.currentTime = Math.max(0, seconds);
  audio.play().catch((e) => toast(`cannot play the recording: ${e.message}`, "error"));
  follow();
}

function togglePlay() {
  const audio = player();
  if (audio.paused) playFrom(audio.currentTime); else audio.pause();
}

function rate(direction) {
  const audio = player();
  const at = RATES.indexOf(RATES.reduce((a, b) => (Math.abs(b - audio.playbackRate) < Math.abs(a - audio.playbackRate) ? b : a)));
  audio.playbackRate = RATES[Math.min(RATES.length - 1, Math.max(0, at + direction))];
  $("#rate").textContent = `${audio.playbackRate}×`;
}

function spoken(time) {
  // the last word that starts at or before ``time`` (binary search over the words in time order)
  let lo = 0, hi = check.words.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (check.words[mid].start <= time) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found >= 0 && time <= check.words[found].end + 0.5 ? found : -1;
}

function follow() {
  cancelAnimationFrame(check.raf);
  const tick = () => {
    const audio = player();
    if (!audio) return;
    const at = spoken(audio.currentTime);
    if (at !== check.now) {
      if (check.now >= 0 && check.words[check.now]) check.words[check.now].node.classList.remove("now");
      if (at >= 0) {
        const node = check.words[at].node;
        node.classList.add("now");
        const box = node.getBoundingClientRect(), pane = $(".transcript").getBoundingClientRect();
        const hidden = box.top < pane.top + 110 || box.bottom > pane.bottom - 20;  // under the toolbar too
        if (hidden && !audio.paused) node.scrollIntoView({block: "center"});  // paused: the reader scrolls
      }
      check.now = at;
    }
    if (!$("#clock")) return;
    const length = check.view.duration || audio.duration || 1;
    $("#clock").textContent = `${clock(audio.currentTime)} / ${clock(length)}`;
    $("#seek-fill").style.width = `${Math.min(100, (100 * audio.currentTime) / length)}%`;
    $("#play").textContent = audio.paused ? "▶ Play" : "‖ Pause";
    if (!audio.paused) check.raf = requestAnimationFrame(tick);
  };
  check.raf = requestAnimationFrame(tick);
}

// --- choosing words and flags ---------------------------------------------------------------------

function onCheckClick(event) {
  const target = event.target;
  const seek = target.closest("#seek");
  if (seek) {
    const box = seek.getBoundingClientRect();
    playFrom(((event.clientX - box.left) / box.width) * check.view.duration);
    return;
  }
  const turnButton = target.closest(".play-turn");
  if (turnButton) { playFrom(check.view.turns[Number(turnButton.dataset.t)].start); return; }
  const gap = target.closest(".gap");
  if (gap) { focusFlag(gap.dataset.flag); playFrom(check.view.flags.find((f) => f.id === gap.dataset.flag).start); return; }
  const node = target.closest(".w[data-t]");
  if (!node) return;
  const t = Number(node.dataset.t), k = Number(node.dataset.k);
  if (event.shiftKey && check.sel && check.sel.t === t) {
    check.sel = {t, from: Math.min(check.sel.from, k), to: Math.max(check.sel.from, k)};
  } else {
    check.sel = {t, from: k, to: k};
  }
  const flags = flagsAt(t, k);
  check.flag = flags.length ? flags[0].id : null;
  markSelection();
  renderCheckDetail();
  playFrom(check.view.turns[t].words[k][1]);
}

function markSelection() {
  document.querySelectorAll(".check .w.sel").forEach((n) => n.classList.remove("sel"));
  if (!check.sel) return;
  const p = document.querySelector(`.check p.words[data-turn="${check.sel.t}"]`);
  for (let k = check.sel.from; k <= check.sel.to; k++) p.querySelector(`.w[data-k="${k}"]`).classList.add("sel");
  $("#flagpos").textContent = flagLabel();
}

function focusFlag(id) {
  check.flag = id;
  const flag = check.view.flags.find((f) => f.id === id);
  check.sel = flag && flag.word !== null ? {t: flag.turn, from: flag.word, to: flag.word} : null;
  markSelection();
  const node = flag && flag.word !== null
    ? document.querySelector(`.check .w[data-t="${flag.turn}"][data-k="${flag.word}"]`)
    : document.querySelector(`.check .gap[data-flag="${CSS.escape(id)}"]`);
  if (node) node.scrollIntoView({block: "center"});
  $("#flagpos").textContent = flagLabel();
  renderCheckDetail();
}

function stepFlag(direction) {
  const flags = check.view.flags;
  if (!flags.length) { toast("Nothing flagged in this transcript."); return; }
  const at = flags.findIndex((f) => f.id === check.flag);
  const next = at < 0 ? (direction > 0 ? 0 : flags.length - 1) : (at + direction + flags.length) % flags.length;
  focusFlag(flags[next].id);
  const flag = flags[next];
  player().currentTime = Math.max(0, flag.start - 1);  // a second of context before it
  follow();
}

function onCheckKey(event) {
  if (!check.view || !$(".check")) return false;
  if (event.ctrlKey && event.key === " ") { event.preventDefault(); togglePlay(); return true; }
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  if (["INPUT", "SELECT", "TEXTAREA"].includes(event.target.tagName)) {
    if (event.key === "Escape") event.target.blur();
    const enter = {"fix-text": "#replace", "insert-text": "#insert-gap"}[event.target.id];
    if (event.key === "Enter" && enter && $(enter)) { event.preventDefault(); $(enter).click(); }
    return true;
  }
  const flag = check.flag ? check.view.flags.find((f) => f.id === check.flag) : null;
  const keys = {
    " ": togglePlay,
    b: () => { player().currentTime = Math.max(0, player().currentTime - 3); follow(); },
    ",": () => rate(-1), ".": () => rate(1), "<": () => rate(-1), ">": () => rate(1),
    n: () => stepFlag(1), p: () => stepFlag(-1),
    d: () => flag && dismissFlag(flag),
    e: () => $("#fix-text") && $("#fix-text").focus(),
    Escape: () => { check.sel = null; check.flag = null; markSelection(); renderCheckDetail(); },
  };
  if (keys[event.key]) { event.preventDefault(); keys[event.key](); }
  return true;
}

document.addEventListener("click", (e) => { if (check.view && e.target.closest && e.target.closest(".check .transcript")) onCheckClick(e); });
document.addEventListener("keydown", (e) => { if (onCheckKey(e)) e.stopImmediatePropagation(); }, true);
document.addEventListener("mouseover", (e) => {
  const node = check.view && e.target.closest && e.target.closest(".check .w[data-t]");
  if (node && !node.title) node.title = wordTitle(node);
});
document.addEventListener("play", () => follow(), true);
document.addEventListener("seeked", () => follow(), true);
