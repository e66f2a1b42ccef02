"""Inline CSS for the report. Logical properties (inline-start/end) so RTL just flips."""

CSS = """
:root {
  --ink: #1d2330; --muted: #5f6b7a; --line: #e3e7ee; --bg: #f5f7fa; --card: #fff;
  --good: #1f8a4c; --mid: #b7791f; --bad: #c53030; --none: #718096; --accent: #2b6cb0;
  --mark: #fff1a8; --mark-focus: #ffd84d;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic",
  Tahoma, Arial, sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 28px; margin: 0; }
h2 { font-size: 19px; margin: 0 0 12px; }
h3 { font-size: 15px; margin: 0 0 6px; }
a { color: var(--accent); }
.top { display: flex; justify-content: space-between; align-items: center; gap: 16px;
  background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 20px 24px; }
.sub { color: var(--muted); margin: 4px 0 0; }
.verdict { text-align: center; min-width: 150px; border-radius: 10px; padding: 10px 16px;
  color: #fff; }
.verdict .rating { font-size: 34px; font-weight: 700; line-height: 1.1; }
.verdict .rating small { font-size: 15px; opacity: .85; }
.verdict .rec { font-weight: 600; text-transform: uppercase; letter-spacing: .04em;
  font-size: 13px; }
.rec-advance { background: var(--good); } .rec-hold { background: var(--mid); }
.rec-reject { background: var(--bad); }
nav { margin: 14px 0; display: flex; gap: 14px; flex-wrap: wrap; font-size: 14px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 12px;
  padding: 18px 22px; margin-top: 16px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(230px, 1fr)); gap: 14px; }
.meta { display: flex; flex-wrap: wrap; gap: 6px 18px; color: var(--muted); font-size: 13px;
  margin-top: 10px; }
.chip { display: inline-block; border-radius: 999px; padding: 1px 10px; font-size: 12px;
  background: #edf2f7; color: var(--ink); margin-inline-end: 6px; white-space: nowrap; }
.chip.flag { background: #fff5f5; color: var(--bad); border: 1px solid #fed7d7; }
.chip.info { background: #ebf8ff; color: var(--accent); }
.fit-strong { background: var(--good); color: #fff; }
.fit-moderate { background: var(--mid); color: #fff; }
.fit-weak { background: var(--bad); color: #fff; }
.fit-unknown { background: var(--none); color: #fff; }
.cat { border: 1px solid var(--line); border-radius: 10px; padding: 12px; }
.cat .num { font-size: 22px; font-weight: 700; }
.cat.na { opacity: .6; }
.bar { height: 8px; border-radius: 4px; background: #edf2f7; overflow: hidden; margin: 6px 0 8px; }
.bar span { display: block; height: 100%; background: var(--accent); }
.cat p, .muted { color: var(--muted); font-size: 13px; margin: 0; }
ul.tight { margin: 6px 0 0; padding-inline-start: 20px; }
ul.tight li { margin: 4px 0; }
.ev { color: var(--muted); font-style: italic; }
.qcard { border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; margin-top: 12px;
  border-inline-start: 5px solid var(--accent); }
.qcard.s5, .qcard.s4 { border-inline-start-color: var(--good); }
.qcard.s3 { border-inline-start-color: var(--mid); }
.qcard.s2, .qcard.s1 { border-inline-start-color: var(--bad); }
.qcard.unasked { border-inline-start-color: var(--none); opacity: .65; }
.qhead { display: flex; justify-content: space-between; gap: 12px; align-items: baseline; }
.score { font-weight: 700; white-space: nowrap; }
.pips { letter-spacing: 2px; color: var(--mid); }
.rubric { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; font-size: 13px;
  margin-top: 8px; }
.ok::before { content: "✓ "; color: var(--good); font-weight: 700; }
.miss::before { content: "✗ "; color: var(--bad); font-weight: 700; }
blockquote { margin: 8px 0 0; padding: 6px 12px; background: #fffbea; border-radius: 6px;
  border-inline-start: 3px solid var(--mark-focus); }
blockquote a { font-size: 12px; margin-inline-start: 8px; white-space: nowrap; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
th, td { text-align: start; padding: 7px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12px; text-transform: uppercase; }
.turn { display: grid; grid-template-columns: 64px 110px 1fr; gap: 10px; padding: 7px 0;
  border-bottom: 1px dashed var(--line); }
.turn time { color: var(--muted); font-variant-numeric: tabular-nums; font-size: 13px; }
.who { font-weight: 600; font-size: 13px; }
.turn.candidate .who { color: var(--accent); }
.turn.interviewer .who { color: var(--muted); }
.turn.interviewer .said { color: #3c4656; }
mark { background: var(--mark); border-radius: 3px; padding: 0 2px; }
mark:target { background: var(--mark-focus); outline: 2px solid var(--mid); }
mark a.back { font-size: 11px; text-decoration: none; margin-inline-start: 4px; }
.qcard:target { box-shadow: 0 0 0 3px #bee3f8; }
footer { color: var(--muted); font-size: 12px; margin-top: 20px; text-align: center; }
@media (max-width: 700px) { .turn { grid-template-columns: 54px 1fr; }
.turn .said { grid-column: 1 / -1; }
  .rubric { grid-template-columns: 1fr; } .top { flex-direction: column; align-items: stretch; } }
@media print { body { background: #fff; } section, .top { break-inside: avoid-page; }
nav { display: none; } }
"""
