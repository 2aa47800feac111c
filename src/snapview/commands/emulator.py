"""`snapview emulator`: run the local VOD emulator (Alibaba ListSnapshots + Huawei events) on loopback.

When ready it prints its base URL on the first line (``snapview emulator listening on http://…``), then
shell-pasteable ``ALIBABA_CLOUD_ACCESS_KEY_ID=…`` / ``ALIBABA_CLOUD_ACCESS_KEY_SECRET=…`` lines with the demo
key, and serves until SIGINT or SIGTERM (exit 0). ``--print-catalog`` prints what it serves as JSON.

Keep module-level imports light: this module is imported for `snapview --help`.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snapview.emulator.config import EmulatorConfig

READY_PREFIX = "snapview emulator listening on "


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not a fraction between 0 and 1")
    return value


def _non_negative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def _megabytes(text: str) -> float:
    value = _non_negative(text)
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a size in MB")
    return value


def _seconds(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of seconds") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} must be at least 1 second")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(
            f"{text} is not a port number (0-65535; 0 picks a free one)"
        )
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare this command's options."""
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    parser.add_argument("--port", type=_port, default=0, help="port (default 0: any free port)")
    parser.add_argument(
        "--catalog", type=Path, metavar="FILE", help="catalogue JSON (default: the built-in demo)"
    )
    parser.add_argument(
        "--latency-ms",
        type=_non_negative,
        default=0.0,
        metavar="N",
        help="delay every answer by N ms",
    )
    parser.add_argument(
        "--jitter-ms", type=_non_negative, default=0.0, metavar="N", help="plus a seeded 0..N ms"
    )
    parser.add_argument(
        "--fault-rate",
        type=_rate,
        default=0.0,
        metavar="F",
        help="share (0-1) of API calls answered 500/503",
    )
    parser.add_argument(
        "--throttle-rate",
        type=_rate,
        default=0.0,
        metavar="F",
        help="share (0-1) of API calls answered Throttling.User",
    )
    parser.add_argument(
        "--reset-rate",
        type=_rate,
        default=0.0,
        metavar="F",
        help="share (0-1) of API connections dropped unanswered",
    )
    parser.add_argument(
        "--truncate-rate",
        type=_rate,
        default=0.0,
        metavar="F",
        help="share (0-1) of API answers cut short",
    )
    parser.add_argument(
        "--image-fault-rate",
        type=_rate,
        default=0.0,
        metavar="F",
        help="share (0-1) of image requests failed (503, reset or cut short)",
    )
    parser.add_argument(
        "--url-validity",
        type=_seconds,
        metavar="SECONDS",
        help="snapshot URLs expire after this, whatever AuthTimeout says",
    )
    parser.add_argument(
        "--image-cache-mb",
        type=_megabytes,
        default=None,
        metavar="MB",
        help="rendered images kept in memory (default 96); a benchmark keeps every frame",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="N",
        help="fault decisions repeat for the same seed (default 0)",
    )
    parser.add_argument(
        "--print-catalog", action="store_true", help="print the catalogue as JSON and exit"
    )


def _config(args: argparse.Namespace) -> EmulatorConfig:
    from snapview.emulator.config import EmulatorConfig

    return EmulatorConfig(
        host=args.host,
        port=args.port,
        catalog_path=args.catalog,
        latency_ms=args.latency_ms,
        jitter_ms=args.jitter_ms,
        fault_rate=args.fault_rate,
        throttle_rate=args.throttle_rate,
        reset_rate=args.reset_rate,
        truncate_rate=args.truncate_rate,
        image_fault_rate=args.image_fault_rate,
        url_validity_s=args.url_validity,
        seed=args.seed,
        image_cache_bytes=(
            EmulatorConfig.image_cache_bytes
            if args.image_cache_mb is None
            else int(args.image_cache_mb * 2**20)
        ),
    )


def _print_catalog(args: argparse.Namespace) -> int:
    import json

    from snapview.emulator.catalog import CatalogError
    from snapview.emulator.catalog_file import load_catalog

    try:
        catalog = load_catalog(args.catalog)
    except CatalogError as exc:
        print(f"snapview emulator: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(catalog.describe(), indent=2, ensure_ascii=False))
    return 0


def run(args: argparse.Namespace) -> int:
    if args.print_catalog:
        return _print_catalog(args)
    import asyncio
    import signal

    from snapview.emulator.catalog import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
    from snapview.emulator.huawei_catalog import (
        HUAWEI_DEMO_AK,
        HUAWEI_DEMO_PROJECT_ID,
        HUAWEI_DEMO_SK,
    )
    from snapview.emulator.server import EmulatorStartError, serve

    config = _config(args)
    if config.host not in ("127.0.0.1", "::1", "localhost"):
        print(
            f"snapview emulator: warning: listening on {config.host}, beyond loopback — anyone who can "
            "reach it can use the demo keys and the catalogue",
            file=sys.stderr,
        )

    def ready(base_url: str) -> None:
        print(f"{READY_PREFIX}{base_url}")
        print(f"ALIBABA_CLOUD_ACCESS_KEY_ID={DEMO_ACCESS_KEY_ID}")
        print(f"ALIBABA_CLOUD_ACCESS_KEY_SECRET={DEMO_ACCESS_KEY_SECRET}")
        print(f"HUAWEICLOUD_SDK_AK={HUAWEI_DEMO_AK}")
        print(f"HUAWEICLOUD_SDK_SK={HUAWEI_DEMO_SK}")
        print(f"HUAWEICLOUD_SDK_PROJECT_ID={HUAWEI_DEMO_PROJECT_ID}")
        print(
            "# demo keys of this emulator only; 'snapview emulator --print-catalog' lists its videos"
        )
        sys.stdout.flush()

    async def main() -> None:
        task = asyncio.current_task()
        assert task is not None
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, task.cancel)
            except (NotImplementedError, RuntimeError):
                pass  # Windows: Ctrl+C arrives as KeyboardInterrupt instead
        try:
            await serve(config, ready)
        except asyncio.CancelledError:
            return

    try:
        asyncio.run(main())
    except EmulatorStartError as exc:
        print(f"snapview emulator: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0
