// qualscribe transcript check: hear every passage, correct words and speakers. Uses the helpers of
// page.js (el, fill, api, toast, reviewer, clock). Transcript text goes into the DOM as text.
"use strict";

const check = {
  view: null,       // /api/check/<code>
  words: [],        // every word in time order: {t, k, start, end, node}
  sel: null,        // {t, from, to}: the selected stretch of one turn (word indexes)
  flag: null,       // id of the focused flag
  now: -1,          // index in words of the word being spoken
  raf: 0,
};
const CHECK_STATUS = {"unchecked": "pending", "checked": "approved", "changed since check": "changed"};
const ATTACHED = /^[-,.?!:;…)\]}%]/;
const RATES = [0.5, 0.6, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];
const FLAG_HELP = {
  "uncertain word": "The recogniser was unsure of it. Listen: correct it below if it is wrong, dismiss it if it is right.",
  "word in silence": "No speech was heard around it: it may never have been said. Delete it below if so, else dismiss it.",
  "speech without words": "Speech was heard here but no words written: type what was said and insert it, or dismiss it.",
};

function player() { return $("#player"); }

function wordRef(t, k) {
  const w = check.view.turns[t].words[k];
  return [w[1], w[2], w[0]];
}

function indexFlags() {
  // the flags by word ("t:k") and the gaps by turn, once per view: looking them up word by word in the
  // list of every flag made a 90-minute transcript take a tenth of a second longer to draw
  check.byWord = new Map();
  check.gaps = new Map();
  for (const f of check.view.flags) {
    const [index, key] = f.word === null ? [check.gaps, f.turn] : [check.byWord, `${f.turn}:${f.word}`];
    if (!index.has(key)) index.set(key, []);
    index.get(key).push(f);
  }
}

function flagsAt(t, k) {
  return check.byWord.get(`${t}:${k}`) || [];
}

function speakerName(label) {
  return (check.view.names && check.view.names[label]) || label;
}

function wordNode(t, k, w) {
  // the page's commonest node (15,000 in 90 minutes), so made without el(); its tooltip is written
  // when the pointer first reaches it (wordTitle)
  const flags = flagsAt(t, k);
  let classes = "w";
  if (flags.some((f) => f.kind === "uncertain word")) classes += " low";
  if (flags.some((f) => f.kind === "word in silence")) classes += " silent";
  if (flags.length && flags.every((f) => f.dismissed)) classes += " seen";
  if (w[4] !== null) classes += " fixed";
  const node = document.createElement("span");
  node.className = classes;
  node.dataset.t = t;
  node.dataset.k = k;
  node.textContent = w[0];
  return node;
}

function wordTitle(node) {
  const t = Number(node.dataset.t), k = Number(node.dataset.k);
  const w = check.view.turns[t].words[k];
  const flags = flagsAt(t, k).map((f) => f.kind + (f.dismissed ? " (looked at)" : ""));
  const by = w[4] !== null ? ["corrected"] : [`recogniser's confidence ${Math.round(w[3] * 100)}%`];
  return [clock(w[1]), ...by, ...flags, "click to play from here"].join(" · ");
}

function gapNode(f) {
  return el("span", {class: `gap${f.dismissed ? " seen" : ""}`, dataset: {flag: f.id}, title: "speech detected, no words"},
    `[speech without words ${(f.end - f.start).toFixed(1)} s]`);
}

function turnNode(turn, t) {
  const p = el("p", {class: "words", dataset: {turn: t}});
  const gaps = [...(check.gaps.get(t) || [])];
  turn.words.forEach((w, k) => {
    while (gaps.length && gaps[0].start < w[1] && k > 0) p.append(" ", gapNode(gaps.shift()));
    // no space before a continuation ("Mm" "-hmm.") or punctuation, as the recogniser wrote it
    if (k > 0 && !ATTACHED.test(w[0])) p.append(" ");
    p.append(wordNode(t, k, w));
  });
  gaps.forEach((g) => p.append(gapNode(g)));
  return el("div", {class: `turn ${turn.role || "unknown"}`, dataset: {turn: t}},
    el("div", {class: "who"},
      el("b", {}, speakerName(turn.speaker)),
      el("button", {type: "button", class: "link play-turn", title: "play this turn", dataset: {t}}, `▶ ${clock(turn.start)}`)),
    p);
}

function renderCheck() {
  const v = check.view;
  indexFlags();
  fill($("#crumbs"), el("a", {href: "#/"}, "Transcripts"), el("span", {}, " / "),
    el("span", {}, `${v.code} · check`));
  const old = $(".transcript");
  const scroll = old ? old.scrollTop : 0;
  const audio = player() && player().dataset.code === v.code ? player()
    : el("audio", {id: "player", src: v.audio, preload: "metadata", dataset: {code: v.code}});
  fill($("#main"), el("div", {class: "workspace check"},
    el("section", {class: "transcript", "aria-label": `Check ${v.code}`},
      checkToolbar(v, audio),
      el("div", {class: "legend"},
        el("span", {class: "stats", id: "remaining"}, `${v.open} of ${v.flags.length} places to listen still open`),
        el("span", {class: "w low key"}, "uncertain word"), el("span", {class: "w silent key"}, "word in silence"),
        el("span", {class: "gap key"}, "speech without words"), el("span", {class: "w fixed key"}, "corrected"),
        el("span", {class: "w now key"}, "playing"),
        v.speech_known ? null : el("span", {class: "muted small"}, "(no speech regions yet: run again to find gaps)")),
      v.corrections.some((c) => c.stale) ? el("p", {class: "warning"},
        "Some corrections no longer match the words (re-transcribed?): see the list, redo or undo them.") : null,
      el("div", {class: "turns"}, v.turns.map(turnNode))),
    el("aside", {class: "side"}, el("div", {id: "cdetail", class: "panel"}), audio,
      checkedPanel(v), speakersPanel(v), correctionsPanel(v))));
  $(".transcript").scrollTop = scroll;
  indexWords();
  renderCheckDetail();
  follow();  // the clock, the position bar and the word being spoken, as they were before the redraw
}

function checkToolbar(v, audio) {
  // where playback is: the clock against the whole recording, and a bar to click to play from there
  return el("div", {class: "toolbar"},
    el("h1", {}, v.code), el("span", {class: `pill ${CHECK_STATUS[v.status] || ""}`}, v.status),
    el("button", {type: "button", id: "play", title: "play / pause (space)", onclick: togglePlay}, "▶ Play"),
    el("span", {id: "clock", class: "clock"}, `${clock(audio.currentTime)} / ${clock(v.duration)}`),
    el("button", {type: "button", class: "ghost", id: "slower", title: "slower ( , )", onclick: () => rate(-1)}, "−"),
    el("span", {id: "rate", class: "rate"}, `${audio.playbackRate}×`),
    el("button", {type: "button", class: "ghost", id: "faster", title: "faster ( . )", onclick: () => rate(1)}, "+"),
    el("span", {class: "spacer"}),
    el("button", {type: "button", class: "ghost", id: "prev", onclick: () => stepFlag(-1), title: "previous place to listen (p)"}, "◀ Prev"),
    el("span", {class: "flagpos", id: "flagpos"}, flagLabel()),
    el("button", {type: "button", class: "ghost", id: "next", onclick: () => stepFlag(1), title: "next place to listen (n)"}, "Next ▶"),
    el("div", {id: "seek", class: "seek", title: "where playback is in the recording: click to play from there"},
      el("div", {id: "seek-fill"})));
}

function indexWords() {
  check.words = [];
  document.querySelectorAll(".check .w[data-t]").forEach((node) => {
    const t = Number(node.dataset.t), k = Number(node.dataset.k);
    const w = check.view.turns[t].words[k];
    check.words.push({t, k, start: w[1], end: w[2], node});
  });
  check.words.sort((a, b) => a.start - b.start);
  check.now = -1;
}

function flagLabel() {
  const flags = check.view.flags;
  const at = flags.findIndex((f) => f.id === check.flag);
  return flags.length ? `${at >= 0 ? at + 1 : "–"} of ${flags.length} to listen` : "nothing flagged";
}

function checkedPanel(v) {
  const who = v.check ? `by ${v.check.checker}, ${v.check.time.replace("T", " ").slice(0, 16)}` : "";
  return el("div", {class: "panel"}, el("h2", {}, "Check"),
    el("p", {}, el("span", {class: `pill ${CHECK_STATUS[v.status] || ""}`}, v.status), " ", who),
    el("button", {type: "button", id: "mark-checked", class: "primary", onclick: markChecked},
      v.status === "checked" ? "Mark checked again" : "Mark transcript checked"),
    el("p", {class: "muted small"}, "Corrections are applied by the next run, before cleaning and de-identification."));
}

function speakersPanel(v) {
  return el("div", {class: "panel"}, el("h2", {}, "Speakers"),
    v.speakers.map((label) => el("div", {class: "row"},
      el("label", {class: "small", for: `name-${label}`}, label),
      el("input", {id: `name-${label}`, value: v.names[label] || "", placeholder: "name shown", class: "grow"}),
      el("button", {type: "button", class: "secondary", onclick: () => nameSpeaker(label)}, "Name"))),
    el("p", {class: "muted small"}, "A participant's turns are exported under their code whatever their name here."));
}

function describeCorrection(c) {
  const words = c.words.map((w) => w[2]).join(" ");
  return {
    replace: `“${words}” → “${c.text}”`, delete: `deleted “${words}”`,
    insert: `inserted “${c.text}” at ${clock(c.at)}`, speaker: `turn “${words}…” → ${c.text}`,
    split: `new turn at “${words}”`, merge: `turn “${words}…” joined to the one before`,
    name: `${c.speaker} named ${c.text}`,
  }[c.action] + ` (${c.checker})`;
}

function correctionsPanel(v) {
  return el("div", {class: "panel"}, el("h2", {}, `Corrections (${v.corrections.length})`),
    v.corrections.length ? el("ul", {class: "decisions", id: "corrections"}, v.corrections.map((c) =>
      el("li", {class: c.stale ? "stale" : ""}, describeCorrection(c), c.stale ? " — no longer matching " : " ",
        el("button", {type: "button", class: "link", onclick: () => checkAct("undo", {index: c.index}, "Correction undone.")}, "Undo"))))
      : el("p", {class: "muted small"}, "None yet."));
}

function renderCheckDetail() {
  const panel = $("#cdetail");
  if (!panel) return;
  const sel = check.sel;
  const flag = check.flag ? check.view.flags.find((f) => f.id === check.flag) : null;
  if (!sel && !flag) {
    fill(panel, el("h2", {}, "Listen and correct"),
      el("p", {}, "Click a word to play from it; shift-click another word of the turn to select a stretch."),
      el("dl", {class: "keys"},
        el("dt", {}, "space"), el("dd", {}, "play / pause (ctrl+space while typing)"),
        el("dt", {}, "b"), el("dd", {}, "back 3 seconds"),
        el("dt", {}, ", / ."), el("dd", {}, "slower / faster"),
        el("dt", {}, "n / p"), el("dd", {}, "next / previous place to listen"),
        el("dt", {}, "d"), el("dd", {}, "dismiss the focused flag (nothing to correct)"),
        el("dt", {}, "e"), el("dd", {}, "edit the selected words")));
    return;
  }
  const parts = [];
  if (flag) {
    const sure = flag.word === null ? "" : ` · confidence ${Math.round(check.view.turns[flag.turn].words[flag.word][3] * 100)}%`;
    parts.push(el("h2", {class: "flag-kind"}, flag.kind[0].toUpperCase() + flag.kind.slice(1)),
      el("p", {class: "small"}, `${clock(flag.start)}–${clock(flag.end)}${sure}`, flag.dismissed ? " · looked at" : ""),
      el("p", {class: "small"}, FLAG_HELP[flag.kind]),
      el("button", {type: "button", id: "dismiss", class: "secondary", onclick: () => dismissFlag(flag)},
        flag.dismissed ? "Open again" : "Dismiss: nothing to correct"));
    if (flag.kind === "speech without words") parts.push(insertForm(flag.start, null));
  }
  if (sel) parts.push(...selectionForm(sel));
  fill(panel, ...parts);
}

function selectionForm(sel) {
  const turn = check.view.turns[sel.t];
  const words = turn.words.slice(sel.from, sel.to + 1).map((w) => w[0]).join(" ");
  return [
    el("h2", {}, sel.from === sel.to ? "Correct this word" : `Correct these ${sel.to - sel.from + 1} words`),
    el("p", {class: "quote"}, words),
    el("div", {class: "row"}, el("input", {id: "fix-text", class: "grow", value: words, "aria-label": "what was said"}),
      el("button", {type: "button", id: "replace", onclick: () => replaceWords(sel)}, "Replace")),
    el("p", {class: "muted small"}, "Type what was said, then Enter. Shift-click a later word of the turn to take in more."),
    el("div", {class: "actions"},
      el("button", {type: "button", id: "delete", class: "secondary", title: "the selected words were never said",
        onclick: () => wordsAction("delete", sel)}, "Delete: not said"),
      el("button", {type: "button", id: "insert", class: "secondary", title: "insert the words typed above after the selection",
        onclick: () => insertAfter(sel)}, "Insert typed after"),
      el("button", {type: "button", id: "split", class: "secondary", title: "a new turn starts at the first selected word",
        onclick: () => structure("split", sel.t, sel.from)}, "New turn here"),
      el("button", {type: "button", id: "merge", class: "secondary", title: "this turn joins the one before it",
        onclick: () => structure("merge", sel.t, 0)}, "Join turn before")),
    el("div", {class: "row"}, el("label", {class: "small", for: "turn-speaker"}, "Turn by"),
      el("select", {id: "turn-speaker"}, check.view.speakers.map((s) => el("option", {value: s, selected: s === turn.speaker}, speakerName(s)))),
      el("button", {type: "button", id: "move-speaker", class: "secondary", onclick: () => moveTurn(sel.t)}, "Change speaker")),
  ];
}

function insertForm(at, after) {
  return el("div", {class: "row"}, el("input", {id: "insert-text", class: "grow", placeholder: "the words said here"}),
    el("button", {type: "button", id: "insert-gap", onclick: () => insertAt(at, after, $("#insert-text").value)}, "Insert"));
}
