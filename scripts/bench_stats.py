"""The benchmarks' one summary of timing samples (milliseconds)."""

from __future__ import annotations

import statistics


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
