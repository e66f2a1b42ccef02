"""The offline interviewer model: a deterministic policy presented as an `llm.LLM`.

No instruction-tuned model can be had offline, so this stands in for one inside
the same AgentSession pipeline the real LLM uses. On a candidate turn it picks
the interviewer tool that fits (repeat / skip / stop / job question / follow-up
on a thin answer / next question); the tools speak for themselves. It never
decides what is asked: the flow behind the tools does. With a real model it is
also the fallback when the model's proposal is unusable (see `proposals.py`).
"""

from __future__ import annotations

import json
from typing import Any

from livekit.agents import APIConnectOptions, llm
from livekit.agents.types import DEFAULT_API_CONNECT_OPTIONS, NOT_GIVEN, NotGivenOr
from livekit.agents.utils import shortuuid

from agent.interview.intents import Intent, classify, is_thin

_TOOL_FOR_INTENT = {
    Intent.REPEAT: "repeat_question",
    Intent.SKIP: "skip_question",
    Intent.STOP: "end_interview",
}


def choose_tool(candidate_text: str) -> tuple[str, dict[str, str]]:
    intent = classify(candidate_text)
    if intent is Intent.JOB_QUESTION:
        return "answer_job_question", {"question": candidate_text}
    if intent in _TOOL_FOR_INTENT:
        return _TOOL_FOR_INTENT[intent], {}
    return ("follow_up", {}) if is_thin(candidate_text) else ("next_question", {})


class PolicyLLM(llm.LLM):
    model = "interview-policy"
    provider = "local"

    def chat(
        self,
        *,
        chat_ctx: llm.ChatContext,
        tools: list[llm.Tool] | None = None,
        conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS,
        parallel_tool_calls: NotGivenOr[bool] = NOT_GIVEN,
        tool_choice: NotGivenOr[llm.ToolChoice] = NOT_GIVEN,
        extra_kwargs: NotGivenOr[dict[str, Any]] = NOT_GIVEN,
    ) -> llm.LLMStream:
        return _PolicyStream(self, chat_ctx=chat_ctx, tools=tools or [], conn_options=conn_options)

    def reply(self, chat_ctx: llm.ChatContext, tools: list[llm.Tool]) -> llm.ChoiceDelta | None:
        """The whole answer to a turn, at once: the tool call that fits, or None to stay
        silent. Overridable so the benchmarks' stub model reuses this plumbing."""
        last = next((i for i in reversed(chat_ctx.items) if i.type == "message"), None)
        if last is None or last.role != "user":
            return None
        name, args = choose_tool(last.text_content or "")
        available = {t.id for t in tools}  # a function tool's id is its name
        if available and name not in available:
            return None
        call = llm.FunctionToolCall(
            name=name, arguments=json.dumps(args), call_id=shortuuid("call_")
        )
        return llm.ChoiceDelta(role="assistant", tool_calls=[call])


class _PolicyStream(llm.LLMStream):
    async def _run(self) -> None:
        assert isinstance(self._llm, PolicyLLM)
        delta = self._llm.reply(self._chat_ctx, self._tools)
        if delta is not None:
            self._event_ch.send_nowait(llm.ChatChunk(id=shortuuid("policy_"), delta=delta))
