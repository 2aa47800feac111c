"""Seeded hostile event files, after the mix of the reliability report (shared/reports/reliability.md §1).

``make_input(seed, number)`` builds input ``number`` of a run from its own ``Random`` so any input
can be rebuilt alone (``python -m tests.fuzz.event_fuzz --only N``). Shares of the mix: byte edits
and hostile literals 27 %, truncation 10 %, a wrong type at a random field 23 %, envelope wrapping
8 %, deep nesting 2.5 %, encodings 7.4 %, duplicate keys 4 %, giant strings/arrays 0.6 %, arrays of
events 1.4 %, JSON Lines 16 %. ``hand_made(long)`` adds the report's hand-made cases.
"""

from __future__ import annotations

import codecs
import copy
import json
import random
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from tests.fixtures.huawei.smn_signing import mfs_callback, seed_event, smn_envelope

FIXTURES = Path(__file__).parents[1] / "fixtures" / "huawei"
MFS_KEY = "fuzz-mfs-key-0123"
BIG_INT = "1" * 4301

# Values put at a random field (the report's list), then raw literals spliced in as text.
WRONG_VALUES: list[Any] = [
    None,
    True,
    False,
    2**64 + 1,
    10**300,
    -1,
    0.5,
    "null",
    " 12.0 ",
    "",
    [],
    {},
    [1, 2],
    {"a": None},
    "x" * 5000,
    "\ud800",
    "\udfff",
    "\udc80",
    "\ud83d",
    "a\u2028b",
    "\u2029",
    "\x85",
    "\x1b[31mred\x1b[0m",
    "\u202eevil",
    "\x00",
    "截图",
    "😀",
]
RAW_LITERALS = [BIG_INT, "-" + "9" * 5000, "1e999", "-1e999", "NaN", "Infinity", "-Infinity"]
RAW_LITERALS += ['"\\ud800"', '"\\udfff"', '"\\ud83d"', '"a\u2028b"', "1" * 400, "0." + "1" * 5000]
HOSTILE_BYTES = [
    b"\xff",
    b"\xed\xa0\x80",  # an encoded surrogate: not UTF-8
    b"\xc0\xaf",  # overlong
    b"\xe6\x88",  # a character cut in half
    b"\x00",
    b'"',
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\\",
    b"\\ud800",
    b"\\u",
    "\u2028".encode(),
    "\u2029".encode(),
    "\x85".encode(),
    b"\x0b",
    b"\x0c",
    b"\r",
    b"\n",
    b"\r\n",
    BIG_INT.encode(),
    b"1e999",
    b"NaN",
    b"\xef\xbb\xbf",
    b"null",
    b"```",
]


@cache
def seeds() -> tuple[str, ...]:
    """The documents every mutation starts from (SPEC B.2 forms), as JSON text."""
    event = seed_event()
    failed = json.loads((FIXTURES / "thumbnail_failed.json").read_text(encoding="utf-8"))
    camel = {
        "eventType": "thumbnailComplete",
        "thumbnailInfo": {"assetId": "c" * 32, "status": "succeed", "sample": []},
    }
    cover = {
        "event_type": "coverComplete",
        "cover_info": {"asset_id": "d" * 32, "status": "SUCCEED", "cover_urls": [{"url": "u"}]},
    }
    smn = smn_envelope(event)
    confirmation = smn_envelope("confirm please", kind="SubscriptionConfirmation")
    decoded = dict(smn_envelope(failed), message=failed)
    mfs_headers = mfs_callback(event, MFS_KEY)
    mfs_beside = {"message": mfs_headers["message"], **mfs_headers["headers"]}
    docs: list[Any] = [event, failed, camel, cover, smn, confirmation, decoded, mfs_headers]
    docs += [mfs_beside, mfs_callback(failed, None), [event, failed, cover]]
    texts = [json.dumps(d, ensure_ascii=False, indent=1) for d in docs]
    texts.append((FIXTURES / "thumbnail_succeed_seed.json").read_text(encoding="utf-8"))
    texts.append((FIXTURES / "events_with_broken_line.jsonl").read_text(encoding="utf-8"))
    texts.append("\n".join(json.dumps(d, ensure_ascii=False) for d in docs[:8]))
    return tuple(texts)


def _documents() -> list[Any]:
    return [json.loads(t) for t in seeds()[:11]]


def json_paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every node of a parsed JSON value, the root's ``()`` first."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from json_paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from json_paths(child, (*prefix, index))


def _set(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    node = value
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = new
    return value


def _dumps(value: Any, rng: random.Random) -> str:
    return json.dumps(value, ensure_ascii=rng.random() < 0.3, indent=rng.choice([None, 1, "\t"]))


def _wrong_type(rng: random.Random) -> str:
    doc = rng.choice(_documents())
    marker = "__RAW_LITERAL__"
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(list(json_paths(doc)))
        raw = rng.random() < 0.3
        doc = _set(doc, path, marker if raw else copy.deepcopy(rng.choice(WRONG_VALUES)))
    text = _dumps(doc, rng)
    return text.replace(f'"{marker}"', rng.choice(RAW_LITERALS))


def _byte_edits(rng: random.Random) -> bytes:
    data = bytearray(rng.choice(seeds()).encode("utf-8"))
    for _ in range(rng.randint(1, 6)):
        pos = rng.randrange(len(data) + 1)
        kind = rng.random()
        if kind < 0.3 and data:
            data[min(pos, len(data) - 1)] ^= 1 << rng.randrange(8)
        elif kind < 0.45 and data:
            del data[pos : pos + rng.randint(1, 8)]
        else:
            data[pos:pos] = rng.choice(HOSTILE_BYTES)
    return bytes(data)


def _truncated(rng: random.Random) -> bytes:
    data = rng.choice(seeds()).encode("utf-8")
    return data[: rng.randrange(len(data) + 1)]


def _envelope(rng: random.Random) -> str:
    inner = _wrong_type(rng) if rng.random() < 0.6 else rng.choice(seeds()[:4])
    if rng.random() < 0.4:
        pos = rng.randrange(len(inner) + 1)
        inner = (
            inner[:pos]
            + rng.choice(["\ud800", "\udcff", "\u2028", "\x00", "\\ud800"])
            + inner[pos:]
        )
    if rng.random() < 0.5:
        # Signed over the text with its lone surrogates replaced (nothing can sign those), then given
        # the real text: a forged or damaged envelope.
        env: dict[str, Any] = smn_envelope(inner.encode("utf-8", "replace").decode())
        env["message"] = inner
    else:
        env = {"message": inner, "auth_timestamp": "1763892672", "auth_sign": "0" * 64}
        if rng.random() < 0.3:
            env["auth_sign"] = rng.choice(["é", "AB", "\ud800", "0" * 63 + "g", 64 * "A"])
    if rng.random() < 0.2:
        env = {"message": json.dumps(env, ensure_ascii=False)}  # double wrapping
    if rng.random() < 0.3:
        field = rng.choice(["type", "topic_urn", "signature", "message_id", "timestamp"])
        env[field] = copy.deepcopy(rng.choice(WRONG_VALUES))
    return _dumps(env, rng)


def _deep(rng: random.Random, long: bool) -> str:
    depth = rng.choice([400, 499, 501, 940, 990, 1000, 1500, 5000] + ([100_000] if long else []))
    opener, closer = rng.choice([("[", "]"), ('{"a":', "}"), ('{"message":', "}")])
    nest = opener * depth + "1" + closer * depth
    where = rng.random()
    if where < 0.3:
        return nest
    if where < 0.6:
        return json.dumps(dict(seed_event(), extra="X")).replace('"X"', nest)
    if where < 0.8:
        return "[" + json.dumps(seed_event()) + "," + nest + "]"
    return json.dumps(smn_envelope("X")).replace('"X"', json.dumps(nest))


def _encoding(rng: random.Random) -> bytes:
    text = rng.choice(seeds())
    choice = rng.randrange(10)
    if choice == 0:
        return codecs.BOM_UTF8 + text.encode()
    if choice == 1:
        return codecs.BOM_UTF8 * 2 + text.encode()
    if choice == 2:
        mid = len(text) // 2
        return text[:mid].encode() + codecs.BOM_UTF8 + text[mid:].encode()
    if choice == 3:
        return text.encode(rng.choice(["utf-16", "utf-32", "utf-16-le", "utf-32-be"]))
    if choice == 4:
        return text.encode().replace(b",", b"\x00,", 1)
    if choice == 5:
        return text.encode().replace(b'"', b'"\xed\xb2\x80', 1)
    if choice == 6:
        return text.replace("\n", "\r").encode()
    if choice == 7:
        return text.replace("\n", "\r\n").encode()
    if choice == 8:
        return text.replace("\n", "\u2028").encode()
    return text.encode().replace(b"a", b"\xc1\xa1", 1)


def _duplicate_keys(rng: random.Random) -> str:
    text = rng.choice(seeds()[:6])
    key = rng.choice(['"status"', '"event_type"', '"message"', '"offset"', '"type"', '"asset_id"'])
    value = rng.choice(['"FAILED"', "null", "1", '"x"', "[]", BIG_INT])
    return text.replace(key + ":", f"{key}: {value}, {key}:", rng.randint(1, 3))


def _giant(rng: random.Random, long: bool) -> str:
    size = rng.randint(100_000, 4_000_000 if long else 600_000)
    if rng.random() < 0.5:
        return json.dumps(dict(seed_event(), big="x" * size))
    return json.dumps(dict(seed_event(), big=[1] * (size // 2)))


def _array_of_events(rng: random.Random) -> str:
    first: Any = seed_event()
    if rng.random() < 0.3:
        try:
            first = json.loads(_wrong_type(rng))
        except ValueError:  # a raw literal json.loads refuses (a 5,000-digit integer)
            pass
    items = [first]
    items += [rng.choice(_documents()) for _ in range(rng.randint(1, 39))]
    return _dumps([i for i in items if isinstance(i, dict)] or [seed_event()], rng)


def _json_lines(rng: random.Random) -> bytes:
    lines: list[bytes] = []
    for _ in range(rng.randint(2, 40)):
        kind = rng.random()
        good = json.dumps(rng.choice(_documents()[:10]), ensure_ascii=False)
        if kind < 0.45:
            lines.append(good.encode())
        elif kind < 0.55:
            lines.append(_wrong_type(rng).replace("\n", " ").encode("utf-8", "surrogatepass"))
        elif kind < 0.6:
            lines.append(rng.choice([b"garbage", b"# comment", b"[1,2]", b"42", b"null"]))
        elif kind < 0.68:
            lines.append(b"   " if rng.random() < 0.5 else b"")
        elif kind < 0.76:
            lines.append(good.encode()[: rng.randrange(len(good))])
        elif kind < 0.86:
            raw = good.encode()
            pos = rng.randrange(len(raw))
            lines.append(raw[:pos] + rng.choice([b"\xff", b"\xed\xa0\x80", b"\xc0"]) + raw[pos:])
        else:
            sep = rng.choice(["\u2028", "\u2029", "\x85"])
            lines.append(
                good.replace('"SUCCEED"', f'"SUC{sep}CEED"').replace('"u"', f'"u{sep}"').encode()
            )
    return (b"\r\n" if rng.random() < 0.2 else b"\n").join(lines)


def make_input(seed: int, number: int, *, long: bool = False) -> tuple[str, bytes | str]:
    """Input ``number`` of run ``seed``: (kind, content)."""
    rng = random.Random(f"{seed}:{number}")
    roll = rng.random() * 100
    table: list[tuple[float, str, Callable[[], bytes | str]]] = [
        (27, "bytes", lambda: _byte_edits(rng)),
        (10, "truncated", lambda: _truncated(rng)),
        (23, "wrong-type", lambda: _wrong_type(rng)),
        (8, "envelope", lambda: _envelope(rng)),
        (2.5, "deep", lambda: _deep(rng, long)),
        (7.4, "encoding", lambda: _encoding(rng)),
        (4, "duplicate-keys", lambda: _duplicate_keys(rng)),
        (0.6, "giant", lambda: _giant(rng, long)),
        (1.4, "array", lambda: _array_of_events(rng)),
        (16.1, "json-lines", lambda: _json_lines(rng)),
    ]
    for share, name, build in table:
        roll -= share
        if roll < 0:
            kind, content = name, build()
            break
    else:
        kind, content = "json-lines", _json_lines(rng)
    if isinstance(content, str) and rng.random() < 0.5:
        content = content.encode("utf-8", "surrogatepass")  # a file, as the CLI reads it
    return kind, content


def hand_made(long: bool = False) -> list[tuple[str, bytes | str]]:
    """The report's hand-made cases: long integers everywhere, surrogates in every printed field,
    depths near the limits, huge inputs, and arrays of many events."""
    event = seed_event()
    cases: list[tuple[str, bytes | str]] = []
    offset = '{"event_type":"thumbnailComplete","thumbnail_info":{"sample":[{"offset":%s}]}}'
    for digits in (4301, 5000, 6000):
        cases.append((f"bigint-{digits}", offset % ("1" * digits)))
        cases.append((f"bigint-jsonl-{digits}", '{"event_type":"a"}\n' + offset % ("7" * digits)))
        cases.append((f"bigint-smn-{digits}", json.dumps(smn_envelope(offset % ("3" * digits)))))
    for field in ("asset_id", "url", "event_type", "error_msg", "error_code", "status"):
        for escape in ("\\ud800", "\\udfff", "\\udc80", "\\ud83d"):
            info: dict[str, Any] = {"asset_id": "a", "status": "FAILED", "error_code": "c"}
            info.update(error_msg="m", sample=[{"offset": 1, "url": "u"}])
            doc = {"event_type": "thumbnailComplete", "thumbnail_info": info}
            text = json.dumps(doc).replace(f'"{field}": "', f'"{field}": "{escape}', 1)
            text = text.replace('"url": "', f'"url": "{escape}') if field == "url" else text
            cases.append((f"surrogate-{field}-{escape[1:]}", text))
    cases.append(
        (
            "surrogate-text-message",
            json.dumps(smn_envelope("hi \\ud800")).replace("\\\\ud800", "\\ud800"),
        )
    )
    for depth in (940, 990, 1000):
        cases.append((f"depth-{depth}-objects", "[" + '{"a":' * depth + "1" + "}" * depth + "]"))
        cases.append(
            (
                f"depth-{depth}-smn",
                json.dumps(dict(smn_envelope("X"), message="X")).replace(
                    '"X"', '{"a":' * depth + "1" + "}" * depth, 1
                ),
            )
        )
    cases.append(("100k-brackets", "[" * 100_000))
    size = 10_000_000 if long else 2_000_000
    cases.append(
        (
            "string-then-5000-levels",
            '{"a":"' + "x" * size + '","b":' + "[" * 5000 + "]" * 5000 + "}",
        )
    )
    cases.append(
        ("2mb-jsonl", "\n".join([json.dumps(event)] * (2_000_000 // len(json.dumps(event)))))
    )
    cases.append(("50k-garbage-lines", "\n".join(["garbage line"] * 50_000)))
    for count in (250, 500, 1000, 2000) + ((4000,) if long else ()):
        cases.append((f"array-of-{count}-events", json.dumps([event] * count)))
    cases.append(("u2028-jsonl", '{"event_type":"a","x":"\u2028"}\n{"event_type":"b"}'))
    cases.append(
        ("bad-utf8-jsonl", b'{"event_type":"a"}\n{"event_type":"\xff"}\n{"event_type":"c"}')
    )
    return cases
