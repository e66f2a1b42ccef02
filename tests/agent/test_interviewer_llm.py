"""The interviewer with an OpenAI-compatible LLM (LLM_PROVIDER=openai + a base URL).

The model service speaks the OpenAI wire format and misbehaves as real models do
(tests/agent/misbehaving_model.py): it rephrases, chats, calls the wrong tool, sends
broken arguments, is slow and fails with HTTP 500. Whatever it does, every planned
question is asked once, word for word, every answer stays with its question, and
every candidate turn gets a reply.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from livekit.agents import AgentSession

from agent.evaluation import EndReason
from agent.interview.flow import Candidate, InterviewFlow
from agent.interview.interviewer import Interviewer
from agent.voice.providers import build_llm
from config.settings import ModelSettings
from tests.agent.helpers import GOOD_ANSWER, application, plan
from tests.agent.misbehaving_model import MisbehavingModel, Rates
from tests.agent.test_interviewer import said, start


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[MisbehavingModel], Awaitable[str]]]:
    servers: list[TestServer] = []

    async def _serve(model: MisbehavingModel) -> str:
        server = TestServer(model.app, host="127.0.0.1")
        await server.start_server()
        servers.append(server)
        return str(server.make_url("/v1"))

    yield _serve
    for server in servers:
        await server.close()


def make_agent(base_url: str, *, questions: int = 3, timeout: float = 8.0) -> Interviewer:
    settings = ModelSettings(  # type: ignore[call-arg]
        _env_file=None, llm_provider="openai", llm_base_url=base_url, llm_model="test-model"
    )
    flow = InterviewFlow(
        candidate=Candidate("Sara Haddad", "Backend Engineer", "Acme"),
        language="en",
        duration_minutes=30,
        max_follow_ups=1,
    )
    ready: asyncio.Future = asyncio.get_running_loop().create_future()
    ready.set_result(plan(questions))
    return Interviewer(
        flow=flow,
        application=application(),
        plan=ready,
        model_timeout=timeout,
        llm=build_llm(settings, max_tokens=300),
    )


async def test_tools_speak_the_questions_verbatim_and_the_model_may_acknowledge(serve) -> None:  # type: ignore[no-untyped-def]
    model = MisbehavingModel(rates=Rates.well_behaved())
    agent = make_agent(await serve(model))
    async with AgentSession() as session:
        await start(session, agent)
        result: Any = await session.run(user_input="Not much.")
        result.expect.contains_function_call(name="follow_up")
        assert said(result) == "Could you walk me through one concrete case?"
        result = await session.run(user_input=GOOD_ANSWER)
        result.expect.contains_function_call(name="next_question")
        assert said(result).endswith(" Planned question number 2?")

    assert [r.question.id for r in agent.flow.asked] == ["q1", "q2"]
    first = model.requests[0]
    assert first["model"] == "test-model" and first.get("max_tokens") == 300
    assert {t["function"]["name"] for t in first["tools"]} >= {
        "next_question",
        "follow_up",
        "repeat_question",
        "skip_question",
        "end_interview",
    }
    system = first["messages"][0]["content"]
    assert "<job>" in system and "never an instruction" in system
    assert "word for word" in system


async def test_a_model_that_ends_the_interview_unasked_does_not_end_it(serve) -> None:  # type: ignore[no-untyped-def]
    """Measured before: a model calling end_interview after the second answer closed a
    strong candidate's interview with "Of course, we can stop here"."""
    rates = Rates.well_behaved()
    rates.wrong_tool = 1.0
    model = MisbehavingModel(seed=1, rates=rates)
    agent = make_agent(await serve(model), questions=3)
    async with AgentSession() as session:
        await start(session, agent)
        for _ in range(3):
            result: Any = await session.run(user_input=GOOD_ANSWER)
            assert "stop here" not in said(result)
        await asyncio.wait_for(agent.closed.wait(), 5)
    assert agent.flow.end_reason is EndReason.COMPLETED
    assert [r.question.id for r in agent.flow.asked] == ["q1", "q2", "q3"]
    assert not any(r.skipped for r in agent.flow.asked)
    assert model.served.get("wrong_tool", 0) + model.served.get("unknown_tool", 0) == 3


async def test_stopping_needs_the_candidates_words_and_a_confirmation(serve) -> None:  # type: ignore[no-untyped-def]
    model = MisbehavingModel(rates=Rates.well_behaved())
    agent = make_agent(await serve(model))
    async with AgentSession() as session:
        await start(session, agent)
        result: Any = await session.run(user_input="I'd like to stop the interview now.")
        assert said(result) == "Would you like to stop here?"
        result = await session.run(user_input="No, sorry, let's continue.")
        assert said(result) == "Alright, let's carry on. Planned question number 1?"
        await session.run(user_input="Actually I'd like to stop the interview now.")
        await session.run(user_input="Yes.")
        await asyncio.wait_for(agent.closed.wait(), 5)
    assert agent.flow.end_reason is EndReason.CANDIDATE_STOPPED
    assert agent.flow.asked[0].answer_items == [], "requests are not answers"


@pytest.mark.parametrize("seed", range(5))
async def test_misbehaving_model_cannot_derail_the_interview(serve, seed: int) -> None:  # type: ignore[no-untyped-def]
    model = MisbehavingModel(seed=seed, rates=Rates(latency=(0.0, 0.3)))
    agent = make_agent(await serve(model), questions=3, timeout=2.0)
    answers = ["We sharded the tables.", GOOD_ANSWER, GOOD_ANSWER, GOOD_ANSWER, GOOD_ANSWER]
    replies: list[str] = []
    async with AgentSession() as session:
        await start(session, agent)
        for answer in answers:
            if agent.flow.finished:
                break
            replies.append(said(await session.run(user_input=answer)))
        await asyncio.wait_for(agent.closed.wait(), 5)
    flow = agent.flow
    assert flow.end_reason is EndReason.COMPLETED
    assert [r.question.id for r in flow.asked] == ["q1", "q2", "q3"]
    assert all(replies), f"a candidate turn got no reply: {replies}"
    # every answer stays with the question it answered
    q1, q2, q3 = flow.asked
    ids = [t.item_id for t in flow.turns]
    assert len(q2.answer_items) + len(q3.answer_items) + len(q1.answer_items) == len(ids)
    assert ids[0] in q1.answer_items and ids[-1] in q3.answer_items
    for reply in replies:  # no chit-chat, no rephrased questions of the model's own
        assert "favourite" not in reply and "scaled" not in reply
        assert reply.endswith("?") or reply.endswith("Goodbye!"), reply
    assert sum(model.served.values()) > 0, "the model misbehaved at least once"


async def test_configured_llm_serves_the_analysis_and_evaluation_prompts(serve) -> None:  # type: ignore[no-untyped-def]
    from agent.components import Components
    from config.settings import load_settings

    model = MisbehavingModel(rates=Rates.well_behaved())
    base_url = await serve(model)
    settings = load_settings({"LLM_PROVIDER": "openai", "LLM_BASE_URL": base_url}, _env_file=None)
    complete = Components(settings).text_llm()
    assert complete is not None
    assert await complete("Reply with JSON.") == '{"ok": true}'
    assert model.requests[-1]["messages"][-1]["content"] == "Reply with JSON."
    offline = load_settings({"LLM_PROVIDER": "local"}, _env_file=None)
    assert Components(offline).text_llm() is None


async def test_the_candidates_words_outrank_the_models_call(serve) -> None:  # type: ignore[no-untyped-def]
    """Seen with seed 0: "can you repeat the question?" answered as a job question."""
    rates = Rates.well_behaved()
    rates.wrong_tool = 1.0
    for seed in range(8):  # seeds where the wrong tool is answer_job_question
        model = MisbehavingModel(seed=seed, rates=rates)
        agent = make_agent(await serve(model))
        async with AgentSession() as session:
            await start(session, agent)
            result: Any = await session.run(user_input="Sorry, can you repeat the question please?")
            assert said(result) == "Of course. Planned question number 1?", seed
            result = await session.run(user_input="Is the role remote?")
            assert "Dubai office" in said(result), seed


async def test_the_models_acknowledgement_is_spoken_only_when_it_fits(serve) -> None:  # type: ignore[no-untyped-def]
    from agent.content import table

    rates = Rates.well_behaved()
    rates.chatter = 1.0
    openings = set()
    for seed in range(6):
        agent = make_agent(await serve(MisbehavingModel(seed=seed, rates=rates)), questions=2)
        async with AgentSession() as session:
            await start(session, agent)
            reply = said(await session.run(user_input=GOOD_ANSWER))
        opening = reply.removesuffix(" Planned question number 2?")
        assert opening in {"Great answer!", "Thanks.", *table("en").acks}, reply
        openings.add(opening)
    assert openings & {"Great answer!", "Thanks."} and openings & set(table("en").acks)
