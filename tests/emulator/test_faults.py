"""Injected faults are repeatable: the same seed gives the same throttles, 5xx, resets and truncations."""

from __future__ import annotations

import httpx

from snapview.emulator import catalog as cat
from snapview.emulator.faults import FaultPlan
from tests.emulator.signed_calls import v1_call

RATES = {"fault_rate": 0.15, "throttle_rate": 0.15, "reset_rate": 0.1, "truncate_rate": 0.1}


def _outcomes(emulator, count: int = 40) -> list[str]:
    seen = []
    for _ in range(count):
        try:
            response = v1_call(emulator.base_url, {"VideoId": cat.SHORT_VIDEO_ID})
        except httpx.TransportError as exc:
            seen.append(type(exc).__name__)
            continue
        seen.append(
            "ok"
            if response.status_code == 200
            else f"{response.status_code} {response.json()['Code']}"
        )
    return seen


def test_same_seed_same_faults_other_seed_other_faults(emulator_factory) -> None:
    first = _outcomes(emulator_factory(seed=7, **RATES))
    again = _outcomes(emulator_factory(seed=7, **RATES))
    other = _outcomes(emulator_factory(seed=8, **RATES))
    assert first == again
    assert first != other
    kinds = set(first)
    assert "ok" in kinds
    assert {"500 InternalError", "503 ServiceUnavailable"} & kinds
    assert any(k.endswith("Throttling.User") for k in kinds)
    # A reset gives no answer at all; a truncated body is shorter than its Content-Length.
    assert {"RemoteProtocolError", "ReadError"} & kinds


def test_faults_are_counted(emulator_factory) -> None:
    emulator = emulator_factory(seed=7, **RATES)
    outcomes = _outcomes(emulator)
    stats = emulator.stats
    assert stats["api_requests"] == 40
    assert stats["throttled"] == sum(o.endswith("Throttling.User") for o in outcomes)
    assert stats["list_snapshots"] >= outcomes.count("ok")


def test_no_faults_by_default(emulator) -> None:
    assert set(_outcomes(emulator, 10)) == {"ok"}


def test_image_faults_are_separate_from_api_faults(emulator_factory) -> None:
    emulator = emulator_factory(image_fault_rate=1.0, seed=1)
    page = v1_call(emulator.base_url, {"VideoId": cat.SHORT_VIDEO_ID})
    assert page.status_code == 200
    failures = 0
    for snapshot in page.json()["MediaSnapshot"]["Snapshots"]["Snapshot"]:
        try:
            response = httpx.get(snapshot["Url"], timeout=10)
        except httpx.TransportError:
            failures += 1
            continue
        failures += response.status_code == 503
    assert failures == 8


def test_fault_plan_is_a_pure_function() -> None:
    plan = FaultPlan(seed=3, latency_ms=10, jitter_ms=20, fault_rate=0.5)
    fates = [plan.fate("api", n) for n in range(200)]
    assert fates == [plan.fate("api", n) for n in range(200)]
    assert all(10 <= f.delay_ms <= 30 for f in fates)
    share = sum(f.fault == "error" for f in fates) / len(fates)
    assert 0.35 < share < 0.65
    other_seed = FaultPlan(seed=4, latency_ms=10, jitter_ms=20, fault_rate=0.5)
    assert [other_seed.fate("api", n) for n in range(200)] != fates


def test_stats_read_zero_for_what_never_happened(emulator_factory) -> None:
    emulator = emulator_factory()
    assert emulator.stats["throttled"] == 0
    assert v1_call(emulator.base_url, {"VideoId": cat.SHORT_VIDEO_ID}).status_code == 200
    assert emulator.stats["list_snapshots"] == 1
