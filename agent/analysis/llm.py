"""The one seam to an LLM: an async callable from prompt text to JSON text.

Any model fits behind it (OpenAI-compatible chat, a local server, a fake in tests).
`ask_json` bounds the call in time, pulls the JSON out of the reply (bare or in a
```json fence) and validates it with a pydantic model; every failure becomes an
`LLMOutputError` with a short reason, which callers log before falling back to
their deterministic result.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

LLMCallable = Callable[[str], Awaitable[str]]
M = TypeVar("M", bound=BaseModel)

_FENCED = re.compile(r"```(?:json)?\s*(\{.*?\})\s*```", re.DOTALL)


class LLMOutputError(Exception):
    """The LLM call failed or its output was unusable; its message is safe to log."""


def extract_json(reply: str) -> Any:
    match = _FENCED.search(reply)
    text = match.group(1) if match else reply.strip()
    if not text.startswith("{"):
        start, end = text.find("{"), text.rfind("}")
        text = text[start : end + 1] if 0 <= start < end else text
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise LLMOutputError(f"invalid_json: {exc.msg} at {exc.pos}") from None


async def ask_json(
    llm: LLMCallable,
    prompt: str,
    model: type[M],
    *,
    timeout_s: float,
    context: dict[str, Any] | None = None,
) -> M:
    try:
        reply = await asyncio.wait_for(llm(prompt), timeout=timeout_s)
    except TimeoutError:
        raise LLMOutputError(f"timeout after {timeout_s:g}s") from None
    except Exception as exc:  # any provider error: the deterministic result stands
        raise LLMOutputError(f"llm_error: {type(exc).__name__}") from None
    data = extract_json(reply)
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise LLMOutputError(f"invalid_output: {where}: {first['msg']}") from None
