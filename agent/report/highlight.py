"""Find evidence quotes inside transcript text, for the template to mark.

Each quote becomes `<mark id="ev-Q-N">` with a link back to its question card. Marks
cannot nest, so a quote overlapping an earlier one shares the earlier mark (its anchor
goes at the mark's start): every "see in transcript" link still lands.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quote:
    text: str
    anchor: str  # id of the <mark>
    card: str  # id of the question card to link back to


def highlight(content: str, quotes: list[Quote]) -> list[tuple[str, list[Quote]]]:
    """``content`` cut into (text, quotes) runs: plain text has none, a mark one or more."""
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
    runs: list[tuple[str, list[Quote]]] = []
    pos = 0
    for start, end, group in merged:
        runs += [(content[pos:start], []), (content[start:end], group)]
        pos = end
    runs.append((content[pos:], []))
    return runs
