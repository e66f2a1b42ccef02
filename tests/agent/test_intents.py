"""Intents read speech-to-text output, which spells Arabic and apostrophes loosely."""

from __future__ import annotations

import pytest

from agent.interview.intents import Intent, affirms, classify


@pytest.mark.parametrize(
    ("said", "intent"),
    [
        ("اريد ان اتوقف", Intent.STOP),  # whisper often drops the hamza: أريد أن أتوقف
        ("اعد السؤال من فضلك", Intent.REPEAT),
        ("افضل عدم الاجابة", Intent.SKIP),
        ("ممكن تعيد؟ لم اسمع", Intent.REPEAT),
        ("I’d like to stop the interview", Intent.STOP),  # typographic apostrophe
        ("Could you REPEAT that, please?", Intent.REPEAT),
    ],
)
def test_loose_spellings_are_understood(said: str, intent: Intent) -> None:
    assert classify(said) is intent


def test_arabic_yes_without_hamza() -> None:
    assert affirms("اكيد، لنتوقف هنا")
