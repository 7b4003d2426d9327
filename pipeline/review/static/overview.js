// qualscribe review page: the study overview, every transcript with its status and counts.
"use strict";

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
