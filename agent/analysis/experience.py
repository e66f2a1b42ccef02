"""Years of experience, roles and degrees from free text, English and Arabic.

Date ranges ("Jan 2018 – Mar 2021", "03/2019 - Present", "٢٠١٩ - حتى الآن") become
roles; the union of role intervals gives years of experience, so overlapping jobs are
not counted twice. Phrases ("7+ years of experience", "خبرة 5 سنوات") are kept
separately as a claim, which lets the analysis notice when the two disagree.
Expects text already passed through `normalize_digits`.
"""

from __future__ import annotations

import re
from datetime import date

from agent.analysis.profiles import Degree, Role

_MONTH_NAMES = (
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
)
_MONTHS = {
    **{name: n for names in _MONTH_NAMES for n, name in enumerate(names.split(), 1)},
    **{"ابريل": 4, "إبريل": 4, "اغسطس": 8, "اكتوبر": 10},  # also written without hamza
}
_MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|يناير|فبراير|مارس|"
    r"[أاإ]بريل|مايو|يونيو|يوليو|[أا]غسطس|سبتمبر|[أا]كتوبر|نوفمبر|ديسمبر)"
)
_YEAR = r"(?:19|20)\d{2}"
_POINT = rf"(?:{_MONTH_WORD}\.?,?\s+{_YEAR}|\d{{1,2}}\s*[/.]\s*{_YEAR}|{_YEAR})"
_PRESENT = (
    r"(?:present|current(?:ly)?|now|today|ongoing|date|حتى\s+الآن|حتى\s+الان|الآن|الان|"
    r"الحالي|حاليا|حاليًا|حالياً)"
)
_RANGE = re.compile(
    rf"(?P<a>{_POINT})\s*(?:-|–|—|~|to|until|till|إلى|الى|حتى)\s*(?P<b>{_POINT}|{_PRESENT})",
    re.IGNORECASE,
)

_HAS_YEAR = re.compile(r"[12][09]\d\d")  # cheap pre-check before the full range pattern
_NUMBER_WORDS = {
    **{w: n for n, w in enumerate("one two three four five six seven eight nine ten".split(), 1)},
    **{"eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20},
}
_NUM = r"(?<!\w)(\d{1,2}(?:\.\d)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_YEAR_NOUN_AR = r"(?:سنوات|سنة|سنه|سنين|عاما|عامًا|عاماً|أعوام|اعوام|عام)"
# Arabic numbers written in words ("سبع سنوات", "اثنتا عشرة سنة", "خمس وعشرون عامًا"),
# masculine or feminine, with or without hamza: word -> value.
_AR_UNITS = (
    ("ثلاث", 3), ("اربع", 4), ("أربع", 4), ("خمس", 5), ("ست", 6),
    ("سبع", 7), ("ثمان", 8), ("ثماني", 8), ("تسع", 9), ("عشر", 10),
)  # fmt: skip
_AR_TENS = (("عشر", 20), ("ثلاث", 30), ("اربع", 40), ("أربع", 40), ("خمس", 50))
_AR_NUMBER_WORDS = {
    **dict.fromkeys(("واحد", "واحدة", "واحده", "احد", "أحد", "احدى", "إحدى"), 1),
    **dict.fromkeys(("اثنا", "اثني", "اثنتا", "اثنتي", "اثنان", "اثنين", "اثنتان", "اثنتين"), 2),
    **{stem + end: v for stem, v in _AR_UNITS for end in ("", "ة", "ه")},  # masc. and fem.
    **{stem + end: v for stem, v in _AR_TENS for end in ("ون", "ين")},
}
_AR_WORD = "|".join(sorted(_AR_NUMBER_WORDS, key=len, reverse=True))
_AR_SPELLED = re.compile(
    rf"(?<!\w)((?:(?:{_AR_WORD})(?:\s+و\s*|\s+))*(?:{_AR_WORD}))\s+({_YEAR_NOUN_AR})(?!\w)"
)
_AR_ONE = re.compile(r"(?<!\w)(سنة|سنه|عام)\s+واحد[ةه]?(?!\w)")
_AR_DUAL = re.compile(r"(?<!\w)(?:سنتين|سنتان|سنتا|عامين|عامان)(?!\w)")
_YEARS_EN = re.compile(
    rf"\b{_NUM}\s*\+?\s*(?:-\s*\d{{1,2}}\s*)?(?:years?|yrs?)['’]?\s+(?:of\s+)?"
    r"(?:[\w/+#.-]+\s+){0,4}?(?:experience|exp\b)",
    re.IGNORECASE,
)
_YEARS_AR = re.compile(
    rf"{_NUM}\s*\+?\s*{_YEAR_NOUN_AR}\s+(?:من\s+)?(?:ال)?خبر[ةه]"
    rf"|خبر[ةه]\s+(?:\S+\s+){{0,3}}?{_NUM}\s*\+?\s*{_YEAR_NOUN_AR}"
)
# Job side: "5+ years", "3-5 years", "minimum 3 years", "٣ سنوات".
_JOB_YEARS = re.compile(
    rf"{_NUM}\s*\+?\s*(?:-|–|to|إلى)?\s*(?:\d{{1,2}})?\s*\+?\s*"
    rf"(?:years?|yrs?|{_YEAR_NOUN_AR})",
    re.IGNORECASE,
)

# "MS"/"BS"/"BA" after a number are units ("180 ms.", "2 BA"), not degrees.
_NOT_A_COUNT = r"(?<!\d)(?<!\d\s)"
_DEGREES = (
    (Degree.PHD, r"ph\.?\s?d|doctorate|doctoral|دكتوراه|دكتوراة"),
    (
        Degree.MASTER,
        rf"(?<!scrum )master'?s?|m\.?sc|{_NOT_A_COUNT}m\.?s(?:\.|(?=\s+in\s))|mba|m\.eng|"
        r"ماجستير|ماجيستير",
    ),
    (
        Degree.BACHELOR,
        rf"bachelor'?s?|b\.?sc|{_NOT_A_COUNT}b\.?[sa]\.|b\.?eng|undergraduate|بكالوريوس|ليسانس",
    ),
    (Degree.DIPLOMA, r"diploma|associate degree|دبلوم"),
)
_DEGREE_RE = [(d, re.compile(rf"(?<![\w]){p}(?![\w])", re.IGNORECASE)) for d, p in _DEGREES]


def _spelled_out(text: str) -> str:
    """Arabic year counts in words rewritten as digits: "سبعة أعوام" -> "7 أعوام"."""

    def value(m: re.Match[str]) -> str:
        words = [w if w in _AR_NUMBER_WORDS else w[1:] for w in m.group(1).split()]
        # "اثنتا عشرة" is 2 + 10 and "خمس وعشرون" 5 + 20: a spelled number is a sum
        return f"{sum(_AR_NUMBER_WORDS[w] for w in words if w)} {m.group(2)}"

    text = _AR_SPELLED.sub(value, text)
    text = _AR_ONE.sub(r"1 \1", text)
    return _AR_DUAL.sub("2 سنة", text)


def _number(raw: str) -> float:
    return float(_NUMBER_WORDS.get(raw.lower(), raw))


def _point(raw: str) -> tuple[date, bool]:
    """A date point and whether it had a month; year-only points mean January."""
    text = raw.strip().lower()
    year = int(re.search(r"(19|20)\d{2}", text).group(0))  # type: ignore[union-attr]
    month_num = re.match(r"(\d{1,2})\s*[/.]", text)
    if month_num and 1 <= int(month_num.group(1)) <= 12:
        return date(year, int(month_num.group(1)), 1), True
    for word, month in _MONTHS.items():
        if text.startswith(word):
            return date(year, month, 1), True
    return date(year, 1, 1), False


def _title(text: str) -> str:
    """The role line without its dates: drop the "()" they leave behind and separators."""
    return re.sub(r"[(\[]\s*[)\]]", "", text).strip(" |,-–—\t:·•")


def find_roles(lines: list[str], today: date) -> list[Role]:
    """Roles from lines holding a date range; the title is the rest of the line or the one above."""
    roles: list[Role] = []
    for i, line in enumerate(lines):
        match = _RANGE.search(line) if _HAS_YEAR.search(line) else None
        if not match:
            continue
        start, start_month = _point(match.group("a"))
        current = not re.match(r"(19|20)\d{2}|\d|" + _MONTH_WORD, match.group("b"), re.I)
        if current:
            end, end_month = date(today.year, today.month, 1), True
        else:
            end, end_month = _point(match.group("b"))
            if end_month:  # "01/2019 - 12/2019" includes December: a full 12 months
                end = date(end.year + end.month // 12, end.month % 12 + 1, 1)
        if end < start or start > today:
            continue
        if not (start_month and end_month) and end == start:
            end = date(start.year, 7, 1)  # "2021 – 2021": some months, unknown how many
        title = _title(line[: match.start()] + " " + line[match.end() :])
        if len(title) < 3 and i > 0:
            title = _title(lines[i - 1])
        roles.append(
            Role(
                title=title[:80] or "role",
                start=start,
                end=end,
                current=current,
                month_precision=start_month and end_month,
            )
        )
    return roles


def union_years(roles: list[Role]) -> float:
    """Years covered by at least one role (overlaps counted once)."""
    spans = sorted(
        (r.start.year * 12 + r.start.month, r.end.year * 12 + r.end.month) for r in roles
    )
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return round(sum(b - a for a, b in merged) / 12, 1)


def claimed_years(text: str) -> float | None:
    """The largest "N years of experience" claim in the text."""
    text = _spelled_out(text)
    values = [_number(m.group(1)) for m in _YEARS_EN.finditer(text)]
    # Each alternative of _YEARS_AR holds one number group; whichever matched is set.
    values += [_number(m.group(1) or m.group(2)) for m in _YEARS_AR.finditer(text)]
    values = [v for v in values if 0 < v <= 50]
    return max(values) if values else None


def required_years(text: str) -> float | None:
    """The minimum years a job asks for ("3-5 years" -> 3)."""
    text = _spelled_out(text)
    for m in _JOB_YEARS.finditer(text):
        value = _number(m.group(1))
        if 0 < value <= 40:
            return value
    return None


def find_degree(text: str) -> Degree:
    return next((degree for degree, pattern in _DEGREE_RE if pattern.search(text)), Degree.NONE)
