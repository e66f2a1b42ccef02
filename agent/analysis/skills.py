"""Skill lookup over the curated alias table, plus job-specific skills it lacks.

`SkillIndex.find` scans a token list once, longest alias first, so "react native"
is React Native and not React. Results are sets of canonical names: mentioning a
skill ten times counts the same as once, which keeps repeated keywords (or keywords
planted in the CV) from buying a higher score.

The table is agent/content/skills.yaml: canonical names by category (the category
picks the technical question), their aliases, Arabic display names and related
technology. Aliases match whole token sequences after normalisation (text.py), so
"k8s" finds Kubernetes but "rest of the team" does not find REST APIs; everyday words
("go", "rest", "spring", "swift", "shell") are listed only in unambiguous forms, and
canonical names that are words (`name_is_a_word`) match only through their aliases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from agent.analysis.text import clip, has_arabic, tokens
from agent.content import load

_LIST = re.compile(r"[,/&;،]|\s(and|or|with)\s|\sو", re.IGNORECASE)


@dataclass(frozen=True)
class SkillInfo:
    category: str
    ar_name: str


@dataclass
class SkillIndex:
    phrases: dict[tuple[str, ...], str]
    info: dict[str, SkillInfo]
    first: set[str] = field(default_factory=set)
    max_len: int = 1

    def __post_init__(self) -> None:
        self.first = {p[0] for p in self.phrases}
        self.max_len = max((len(p) for p in self.phrases), default=1)

    def find(self, toks: list[str]) -> list[str]:
        """Canonical skills mentioned in `toks`, in order of first mention, no repeats."""
        found: dict[str, None] = {}
        i, n = 0, len(toks)
        while i < n:
            if toks[i] in self.first:
                for size in range(min(self.max_len, n - i), 0, -1):
                    name = self.phrases.get(tuple(toks[i : i + size]))
                    if name is not None:
                        found.setdefault(name)
                        i += size - 1
                        break
            i += 1
        return list(found)

    def find_text(self, text: str) -> list[str]:
        return self.find(tokens(text))

    def canonical(self, raw: str) -> list[str]:
        """Canonical names for one listed skill ("K8s" -> ["Kubernetes"]); [] if unknown.

        A short unknown phrase is not split: "ضريبة المبيعات" (sales tax) is not Sales and
        "Written Communication" stays itself. Only lists and sentences are searched inside.
        """
        if raw.strip() in self.info:  # exact canonical name, even one kept out of free text
            return [raw.strip()]
        toks = tokens(raw)
        whole = self.phrases.get(tuple(toks))
        if whole:
            return [whole]
        if len(toks) > 4 or _LIST.search(raw):
            return self.find(toks)
        return []

    def category(self, name: str) -> str:
        known = self.info.get(name)
        return known.category if known else "other"

    def display(self, name: str, language: str) -> str:
        known = self.info.get(name)
        return known.ar_name if language == "ar" and known and known.ar_name else name

    def with_extra(self, names: list[str]) -> SkillIndex:
        """A copy that also knows job-specific skills absent from the table."""
        extra = {tuple(tokens(n)): n for n in names if n not in self.info and tokens(n)}
        extra = {k: v for k, v in extra.items() if k not in self.phrases}
        if not extra:
            return self
        info = {
            **self.info,
            **{n: SkillInfo("other", n if has_arabic(n) else "") for n in extra.values()},
        }
        return SkillIndex({**self.phrases, **extra}, info)


@cache
def base_index() -> SkillIndex:
    """Built on first use (not at import) and shared; treat as read-only."""
    phrases: dict[tuple[str, ...], str] = {}
    info: dict[str, SkillInfo] = {}
    table = load().skills
    for category, skills in table.skills.items():
        for name, aliases in skills.items():
            ar_name = table.arabic_names.get(name, "")
            info[name] = SkillInfo(category, ar_name)
            names = () if name in table.name_is_a_word else (name,)
            for alias in (*names, ar_name, *aliases):
                if key := tuple(tokens(alias)):  # none for an empty ar_name
                    phrases.setdefault(key, name)
    return SkillIndex(phrases, info)


def listed_skills(raws: list[str], index: SkillIndex) -> list[str]:
    """Canonical names of a skills list, no repeats; a name the table lacks is kept only if
    it looks like a skill name (some letters, at most six words)."""
    out: list[str] = []
    for raw in raws:
        names = index.canonical(raw)
        if not names:
            name = clip(raw.strip(" \t-•*·:;,."), 60)
            words = name.split()
            names = [name] if words and len(words) <= 6 and any(c.isalpha() for c in name) else []
        out.extend(n for n in names if n not in out)
    return out
