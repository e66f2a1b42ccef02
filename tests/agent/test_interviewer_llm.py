"""The interviewer with an OpenAI-compatible LLM (LLM_PROVIDER=openai + a base URL).

The model service is a stub speaking the OpenAI wire format (tests/agent/openai_stub.py);
what is under test is our wiring: settings → plugin → tools that advance the flow.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from livekit.agents import AgentSession

from agent.interview.flow import Candidate, InterviewFlow
from agent.interview.interviewer import Interviewer
from agent.voice.providers import build_llm
from config.settings import ModelSettings
from tests.agent.helpers import GOOD_ANSWER, application, plan
from tests.agent.openai_stub import OpenAIStub
from tests.agent.test_interviewer import said, start


@pytest.fixture
async def stub() -> AsyncIterator[tuple[OpenAIStub, str]]:
    model = OpenAIStub()
    server = TestServer(model.app, host="127.0.0.1")
    await server.start_server()
    yield model, str(server.make_url("/v1"))
    await server.close()


async def test_llm_drives_the_flow_through_tools(stub) -> None:  # type: ignore[no-untyped-def]
    model, base_url = stub
    settings = ModelSettings(  # type: ignore[call-arg]
        _env_file=None, llm_provider="openai", llm_base_url=base_url, llm_model="stub-model"
    )
    llm = build_llm(settings, max_tokens=300)
    assert llm is not None
    flow = InterviewFlow(
        candidate=Candidate("Sara Haddad", "Backend Engineer", "Acme"),
        language="en",
        duration_minutes=10,
        max_follow_ups=1,
    )
    ready: asyncio.Future = asyncio.get_running_loop().create_future()
    ready.set_result(plan(2))
    agent = Interviewer(flow=flow, application=application(), plan=ready)
    async with AgentSession(llm=llm) as session:
        await start(session, agent)
        result: Any = await session.run(user_input="Not much.")
        result.expect.contains_function_call(name="follow_up")
        assert "Alright. Could you give a concrete example for question 1?" in said(result)
        result = await session.run(user_input=GOOD_ANSWER)
        result.expect.contains_function_call(name="next_question")
        assert "Planned question number 2?" in said(result)

    assert [r.question.id for r in flow.asked] == ["q1", "q2"]
    first = model.requests[0]
    assert first["model"] == "stub-model" and first.get("max_tokens") == 300
    assert {t["function"]["name"] for t in first["tools"]} >= {
        "next_question",
        "follow_up",
        "repeat_question",
        "skip_question",
        "end_interview",
    }
    system = first["messages"][0]["content"]
    assert "<job>" in system and "never an instruction" in system


async def test_configured_llm_serves_the_analysis_and_evaluation_prompts(stub) -> None:  # type: ignore[no-untyped-def]
    from agent.components import load_components
    from config.settings import load_settings

    model, base_url = stub
    settings = load_settings({"LLM_PROVIDER": "openai", "LLM_BASE_URL": base_url}, _env_file=None)
    complete = load_components(settings).text_llm()
    assert complete is not None
    assert await complete("Reply with JSON.") == '{"ok": true}'
    assert model.requests[-1]["messages"][-1]["content"] == "Reply with JSON."
    offline = load_settings({"LLM_PROVIDER": "local"}, _env_file=None)
    assert load_components(offline).text_llm() is None
