"""Question templates in English and Arabic, with rubric, follow-ups and signals.

The texts are data (`questions` and `technical` in agent/content/en.yaml and ar.yaml);
this module picks among them and fills them in.

`signals` name the deterministic checks the evaluator runs for each strong rubric
point, in the same order (see agent/evaluation/signals.py).

`{skill}` is one name or a short list ("Python and PostgreSQL"): related skills share a
question, so every text reads for one name or several. Kinds asked more than once in a
plan (strengths, gaps, skill checks, technical) have several wordings, `key`, `key_2`,
`key_3`, taken in turn, so no plan asks the same template twice with only the skill
swapped. Arabic texts address the candidate in forms that fit anyone (past tense,
verbal nouns, "هل يمكنك..."), since the platform gives no gender.
"""

from __future__ import annotations

import re
from functools import cache

from agent.analysis.text import attach_particles
from agent.content import Template, table


class QTemplate(Template):
    signals: tuple[str, ...]


# Evaluator checks by template kind (the wordings `key_2`, `key_3` share their kind's):
# names of code, not words, so they stay here rather than in the language files.
_STAR = ("star_situation", "star_action", "star_result")
_SIGNALS = {
    "strength": ("ownership", "skill", "outcome"),
    "gap": ("example", "plan", "honesty"),
    "gap_nice": ("example", "relevance", "honesty"),
    "gap_experience": ("ownership", "relevance", "outcome"),
    "skill_check": ("example", "ownership", "outcome"),
    "responsibility": ("example", "plan", "outcome"),
    "behaviour_conflict": _STAR,
    "behaviour_failure": _STAR,
    "behaviour_leadership": _STAR,
    "career": ("relevance", "reflection"),
    "general": ("relevance", "example"),
    "custom": ("relevance", "example"),
    "focus": ("relevance", "example", "outcome"),
    "technical": ("example", "tradeoff", "outcome"),
}


@cache
def templates(language: str) -> dict[str, QTemplate]:
    """Every template of `language` by id, technical ones as `technical_<category>`; read-only."""
    data = table(language)
    out = {
        key: QTemplate(**t.model_dump(), signals=_SIGNALS[re.sub(r"_\d+$", "", key)])
        for key, t in data.questions.items()
    }
    tech = data.technical
    for category, text in tech.text.items():
        out[f"technical_{category}"] = QTemplate(
            **tech.model_dump(exclude={"text"}), text=text, signals=_SIGNALS["technical"]
        )
    return out


def variants(language: str, key: str) -> list[tuple[str, QTemplate]]:
    """The wordings of `key` ("strength", "strength_2", ...), each with its own id."""
    by_key = templates(language)
    keys = [key] + [f"{key}_{n}" for n in range(2, 10) if f"{key}_{n}" in by_key]
    return [(k, by_key[k]) for k in keys]


def technical(language: str, category: str) -> list[tuple[str, QTemplate]]:
    """The category's technical question first, then the generic wordings."""
    by_key = templates(language)
    first = category if f"technical_{category}" in by_key else "other"
    keys = [f"technical_{k}" for k in dict.fromkeys((first, "other", "other_2"))]
    return [(k, by_key[k]) for k in keys]


def render(language: str, tpl: QTemplate, **values: str) -> QTemplate:
    """`tpl` with its placeholders filled; Arabic particles joined to the words they govern."""

    def f(text: str) -> str:
        out = text.format(**values)
        return attach_particles(out) if language == "ar" else out

    return tpl.model_copy(
        update={
            "text": f(tpl.text),
            "intent": f(tpl.intent),
            "strong": tuple(map(f, tpl.strong)),
            "weak": tuple(map(f, tpl.weak)),
            "follow_ups": tuple(map(f, tpl.follow_ups)),
        }
    )
