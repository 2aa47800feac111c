"""The disk cache's one-file entries: a process killed mid-write leaves the cache consistent, a
damaged file is a miss (never wrong bytes), entries of the older two-file format are misses that
still count towards the size bound and are evicted first."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from snapview.services.cache_entry import EntryError, read_entry
from snapview.services.http_cache import HttpDiskCache, cache_key

HEADERS = {"etag": '"v1"', "content-type": "image/jpeg", "cache-control": "max-age=3600"}

# Stores one entry, then starts a second and is killed half-way through writing its bytes.
_CHILD = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from snapview.services import cache_entry
    from snapview.services.http_cache import HttpDiskCache

    cache = HttpDiskCache(Path(sys.argv[1]))
    headers = {"etag": '"v1"', "content-type": "image/jpeg", "cache-control": "max-age=3600"}
    cache.store("https://h/whole.jpg", b"W" * 50_000, headers)
    real_write = os.write

    def half_then_wait(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))
        print("mid", flush=True)
        sys.stdin.readline()  # the parent kills us here, half the entry written
        return real_write(fd, data)

    cache_entry.os.write = half_then_wait
    cache.store("https://h/torn.jpg", b"T" * 50_000, headers)
    """
)


def test_a_process_killed_mid_write_leaves_only_whole_entries(tmp_path: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "mid"
    writer.send_signal(signal.SIGKILL)
    writer.communicate(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    (leftover,) = tmp_path.rglob("*.tmp")  # the torn write really happened, under another name
    assert 0 < leftover.stat().st_size < 50_000

    cache = HttpDiskCache(tmp_path)
    whole = cache.lookup("https://h/whole.jpg")
    assert whole is not None and whole.read_body() == b"W" * 50_000
    assert cache.lookup("https://h/torn.jpg") is None  # a miss: it is fetched again
    again = cache.store("https://h/torn.jpg", b"T" * 50_000, HEADERS)
    assert again is not None and again.read_body() == b"T" * 50_000
    # A temporary file that old belongs to no running write: pruning removes it.
    old = time.time() - 2 * 3600
    os.utime(leftover, (old, old))
    cache.prune(10**9)
    assert not list(tmp_path.rglob("*.tmp")) and len(list(tmp_path.rglob("*.entry"))) == 2


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "garbage", "empty"])
def test_a_damaged_entry_is_a_miss_never_wrong_bytes(tmp_path: Path, damage: str) -> None:
    cache = HttpDiskCache(tmp_path)
    url = "https://h/d.jpg"
    stored = cache.store(url, bytes(range(256)) * 100, HEADERS)
    assert stored is not None
    data = stored.path.read_bytes()
    if damage == "truncated":
        stored.path.write_bytes(data[:-10])
    elif damage == "flipped byte":
        stored.path.write_bytes(data[:-100] + bytes([data[-100] ^ 1]) + data[-99:])
    elif damage == "garbage":
        stored.path.write_bytes(b"<html>not an entry</html>" * 100)
    else:
        stored.path.write_bytes(b"")
    entry = cache.lookup(url)
    if entry is not None:  # the header survived: the body's checksum gives it away
        assert damage == "flipped byte"
        with pytest.raises(EntryError):
            entry.read_body()
    with pytest.raises(EntryError):
        read_entry(str(stored.path))


def test_an_entry_replaced_after_its_lookup_is_not_read_as_the_old_one(tmp_path: Path) -> None:
    # A 304 answers the validators that were sent: a body stored since then is not that body.
    cache = HttpDiskCache(tmp_path)
    cache.store("https://h/r.jpg", b"old", HEADERS)
    looked_up = cache.lookup("https://h/r.jpg")
    assert looked_up is not None
    cache.store("https://h/r.jpg", b"new", HEADERS | {"etag": '"v2"'})
    with pytest.raises(EntryError):
        looked_up.read_body()


def test_a_304_keeps_the_body_and_validators_and_renews_freshness(tmp_path: Path) -> None:
    cache = HttpDiskCache(tmp_path)
    first = cache.store("https://h/n.jpg", b"body", HEADERS)
    assert first is not None
    renewed = cache.store("https://h/n.jpg", None, {"cache-control": "max-age=7200"})
    assert renewed is not None and renewed.max_age == 7200 and renewed.etag == '"v1"'
    assert renewed == cache.lookup("https://h/n.jpg") and renewed.read_body() == b"body"
    assert renewed.content_type == "image/jpeg" and renewed.stored_at >= first.stored_at


def test_old_two_file_entries_are_misses_counted_and_evicted_first(tmp_path: Path) -> None:
    key = cache_key("https://h/legacy.jpg")
    folder = tmp_path / key[:2]
    folder.mkdir()
    (folder / f"{key}.body").write_bytes(bytes(1000))
    (folder / f"{key}.json").write_text('{"v": 1, "size": 1000}')
    orphan = tmp_path / "ab" / f"ab{'0' * 62}.body"  # a body whose metadata was never written
    orphan.parent.mkdir()
    orphan.write_bytes(bytes(500))
    old = time.time() - 86400
    for path in (folder / f"{key}.body", folder / f"{key}.json", orphan):
        os.utime(path, (old, old))

    cache = HttpDiskCache(tmp_path, max_bytes=3000)
    assert cache.lookup("https://h/legacy.jpg") is None
    assert cache.total_bytes() >= 1500  # what the old files take counts towards the bound
    cache.store("https://h/new1.jpg", bytes(1000), HEADERS)
    cache.store("https://h/new2.jpg", bytes(1000), HEADERS)  # over 3,000: pruned to 2,700
    assert cache.total_bytes() <= 2700
    assert not (folder / f"{key}.body").exists() and not (folder / f"{key}.json").exists()
    assert not orphan.exists()
    assert cache.lookup("https://h/new1.jpg") is not None
    assert cache.lookup("https://h/new2.jpg") is not None


def test_writers_that_each_keep_their_own_count_are_brought_back_under_the_bound(
    tmp_path: Path,
) -> None:
    # The scan's worker processes: each counts only what it wrote, so together they overshoot.
    writers = [HttpDiskCache(tmp_path, max_bytes=5000) for _ in range(2)]
    parent = HttpDiskCache(tmp_path, max_bytes=5000)
    for cache in (*writers, parent):
        assert cache.total_bytes() == 0  # all start on the same empty folder
    for n in range(8):
        writers[n % 2].store(f"https://h/{n}.jpg", bytes(1000), HEADERS)
    assert HttpDiskCache(tmp_path).total_bytes() > 5000  # each writer stayed under its own bound
    assert parent.recount() <= 4500  # not the 0 it counted before the others wrote
    assert HttpDiskCache(tmp_path).total_bytes() <= 4500
    assert parent.lookup("https://h/7.jpg") is not None  # the newest are kept
    assert parent.lookup("https://h/0.jpg") is None  # the least recently used went
