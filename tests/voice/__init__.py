"""Tests of the speech engines; `wer` is shared by the round-trip tests."""

from __future__ import annotations

import re

# whisper writes "you're" for "you are" and vice versa: count both as the same words
_CONTRACTIONS = {
    "i'm": "i am", "you're": "you are", "we're": "we are", "they're": "they are",
    "it's": "it is", "that's": "that is", "i've": "i have", "we've": "we have",
    "i'd": "i would", "i'll": "i will", "don't": "do not", "didn't": "did not",
    "can't": "can not", "cannot": "can not", "won't": "will not", "isn't": "is not",
}  # fmt: skip


def words(text: str) -> list[str]:
    """Lowercase words without punctuation or contractions, so formatting does not count."""
    text = re.sub(r"[’`]", "'", text.lower())
    text = re.sub(r"[^\w\s']", " ", text)
    return " ".join(_CONTRACTIONS.get(w, w) for w in text.split()).replace("'", "").split()


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate: word-level edit distance / reference length."""
    ref, hyp = words(reference), words(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        prev, row[0] = row[:], i
        for j, h in enumerate(hyp, start=1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (r != h))
    return row[-1] / max(len(ref), 1)
