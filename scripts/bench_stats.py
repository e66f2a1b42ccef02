"""The benchmarks' one summary of timing samples (milliseconds), and their JSON report."""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any


def p95(samples: list[float]) -> float:
    """Interpolated between samples; one sample is its own p95."""
    return (
        statistics.quantiles(samples, n=20, method="inclusive")[-1] if samples[1:] else samples[0]
    )


def summary(samples: list[float]) -> dict[str, float]:
    """Median, p95 and minimum."""
    return {
        "median_ms": round(statistics.median(samples), 3),
        "p95_ms": round(p95(samples), 3),
        "min_ms": round(min(samples), 3),
    }


def emit(report: dict[str, Any], json_path: Path | None) -> None:
    """Print the report, and also write it to `json_path` when one is given."""
    text = json.dumps(report, indent=2)
    print(text)
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(text + "\n", encoding="utf-8")
