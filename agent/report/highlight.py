"""Mark evidence quotes inside transcript text, escaping everything else.

Each quote becomes `<mark id="ev-Q-N">` with a link back to its question card. Marks
cannot nest, so a quote overlapping an earlier one keeps its anchor as an empty span
at the start of the earlier mark: every "see in transcript" link still lands.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Quote:
    text: str
    anchor: str  # id of the <mark>
    card: str  # id of the question card to link back to


def highlight(content: str, quotes: list[Quote], back_label: str) -> str:
    spans: list[tuple[int, int, Quote]] = []
    for quote in quotes:
        start = content.find(quote.text)
        if start >= 0 and quote.text:
            spans.append((start, start + len(quote.text), quote))
    spans.sort(key=lambda s: (s[0], -s[1]))
    merged: list[tuple[int, int, list[Quote]]] = []
    for start, end, quote in spans:
        if merged and start < merged[-1][1]:
            merged[-1][2].append(quote)  # overlaps: share the earlier mark
        else:
            merged.append((start, end, [quote]))
    out: list[str] = []
    pos = 0
    for start, end, group in merged:
        out.append(escape(content[pos:start]))
        first, extra = group[0], group[1:]
        anchors = "".join(f'<span id="{escape(q.anchor)}"></span>' for q in extra)
        back = "".join(
            f'<a class="back" href="#{escape(q.card)}">{escape(back_label)}</a>' for q in group
        )
        out.append(
            f'<mark id="{escape(first.anchor)}">{anchors}{escape(content[start:end])}{back}</mark>'
        )
        pos = end
    out.append(escape(content[pos:]))
    return "".join(out)
