"""The benchmarks' one summary of timing samples (milliseconds)."""

from __future__ import annotations

import statistics


def summary(samples: list[float]) -> dict[str, float]:
    """Median, p95 (interpolated between samples) and minimum; needs two samples or more."""
    return {
        "median_ms": round(statistics.median(samples), 3),
        "p95_ms": round(statistics.quantiles(samples, n=20, method="inclusive")[-1], 3),
        "min_ms": round(min(samples), 3),
    }
