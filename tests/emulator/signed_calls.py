"""Signed ListSnapshots calls for the emulator tests, built with ``snapview.core.signing`` and sent with
httpx over loopback — the way a client does it, with knobs to send what a sloppy or hostile client sends.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import httpx

from snapview.core import signing
from snapview.core.credentials import AliyunCredentials
from snapview.emulator import catalog as cat

DEMO = AliyunCredentials(cat.DEMO_ACCESS_KEY_ID, cat.DEMO_ACCESS_KEY_SECRET)
STS = AliyunCredentials(cat.DEMO_STS_ACCESS_KEY_ID, cat.DEMO_STS_SECRET, cat.DEMO_STS_TOKEN)


def v1_params(
    params: dict[str, str], creds: AliyunCredentials = DEMO, method: str = "GET", **kwargs: str
) -> dict[str, str]:
    return signing.v1_signed_params(method, {"Action": "ListSnapshots", **params}, creds, **kwargs)


def v1_call(
    base_url: str,
    params: dict[str, str],
    creds: AliyunCredentials = DEMO,
    method: str = "GET",
    *,
    plus_for_space: bool = False,
    **kwargs: str,
) -> httpx.Response:
    signed = v1_params(params, creds, method, **kwargs)
    return send_v1(base_url, signed, method, plus_for_space=plus_for_space)


def send_v1(
    base_url: str, signed: dict[str, str], method: str = "GET", *, plus_for_space: bool = False
) -> httpx.Response:
    if plus_for_space:
        query = urlencode(signed)  # form encoding: a space becomes "+"
    else:
        query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in signed.items())
    return httpx.request(method, f"{base_url}/?{query}", timeout=10)


def v3_call(
    base_url: str,
    query: dict[str, str],
    creds: AliyunCredentials = DEMO,
    method: str = "POST",
    *,
    date: str | None = None,
    nonce: str | None = None,
    tamper: dict[str, str] | None = None,
) -> httpx.Response:
    host = base_url.removeprefix("http://")
    headers = signing.v3_signed_headers(
        method, host, "ListSnapshots", query, creds, date=date, nonce=nonce
    )
    headers.update(tamper or {})
    encoded = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in query.items())
    return httpx.request(method, f"{base_url}/?{encoded}", headers=headers, timeout=10)


def snapshots(response: httpx.Response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["MediaSnapshot"]["Snapshots"]["Snapshot"]
