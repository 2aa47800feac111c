"""How an emulator instance behaves: where it listens, which catalogue it serves, and which faults it injects.

``EmulatorConfig`` is re-exported by :mod:`snapview.emulator.server` (its public home); it lives here so the
request handlers can use it without importing the server module that imports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from snapview.emulator.catalog import Catalog


@dataclass
class EmulatorConfig:
    host: str = "127.0.0.1"
    port: int = 0  # 0: any free port; the real one is in RunningEmulator.base_url
    catalog_path: Path | None = None  # None: the built-in demo catalogue
    latency_ms: float = 0  # added to every API and image response
    jitter_ms: float = 0  # plus a seeded 0..jitter_ms extra per request
    fault_rate: float = 0.0  # API calls answered InternalError 500 / ServiceUnavailable 503
    throttle_rate: float = 0.0  # API calls answered Throttling.User
    reset_rate: float = 0.0  # API calls whose connection is dropped without an answer
    truncate_rate: float = 0.0  # API calls whose body is cut short
    seed: int = 0  # fault decisions are a pure function of (seed, kind, request number)
    # ListSnapshots pages (PageNo) that always fail with ServiceUnavailable: a page whose bad run
    # never ends, so a client's partial listing can be seen.
    failing_pages: frozenset[int] = frozenset()
    # A broken or hostile gateway: every ListSnapshots answer claims this Total (None: the truth).
    claimed_total: int | None = None
    url_validity_s: int | None = (
        None  # fixed snapshot-URL validity for every video; None: AuthTimeout
    )
    # Images get their own rate so that API retry tests are not disturbed by image failures and vice
    # versa: a share of image requests is answered 503, reset, or truncated (split evenly).
    image_fault_rate: float = 0.0
    # A catalogue object instead of a file (tests build small ones); wins over catalog_path.
    catalog: Catalog | None = None
    # Whether the HTTP Date header follows advance_clock() (a server whose clock is off, as a client
    # measuring skew sees it) or stays on real time (time passing only for tokens and timestamps).
    date_follows_clock: bool = False
    # Bytes of rendered images kept in memory (LRU).
    image_cache_bytes: int = 96 * 1024 * 1024
    # SearchMedia: how long a ScrollToken stays valid (emulator clock), and the share of requests
    # carrying one that are answered InvalidScrollToken.Expired anyway (seeded, like the faults).
    scroll_token_ttl_s: float = 300.0
    scroll_expire_rate: float = 0.0
