// qualscribe review page: the shared state and helpers every other script uses. No framework and
// nothing loaded from elsewhere: the page must work offline and shows originals, so every bit of
// transcript text goes into the DOM as text, never HTML.
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
