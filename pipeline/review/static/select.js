// qualscribe review page: text selected with the mouse, turned into a span of one turn's text to redact.
"use strict";

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
