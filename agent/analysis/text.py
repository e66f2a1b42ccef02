"""Text normalisation shared by extraction, matching and evaluation (English and Arabic).

Matching runs on a normalised copy of the text (lower case, Western digits, Arabic
letters folded to one form, common attached prefixes removed) so that "Postgres",
"POSTGRES" and "بوستجرس" all meet the same alias table. Evidence shown to people
always comes from the original text, never from the normalised copy.
"""

from __future__ import annotations

import re

from agent.content import text as content_text

# Arabic-Indic and Persian digits -> ASCII, so "٧ سنوات" parses like "7 years".
_EASTERN_DIGITS, _ASCII_DIGITS = "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2
_DIGITS = str.maketrans(_EASTERN_DIGITS, _ASCII_DIGITS)
# Digits plus letter variants that spelling treats as interchangeable; folding them makes
# "إدارة" == "ادارة", "الآلي" == "الالي", "٧" == "7" and "I’d" == "I'd".
_FOLD = str.maketrans(_EASTERN_DIGITS + "أإآٱىةؤئ’", _ASCII_DIGITS + "اااايهوي'")
_AR_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat, dagger alef, tatweel
_ARABIC = re.compile("[\u0600-\u06ff]")

# Latin tokens keep "+", "#" and inner dots ("c++", "c#", "node.js", ".net"); Arabic
# tokens are runs of Arabic letters. Splitting on the script change separates "بـPython".
_TOKEN = re.compile(
    r"\.?[a-z0-9\u00c0-\u024f][a-z0-9\u00c0-\u024f+#]*(?:\.[a-z0-9][a-z0-9+#]*)*|[\u0621-\u064a]+"
)
# Attached Arabic prefixes ("and the", "with the", "for the", "the", "and").
_AR_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", "و")

_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+|\n+")


def normalize_digits(text: str) -> str:
    return text.translate(_DIGITS)


def normalize(text: str) -> str:
    """Lower-cased, digit- and letter-folded copy for matching only."""
    if text.isascii():  # the common case, and ~10x faster than the translations
        return text.lower()
    return _AR_MARKS.sub("", text.lower().translate(_FOLD))


def has_arabic(text: str) -> bool:
    return _ARABIC.search(text) is not None


def arabic_token(token: str) -> bool:
    return "\u0621" <= token[0] <= "\u064a"


def _strip_prefix(token: str) -> str:
    if arabic_token(token):
        for prefix in _AR_PREFIXES:
            if token.startswith(prefix) and len(token) - len(prefix) >= 3:
                return token[len(prefix) :]
    return token


def tokens(text: str) -> list[str]:
    """Matching tokens of `text` (normalises it first)."""
    return [_strip_prefix(t) for t in _TOKEN.findall(normalize(text))]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in `text`, so quotes stay verbatim."""
    ends = [*(m.span() for m in _SENTENCE_END.finditer(text)), (len(text), len(text))]
    out: list[tuple[int, int]] = []
    start = 0
    for end, after in ends:
        piece = text[start:end]
        a, b = start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())
        if b > a:
            out.append((a, b))
        start = after
    return out


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def clip(text: str, limit: int) -> str:
    """`text` on one line, cut at a word boundary to at most `limit` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def join_names(names: list[str], language: str, limit: int = 4) -> str:
    """ "A, B and C" / "أ، ب وج"; past `limit` names: "A, B, C and 2 more"."""
    if not names:
        return ""
    shown = names[:limit]
    more = len(names) - len(shown)
    if language == "ar":
        if more:
            return "، ".join(shown) + " وغيرها"
        # "و" attaches to an Arabic word; before a Latin name a space reads better.
        last = shown[-1]
        conj = " و" + last if has_arabic(last[:1]) else " و " + last
        return "، ".join(shown[:-1]) + conj if len(shown) > 1 else last
    if more:
        return ", ".join(shown) + f" and {more} more"
    return ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]


# (English singular, English plural, Arabic: one, two, 3-10, 11-99, 100s); Arabic counted
# nouns agree with the number: "دقيقة واحدة", "دقيقتين", "8 دقائق", "15 دقيقة", "100 دقيقة".
_UNITS = {
    "minute": ("minute", "minutes", "دقيقة واحدة", "دقيقتين", "دقائق", "دقيقة", "دقيقة"),
    "year": ("year", "years", "سنة واحدة", "سنتين", "سنوات", "سنة", "سنة"),
    "month": ("month", "months", "شهر واحد", "شهرين", "أشهر", "شهرًا", "شهر"),
}


def count(language: str, n: float, unit: str) -> str:
    """ "8 minutes" / "8 دقائق": `n` with its noun in the number and case it takes.

    Arabic duals stand in the genitive/accusative ("حوالي دقيقتين", "خبرة سنتين"), the
    cases every sentence here puts them in. Fractions take the singular ("2.5 سنة").
    """
    en_one, en_many, one, two, few, many, hundreds = _UNITS[unit]
    shown = int(n) if n == int(n) else n
    if language != "ar":
        return f"{shown} {en_one if n == 1 else en_many}"
    if not isinstance(shown, int):
        return f"{shown} {hundreds}"
    if shown in (1, 2):
        return one if shown == 1 else two
    tail = shown % 100
    noun = few if 3 <= tail <= 10 else many if 11 <= tail <= 99 else hundreds
    return f"{shown} {noun}"


def years(language: str, value: float | None) -> str:
    """ "5 years" / "5 سنوات"; unknown when `value` is None."""
    if value is None:
        return content_text("fit.years_unknown", language)
    return count(language, round(value, 1), "year")


# "لـ " / "بـ " written before a name: joined to an Arabic word, and before the article
# lām drops its alef ("لـ المحاسبة" -> "للمحاسبة", "بـ الإدارة" -> "بالإدارة").
_PARTICLE = re.compile(r"(?<![\u0621-\u064a])([لب])ـ\s*(ال)?(?=[\u0621-\u064a])")


def attach_particles(text: str) -> str:
    """Arabic particles joined to the word they govern; Latin names keep "لـ IFRS"."""

    def join(m: re.Match[str]) -> str:
        particle, article = m.group(1), m.group(2) or ""
        return "لل" if particle == "ل" and article else particle + article

    return _PARTICLE.sub(join, text)
