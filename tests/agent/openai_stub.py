"""A stand-in for an OpenAI-compatible chat server, for tests about our wiring.

It speaks the real wire format (``POST /v1/chat/completions`` with ``stream: true``,
server-sent chunks, tool calls), so `livekit-plugins-openai` is exercised unchanged.
Its "model" picks the interviewer tool with the same rules as the offline policy and
rephrases tool results, after a realistic delay. It records every request.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web

from agent.interview.policy_llm import choose_tool


class OpenAIStub:
    def __init__(self, *, latency: float = 0.15) -> None:
        self.latency = latency
        self.requests: list[dict[str, Any]] = []
        self.app = web.Application()
        self.app.router.add_post("/v1/chat/completions", self._complete)

    async def _complete(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append(body)
        await asyncio.sleep(self.latency)
        last = body["messages"][-1]
        if last["role"] == "tool":
            delta: dict[str, Any] = {"role": "assistant", "content": f"Alright. {last['content']}"}
            finish = "stop"
        elif last["role"] == "user" and body.get("tools"):
            text = (
                last["content"] if isinstance(last["content"], str) else last["content"][0]["text"]
            )
            name, args = choose_tool(text)
            call = {
                "index": 0,
                "id": f"call_{len(self.requests)}",
                "type": "function",
                "function": {"name": name, "arguments": json.dumps(args)},
            }
            delta, finish = {"role": "assistant", "tool_calls": [call]}, "tool_calls"
        else:
            delta, finish = {"role": "assistant", "content": '{"ok": true}'}, "stop"
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        chunks: tuple[dict[str, Any], ...] = (
            {"choices": [{"index": 0, "delta": delta, "finish_reason": None}]},
            {"choices": [{"index": 0, "delta": {}, "finish_reason": finish}]},
        )
        for chunk in chunks:
            chunk.update(
                id="chatcmpl-stub",
                object="chat.completion.chunk",
                created=0,
                model=body.get("model", "stub"),
            )
            await response.write(f"data: {json.dumps(chunk)}\n\n".encode())
        await response.write(b"data: [DONE]\n\n")
        return response
