"""Every word the worker says or writes, as data: the YAML files beside this module.

- ``en.yaml``, ``ar.yaml``: one file per language with the same keys (``fit`` and
  ``eval``: recruiter-facing sentences; ``say``: the interviewer's lines; ``report``:
  report labels; ``questions`` and ``technical``: question templates with their rubric;
  ``acks``: acknowledgements). Variants share what they do not override through YAML
  merge keys (``<<: *strength``).
- ``skills.yaml``: the skill alias table (see agent/analysis/skills.py).
- ``topics.yaml``: the words that tell an on-topic answer (see agent/evaluation/relevance.py).

``text(key, language, **fields)`` is the one lookup for a sentence; ``table(language)``
gives the structured parts (templates, acks, labels). Choosing among texts and grammar
(Arabic counting, particles) stays in Python. The files are parsed and checked once per
process, on first use; the worker's prewarm calls ``load`` so no interview pays for it.
A malformed file, a key missing from a language, or a text whose placeholders differ
between languages fails there with a ``ContentError`` naming the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from service.errors import ServiceError

DIR = Path(__file__).parent
LANGUAGES = ("en", "ar")


class ContentError(ServiceError):
    """A content file is malformed or incomplete, or a text was used without its fields."""


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Rubric(_Data):
    intent: str
    strong: tuple[str, ...]
    weak: tuple[str, ...]
    follow_ups: tuple[str, ...]


class Template(_Rubric):
    text: str


class Technical(_Rubric):
    """One rubric for every technical question; the text by skill category."""

    text: dict[str, str]


class Language(_Data):
    fit: dict[str, str]
    fit_class: dict[str, str]
    degree: dict[str, str]
    eval: dict[str, str]
    say: dict[str, str]
    acks: tuple[str, ...]
    report: dict[str, str]
    questions: dict[str, Template]
    technical: Technical


class SkillTable(_Data):
    name_is_a_word: frozenset[str]  # canonical names matched in free text only via aliases
    skills: dict[str, dict[str, tuple[str, ...]]]  # category -> canonical name -> aliases
    arabic_names: dict[str, str]
    related: dict[str, tuple[str, ...]]  # skill -> related skills or terms

    @model_validator(mode="after")
    def _known_names(self) -> SkillTable:
        known = {name for names in self.skills.values() for name in names}
        unknown = (set(self.arabic_names) | set(self.related) | self.name_is_a_word) - known
        if unknown:
            raise ValueError(f"not in skills: {', '.join(sorted(unknown))}")
        return self


class TopicTable(_Data):
    """Topic words, each entry one space-separated list of words."""

    generic: str  # words every question uses, about nothing in particular
    technical: frozenset[str]  # skill categories that also take the "engineering" words
    category: dict[str, str]  # by skill category
    question: dict[str, str]  # by the id of a fixed question of the plan


@dataclass(frozen=True)
class Content:
    languages: dict[str, Language]
    skills: SkillTable
    topics: TopicTable
    texts: dict[str, dict[str, str]]  # language -> dotted path ("say.greeting") -> text


def _read(path: Path, model: type[_Data]) -> Any:
    import yaml  # only here: importing the worker need not pay ~15 ms for it

    try:
        with path.open(encoding="utf-8") as f:
            raw = yaml.load(f, Loader=yaml.CSafeLoader)
        return model.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(f"{path}: {exc}") from None
    except ValidationError as exc:
        where = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ContentError(f"{path}: {where}") from None


def _leaves(node: Any, prefix: str = "") -> dict[str, str]:
    """Every text of a language by its dotted path; a list (a rubric, the follow-ups) is
    one text, since its items need not match one to one across languages."""
    if not isinstance(node, dict):
        return {prefix.rstrip("."): node if isinstance(node, str) else "\n".join(node)}
    return {
        k: v for key, child in node.items() for k, v in _leaves(child, f"{prefix}{key}.").items()
    }


def _check(directory: Path, texts: dict[str, dict[str, str]]) -> None:
    """Every key in every language, with the same placeholders, all of them names."""
    fields: dict[str, dict[str, frozenset[str]]] = {lang: {} for lang in LANGUAGES}
    for lang in LANGUAGES:
        for key, value in texts[lang].items():
            try:
                names = frozenset(n for _, n, _, _ in Formatter().parse(value) if n is not None)
            except ValueError as exc:  # an unmatched brace
                raise ContentError(f"{directory / lang}.yaml: {key}: {exc}") from None
            if not all(n.isidentifier() for n in names):
                raise ContentError(
                    f"{directory / lang}.yaml: {key}: placeholders must be names: {sorted(names)}"
                )
            fields[lang][key] = names
    first, *others = LANGUAGES
    for lang in others:
        for key in sorted(fields[first].keys() ^ fields[lang].keys()):
            lacks = lang if key in fields[first] else first
            raise ContentError(f"{directory / lacks}.yaml: {key} is missing")
        for key, names in fields[first].items():
            if fields[lang][key] != names:
                raise ContentError(
                    f"{directory / lang}.yaml: {key}: placeholders {sorted(fields[lang][key])}"
                    f" differ from {first}.yaml's {sorted(names)}"
                )


@cache
def load(directory: Path = DIR) -> Content:
    """The checked content of `directory`, parsed once per process."""
    languages = {lang: _read(directory / f"{lang}.yaml", Language) for lang in LANGUAGES}
    texts = {lang: _leaves(data.model_dump()) for lang, data in languages.items()}
    _check(directory, texts)
    skills = _read(directory / "skills.yaml", SkillTable)
    return Content(languages, skills, _read(directory / "topics.yaml", TopicTable), texts)


def _code(language: str) -> str:
    return "ar" if language == "ar" else "en"


def language_name(language: str) -> str:
    """How a prompt names the language (English for any language other than Arabic)."""
    return "Arabic" if _code(language) == "ar" else "English"


def table(language: str) -> Language:
    """The texts of `language` (English for any language other than Arabic)."""
    return load().languages[_code(language)]


def text(key: str, language: str, /, **values: object) -> str:
    """The text `key` ("say.greeting") in `language`, its placeholders filled."""
    lang = _code(language)
    try:
        template = load().texts[lang][key]
    except KeyError:
        raise ContentError(f"no text {key!r} in {lang}.yaml") from None
    try:
        return template.format(**values)
    except KeyError as exc:
        raise ContentError(f"text {key!r} ({lang}.yaml) needs the value {exc}") from None
