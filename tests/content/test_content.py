"""The content files: complete in every language, and loud when they are not."""

from __future__ import annotations

import shutil
from pathlib import Path
from string import Formatter

import pytest

from agent.content import DIR, LANGUAGES, ContentError, load, table, text


def _texts(node: object, path: str = "") -> dict[str, str]:
    if isinstance(node, dict):
        return {
            k: v for key, child in node.items() for k, v in _texts(child, f"{path}.{key}").items()
        }
    if isinstance(node, list | tuple):
        return {path: "\n".join(node)}
    return {path: str(node)}


def _fields(value: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(value) if name is not None}


def test_every_key_exists_in_every_language_with_the_same_placeholders() -> None:
    """Read from the files themselves, so the loader's own check is not what is tested."""
    english, *others = (_texts(table(lang).model_dump()) for lang in LANGUAGES)
    assert len(english) > 250  # every section: fit, eval, say, report, questions...
    for other in others:
        assert set(other) == set(english)
        assert {k: _fields(v) for k, v in other.items()} == {
            k: _fields(v) for k, v in english.items()
        }


def _copy(tmp_path: Path) -> Path:
    for name in ("en.yaml", "ar.yaml", "skills.yaml", "topics.yaml"):
        shutil.copy(DIR / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    body = path.read_text(encoding="utf-8")
    assert old in body
    path.write_text(body.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "named"),
    [
        # a key one language lacks
        ("ar.yaml", "  skip_last: لا مشكلة.\n", "", "ar.yaml: say.skip_last is missing"),
        # the same text with another placeholder: it would fail mid-interview
        ("ar.yaml", "لنبدأ. {question}", "لنبدأ. {questions}", "ar.yaml: say.first_question"),
        # a text that is not a string, and an unknown section
        ("en.yaml", "  q: Q\n", "  q: [Q]\n", "en.yaml: report.q"),
        ("en.yaml", "say:\n", "sayings:\n", "en.yaml: say: Field required"),
        # an unmatched brace, a positional placeholder
        ("en.yaml", "Let's begin. {question}", "Let's begin. {question", "say.first_question"),
        ("en.yaml", "Of course. {question}", "Of course. {}", "say.repeat"),
        # not YAML at all, and a skill table naming an unknown skill
        ("en.yaml", "fit:\n", "fit: [\n", "en.yaml"),
        ("skills.yaml", "related:\n", "related:\n  Cobol: [mainframe]\n", "not in skills: Cobol"),
        # topic words misnamed
        ("topics.yaml", "question:\n", "questions:\n", "topics.yaml: question: Field required"),
    ],
)
def test_a_broken_file_names_the_file_and_the_key(
    tmp_path: Path, file: str, old: str, new: str, named: str
) -> None:
    _edit(_copy(tmp_path) / file, old, new)
    with pytest.raises(ContentError) as raised:
        load(tmp_path)
    assert named in str(raised.value) and str(tmp_path) in str(raised.value)


def test_the_real_files_load_and_fill() -> None:
    assert load() is load()  # parsed once per process
    assert text("say.repeat", "ar", question="س؟") == "بالتأكيد. س؟"
    assert text("say.repeat", "fr", question="Q?") == "Of course. Q?"  # English otherwise


def test_a_missing_value_or_an_unknown_key_is_a_clear_error() -> None:
    with pytest.raises(ContentError, match=r"'say.repeat' \(en.yaml\) needs the value 'question'"):
        text("say.repeat", "en")
    with pytest.raises(ContentError, match=r"no text 'say.nonsense' in ar.yaml"):
        text("say.nonsense", "ar")
