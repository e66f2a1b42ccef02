"""A tiny typed graph of async nodes over one pydantic state object.

A node is `async def node(state) -> state | dict` (a dict is a partial update). After
every node the runner re-validates the merged state with the state model, so a node
that writes a wrong type fails at that node, named, not three nodes later. Edges are
fixed (`edge`) or chosen at run time from the state (`branch`). No dependency: the
whole thing is the class below.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

S = TypeVar("S", bound=BaseModel)
END = "__end__"

Node = Callable[[S], Awaitable[S | Mapping[str, Any]]]
Router = Callable[[S], str]


class GraphError(RuntimeError):
    """A wiring mistake or a node that produced an invalid state."""


class Graph(Generic[S]):
    def __init__(self, state_type: type[S], entry: str) -> None:
        self.state_type = state_type
        self.entry = entry
        self._nodes: dict[str, Node[S]] = {}
        self._next: dict[str, Router[S]] = {}

    def node(self, name: str, fn: Node[S]) -> Graph[S]:
        self._nodes[name] = fn
        return self

    def edge(self, src: str, dst: str) -> Graph[S]:
        self._next[src] = lambda _state: dst
        return self

    def branch(self, src: str, router: Router[S], targets: set[str]) -> Graph[S]:
        """Conditional edge: `router(state)` names the next node, one of `targets`."""

        def route(state: S) -> str:
            dst = router(state)
            if dst not in targets:
                raise GraphError(
                    f"router after {src!r} chose {dst!r}, not one of {sorted(targets)}"
                )
            return dst

        self._next[src] = route
        return self

    async def run(self, state: S, *, max_steps: int = 64) -> tuple[S, list[str]]:
        """Run from the entry node to END; returns the final state and the nodes visited."""
        current, trace = self.entry, list[str]()
        for _ in range(max_steps):
            if current == END:
                return state, trace
            fn = self._nodes.get(current)
            if fn is None:
                raise GraphError(f"no node named {current!r}")
            trace.append(current)
            state = self._merge(current, state, await fn(state))
            router = self._next.get(current)
            current = router(state) if router else END
        raise GraphError(f"graph did not reach END within {max_steps} steps: {trace}")

    def _merge(self, name: str, state: S, out: S | Mapping[str, Any]) -> S:
        data = dict(out.__dict__) if isinstance(out, BaseModel) else {**state.__dict__, **out}
        try:
            # Nested model instances pass through unchanged; changed fields are checked.
            return self.state_type.model_validate(data)
        except ValidationError as exc:
            raise GraphError(f"node {name!r} produced an invalid state: {exc}") from exc
