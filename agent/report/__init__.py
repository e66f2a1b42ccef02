"""Self-contained HTML interview report: `render_report(...) -> str`."""

from agent.report.render import render_report

__all__ = ["render_report"]
