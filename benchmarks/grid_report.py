"""The tables ``grid_bench.py`` prints: the issue #14 ratios (snapview, its reference in the same
run, the ratio and its target) and the start-up rows. Kept apart from the scenarios, which run in
child processes, so each file stays one concern."""

from __future__ import annotations

from typing import Any


def startup_rows(startup: dict[str, float]) -> list[tuple[str, float, float, float, str]]:
    return [
        (
            "start-up to shown window vs minimal PySide6",
            startup["snapview_window_ms"],
            startup["minimal_window_ms"],
            startup["ratio"],
            "≤ ×1.5",
        ),
        (
            "the same in CPU time until the first frame",
            startup["snapview_cpu_ms"],
            startup["minimal_cpu_ms"],
            startup["cpu_ratio"],
            "",
        ),
        (
            "start-up to every feature built (no target)",
            startup["snapview_ready_ms"],
            startup["minimal_window_ms"],
            startup["ready_ratio"],
            "",
        ),
    ]


def print_rows(rows: list[tuple[str, float, float, float, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"{'ratio (medians)':<{width}}  {'snapview':>9}  {'reference':>9}  {'ratio':>6}  target")
    for label, ours, theirs, ratio, target in rows:
        print(f"{label:<{width}}  {ours:>6.0f} ms  {theirs:>6.0f} ms  ×{ratio:>5.2f}  {target}")


def browser_rows(ratios: dict[str, Any]) -> list[tuple[str, float, float, float, str]]:
    if "browser_skipped" in ratios:
        return []
    return [
        (
            f"first viewport vs Chromium, {latency} ms",
            ratios[f"snapview_{latency}ms_median_ms"],
            ratios[f"browser_{latency}ms_median_ms"],
            ratios[key],
            "≤ ×0.4" if latency == 0 else "",
        )
        for latency, key in ((0, "viewport_vs_browser"), (50, "viewport_vs_browser_50ms"))
    ]


def print_ratios(ratios: dict[str, Any], startup: dict[str, float]) -> None:
    rows = [
        (
            "first viewport vs no-GUI fetch+decode, 0 ms",
            ratios["snapview_0ms_median_ms"],
            ratios["reference_0ms_median_ms"],
            ratios["viewport_vs_limit_0ms"],
            "≤ ×1.5",
        ),
        (
            "first viewport vs no-GUI fetch+decode, 50 ms",
            ratios["snapview_50ms_median_ms"],
            ratios["reference_50ms_median_ms"],
            ratios["viewport_vs_limit_50ms"],
            "≤ ×1.2",
        ),
        *(
            (
                f"the same vs the no-GUI loop on aiohttp, {latency} ms",
                ratios[f"snapview_{latency}ms_median_ms"],
                ratios[f"reference_aiohttp_{latency}ms_median_ms"],
                ratios[f"viewport_vs_aiohttp_limit_{latency}ms"],
                "",
            )
            for latency in (0, 50)
        ),
        *browser_rows(ratios),
        *startup_rows(startup),
        (
            "first viewport, 100,000 vs 1,000 snapshots",
            ratios["viewport_100k_median_ms"],
            ratios["viewport_1k_median_ms"],
            ratios["viewport_100k_vs_1k"],
            "≤ ×1.05",
        ),
    ]
    print_rows(rows)
    if "browser_skipped" in ratios:
        print(f"first viewport vs Chromium: skipped, {ratios['browser_skipped']}")
