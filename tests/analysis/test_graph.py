"""The tiny graph runner: partial updates, branches, validation, wiring errors."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from agent.analysis.graph import END, Graph, GraphError


class S(BaseModel):
    n: int = 0
    path: list[str] = []


async def inc(s: S) -> dict[str, object]:
    return {"n": s.n + 1, "path": [*s.path, "inc"]}


async def double(s: S) -> S:
    return s.model_copy(update={"n": s.n * 2, "path": [*s.path, "double"]})


async def bad(s: S) -> dict[str, object]:
    return {"n": "not a number"}


async def test_branching_and_partial_updates() -> None:
    g = Graph(S, entry="inc").node("inc", inc).node("double", double)
    g.branch("inc", lambda s: "inc" if s.n < 3 else "double", {"inc", "double"})
    g.edge("double", END)
    state, trace = await g.run(S())
    assert state.n == 6
    assert trace == ["inc", "inc", "inc", "double"]


async def test_invalid_node_output_names_the_node() -> None:
    g = Graph(S, entry="bad").node("bad", bad)
    with pytest.raises(GraphError, match="'bad' produced an invalid state"):
        await g.run(S())


async def test_router_must_pick_a_declared_target() -> None:
    g = Graph(S, entry="inc").node("inc", inc).branch("inc", lambda s: "nowhere", {"double"})
    with pytest.raises(GraphError, match="chose 'nowhere'"):
        await g.run(S())


async def test_missing_node_and_endless_loop() -> None:
    with pytest.raises(GraphError, match="no node named"):
        await Graph(S, entry="ghost").run(S())
    g = Graph(S, entry="inc").node("inc", inc).edge("inc", "inc")
    with pytest.raises(GraphError, match="did not reach END"):
        await g.run(S(), max_steps=5)
