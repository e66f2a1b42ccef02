"""An OpenAI-compatible chat model that misbehaves the way real ones do, seeded.

It speaks the real wire format (``POST /v1/chat/completions``, ``stream: true``,
server-sent chunks, streamed tool calls), so `livekit-plugins-openai` runs unchanged.
Its judgement is the offline policy's (which tool fits the candidate's turn), and then,
at the configured rates, it:

- rephrases: says a planned question in its own words instead of calling a tool, or
  along with its tool call ("Great, next, could you tell me how you scaled...?"), and
  rephrases a tool's words when asked to say them;
- chats: adds small talk before its tool call, short or rambling;
- calls the wrong tool (ends, skips, repeats, answers a job question nobody asked, or
  a tool that does not exist) and sends malformed tool arguments;
- proposes follow-ups that are two questions, too long, or in the wrong language;
- answers slowly (seconds) and fails with HTTP 500 now and then.

With ``cover=True`` its first turns are guaranteed to show every kind of misbehaviour
(`COVERED`) once, in an order the seed shuffles, before the seeded rates take over: one
interview then exercises all of them instead of hoping a seed happens to.

Between moving on and a follow-up it keeps the policy's choice: that is a judgement a
model is entitled to, and the scripted candidates' answers are written for it.

Run it for the demo: ``python -m tests.agent.misbehaving_model --seed 3 --port 8799``,
then ``python -m agent demo --llm-base-url http://127.0.0.1:8799/v1 --llm-model any``;
``python -m scripts.llm_sweep --seeds 5`` runs whole interviews against several seeds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from agent.interview.interviewer import MODEL_TIMEOUT_S
from agent.interview.policy_llm import choose_tool

_CHATTER = [
    "Great answer!",
    "Thanks.",
    "Wow, that is really impressive work, I love hearing about this kind of thing, it "
    "reminds me of so many other candidates who told me about their databases.",
    "Great, next, could you tell me how you scaled that system?",
    "Interesting. So tell me, what is your favourite programming language?",
]
_REPHRASED = [
    "Great, next, could you tell me how you scaled the system you built?",
    "Alright! Let's talk about something else. What motivates you?",
    "Could you tell me more about that?",
]
_HINTS = [
    "Could you walk me through one concrete case?",  # fine
    "What did you do? And why did you do it that way?",  # two questions
    "هل يمكنك أن تعطيني مثالاً؟",  # wrong language for an English interview
    "Could you tell me, in as much detail as you possibly can, every single step you took, "
    "who was involved, what tools you used, and how long each of them took you to finish?",
]
_WRONG_TOOLS = ["end_interview", "skip_question", "repeat_question", "answer_job_question"]
_UNKNOWN_TOOL = "submit_rating"
# One slot per candidate turn (a 500 is retried at once, so it takes a request, not a
# turn); chatter rides with malformed arguments so the shortest scripted interview (six
# candidate turns) has room for every kind.
COVERED: tuple[tuple[str, ...], ...] = (
    ("http_500",),
    ("slow",),  # past the interviewer's deadline for the model
    ("text_only",),
    ("wrong_tool",),
    ("unknown_tool",),
    ("malformed_arguments", "chatter"),
)
_MALFORMED = ['{"hint": "Tell me more', "[1, 2]", "not json at all"]


@dataclass
class Rates:
    failure: float = 0.12  # HTTP 500
    wrong_tool: float = 0.2
    malformed: float = 0.12
    text_only: float = 0.1  # no tool call: its own question instead
    chatter: float = 0.4  # words along with its tool call
    bad_hint: float = 0.6
    latency: tuple[float, float] = (0.3, 2.5)  # seconds, uniform

    @classmethod
    def well_behaved(cls) -> Rates:
        return cls(0, 0, 0, 0, 0, 0, (0.05, 0.05))


@dataclass
class MisbehavingModel:
    seed: int = 0
    rates: Rates = field(default_factory=Rates)
    requests: list[dict[str, Any]] = field(default_factory=list)
    served: dict[str, int] = field(default_factory=dict)  # what it did, counted
    verbose: bool = False  # print each misbehaviour as it happens
    cover: bool = False  # first turns: every kind in COVERED once, in a seeded order

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._schedule = list(COVERED) if self.cover else []
        random.Random(self.seed).shuffle(self._schedule)  # own stream: rates draw the same
        self.app = web.Application()
        self.app.router.add_post("/v1/chat/completions", self._complete)

    def _did(self, what: str) -> None:
        self.served[what] = self.served.get(what, 0) + 1
        if self.verbose:
            print(f"request {len(self.requests)}: {what}", flush=True)

    async def _complete(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append(body)
        rng, rates = self._rng, self.rates
        last = body["messages"][-1]
        turn = last["role"] == "user" and bool(body.get("tools"))
        forced = self._schedule.pop(0) if turn and self._schedule else None
        if forced is not None:
            return await self._forced(request, body, forced, _text(last["content"]))
        await asyncio.sleep(rng.uniform(*rates.latency))
        if rng.random() < rates.failure:
            return self._fail()
        if turn:
            text, calls = self._turn(_text(last["content"]))
        elif last["role"] == "tool":  # asked to say a tool's words: in its own words
            self._did("rephrased_tool_output")
            text, calls = _rephrase(str(last["content"])), []
        else:
            text, calls = '{"ok": true}', []
        return await self._stream(request, body, text, calls)

    async def _forced(
        self, request: web.Request, body: dict[str, Any], kinds: tuple[str, ...], candidate: str
    ) -> web.StreamResponse:
        """A turn that shows exactly `kinds`, otherwise what the policy would choose."""
        if "http_500" in kinds:
            return self._fail()
        for kind in kinds:
            self._did(kind)
        name, args = choose_tool(candidate)
        text, arguments = "", json.dumps(args)
        await asyncio.sleep(MODEL_TIMEOUT_S + 1 if "slow" in kinds else self.rates.latency[0])
        if "text_only" in kinds:
            return await self._stream(request, body, self._rng.choice(_REPHRASED), [])
        if "wrong_tool" in kinds:
            wrong = [t for t in _WRONG_TOOLS if t != name]
            name = self._rng.choice(wrong)
            arguments = json.dumps({"question": candidate} if name == "answer_job_question" else {})
        if "unknown_tool" in kinds:
            name = _UNKNOWN_TOOL
        if "malformed_arguments" in kinds:
            arguments = self._rng.choice(_MALFORMED)
        if "chatter" in kinds:
            text = self._rng.choice(_CHATTER)
        return await self._stream(request, body, text, [(name, arguments)])

    def _fail(self) -> web.Response:
        self._did("http_500")
        return web.json_response(
            {"error": {"message": "upstream overloaded", "type": "server_error"}}, status=500
        )

    def _turn(self, candidate: str) -> tuple[str, list[tuple[str, str]]]:
        rng, rates = self._rng, self.rates
        name, args = choose_tool(candidate)
        if rng.random() < rates.text_only:
            self._did("text_only")
            return rng.choice(_REPHRASED), []
        if rng.random() < rates.wrong_tool:
            name, args = rng.choice([*_WRONG_TOOLS, _UNKNOWN_TOOL]), {}
            self._did("unknown_tool" if name == _UNKNOWN_TOOL else "wrong_tool")
            if name == "answer_job_question" and rng.random() < 0.5:
                args = {"question": candidate}
        if name == "follow_up" and rng.random() < rates.bad_hint:
            self._did("bad_hint")
            args = {"hint": rng.choice(_HINTS[1:])}
        elif name == "follow_up":
            args = {"hint": _HINTS[0]}
        arguments = json.dumps(args)
        if rng.random() < rates.malformed:
            self._did("malformed_arguments")
            arguments = rng.choice(_MALFORMED)
        text = ""
        if rng.random() < rates.chatter:
            self._did("chatter")
            text = rng.choice(_CHATTER)
        return text, [(name, arguments)]

    async def _stream(
        self,
        request: web.Request,
        body: dict[str, Any],
        text: str,
        calls: list[tuple[str, str]],
    ) -> web.StreamResponse:
        deltas: list[dict[str, Any]] = []
        if text:  # word by word, as a model streams
            words = text.split(" ")
            deltas += [
                {"role": "assistant", "content": w + (" " if i < len(words) - 1 else "")}
                for i, w in enumerate(words)
            ]
        for index, (name, arguments) in enumerate(calls):
            half = len(arguments) // 2  # arguments arrive in pieces, too
            call_id = f"call_{len(self.requests)}_{index}"
            deltas.append(
                {
                    "role": "assistant",
                    "tool_calls": [
                        {
                            "index": index,
                            "id": call_id,
                            "type": "function",
                            "function": {"name": name, "arguments": arguments[:half]},
                        }
                    ],
                }
            )
            deltas.append(
                {"tool_calls": [{"index": index, "function": {"arguments": arguments[half:]}}]}
            )
        finish = "tool_calls" if calls else "stop"
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        chunks: list[dict[str, Any]] = [
            {"index": 0, "delta": d, "finish_reason": None} for d in deltas
        ]
        chunks.append({"index": 0, "delta": {}, "finish_reason": finish})
        for choice in chunks:
            chunk = {
                "id": "chatcmpl-misbehaving",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": body.get("model", "misbehaving"),
                "choices": [choice],
            }
            await response.write(f"data: {json.dumps(chunk)}\n\n".encode())
        await response.write(b"data: [DONE]\n\n")
        return response


async def interview_against(model: MisbehavingModel, args: argparse.Namespace) -> dict[str, Any]:
    """`python -m agent demo` with `model` (served on loopback) as the interviewer's LLM;
    `args` are the demo's and must name a --summary-json, which is returned."""
    from aiohttp.test_utils import TestServer

    from agent.demo import run_demo

    server = TestServer(model.app, host="127.0.0.1")
    await server.start_server()
    try:
        args.llm_base_url, args.llm_model = str(server.make_url("/v1")), "misbehaving"
        await run_demo(args)
    finally:
        await server.close()
    summary: dict[str, Any] = json.loads(args.summary_json.read_text())
    return summary


def _rephrase(text: str) -> str:
    """ "How have you scaled X?" -> "Great, so, could you tell me how you scaled X?" """
    out = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        words = sentence.split()
        if sentence.endswith("?") and len(words) > 2:
            sentence = "could you tell me " + " ".join(w.lower() for w in words[:1] + words[2:])
        out.append(sentence)
    return "Great, so, " + " ".join(out)


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    return " ".join(part.get("text", "") for part in content if isinstance(part, dict))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()
    model = MisbehavingModel(seed=args.seed, verbose=True)
    print(f"misbehaving model (seed {args.seed}): http://127.0.0.1:{args.port}/v1", flush=True)
    web.run_app(model.app, host="127.0.0.1", port=args.port, print=None)


if __name__ == "__main__":
    main()
