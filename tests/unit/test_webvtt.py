"""WebVTT thumbnail tracks (SPEC A.2): the lenient forms real files use, URL resolution with the
signing token carried over, and errors that name the line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snapview.core.webvtt import (
    Region,
    RegionUnit,
    WebVttError,
    parse_region,
    parse_time_ms,
    parse_webvtt,
    resolve_image_url,
)

SPEC_SAMPLE = """WEBVTT

00:00:00.000 --> 00:00:05.000
sprite00001.jpg#xywh=0,0,120,68

00:00:05.000 --> 00:00:10.000
sprite00001.jpg#xywh=120,0,120,68
"""

VTT_URL = "https://cdn.example.com/snapshot/abc/sprite.vtt?auth_key=1700000000-0-0-0123456789abcdef"


def test_spec_sample_gives_two_cues_on_one_sheet() -> None:
    track = parse_webvtt(SPEC_SAMPLE, VTT_URL)
    assert [(c.start_ms, c.end_ms) for c in track.cues] == [(0, 5000), (5000, 10000)]
    sheet = "https://cdn.example.com/snapshot/abc/sprite00001.jpg?auth_key=1700000000-0-0-0123456789abcdef"
    assert track.image_urls() == [sheet]
    assert track.cues[1].region == Region(120, 0, 120, 68, RegionUnit.PIXEL)
    assert track.cues[0].line == 3
    assert track.issues == ()


def test_lenient_forms_cue_ids_short_times_commas_and_settings() -> None:
    text = (
        "\ufeffWEBVTT - thumbnails\r\nKind: metadata\r\n\r\n"
        "NOTE made by hand\r\n\r\n"
        "cue-1\r\n00:01,5 --> 00:02.25 align:start\r\nhttps://other.example.com/a.jpg#xywh=pixel:1,2,3,4\r\n\r\n"
        "2\r\n01:00:00.000-->01:00:01.000\r\nb.jpg#xywh=percent:0,50,25.5,50\r\n"
    )
    track = parse_webvtt(text, VTT_URL)
    first, second = track.cues
    assert (first.cue_id, first.start_ms, first.end_ms) == ("cue-1", 1500, 2250)
    # An absolute URL on another host keeps its own query (none): the token is not leaked to it.
    assert first.image_url == "https://other.example.com/a.jpg"
    assert first.region == Region(1, 2, 3, 4, RegionUnit.PIXEL)
    assert (second.cue_id, second.start_ms) == ("2", 3_600_000)
    assert second.region is not None and second.region.unit is RegionUnit.PERCENT
    assert second.region.to_pixels(400, 200) == (0, 100, 102, 100)
    assert track.issues == ()


def test_cue_right_under_the_header_without_blank_line() -> None:
    track = parse_webvtt("WEBVTT\n00:00.000 --> 00:01.000\na.jpg\n")
    assert (
        len(track.cues) == 1 and track.cues[0].region is None and track.cues[0].image_url == "a.jpg"
    )


def test_bad_cues_are_skipped_and_reported_with_line_numbers() -> None:
    text = (
        "WEBVTT\n\n"
        "00:00.000 --> 00:05.000\na.jpg#xywh=0,0,10,10\n\n"  # line 3: fine
        "00:0x.000 --> 00:10.000\nb.jpg\n\n"  # line 6: bad time
        "00:10.000 --> 00:05.000\nc.jpg\n\n"  # line 9: ends before it starts
        "00:10.000 --> 00:15.000\nd.jpg#xywh=1,2,0,4\n\n"  # line 13: empty region
        "00:15.000 --> 00:20.000\n"  # line 15: no image
    )
    track = parse_webvtt(text)
    assert [c.image_url for c in track.cues] == ["a.jpg"]
    assert [i.line for i in track.issues] == [6, 9, 13, 15]
    assert (
        track.issues[0].english() == "line 6: Cannot read the cue times “00:0x.000 --> 00:10.000”."
    )
    assert "ends before it starts" in track.issues[1].english()


def test_no_usable_cue_raises_with_the_line() -> None:
    with pytest.raises(WebVttError) as info:
        parse_webvtt("WEBVTT\n\n\n00:00.000 --> nonsense\na.jpg\n")
    assert info.value.line == 4
    assert "Cannot read the cue times" in str(info.value)


def test_an_html_error_page_is_not_a_webvtt_file() -> None:
    with pytest.raises(WebVttError) as info:
        parse_webvtt("\n<html><body>403 Forbidden</body></html>\n")
    assert info.value.line == 2
    assert (
        str(info.value)
        == "line 2: Not a WebVTT file (it starts with “<html><body>403 Forbidden</body></html>”)."
    )


def test_empty_and_header_only_files() -> None:
    with pytest.raises(WebVttError, match="empty"):
        parse_webvtt("  \n\n")
    with pytest.raises(WebVttError, match="no cues"):
        parse_webvtt("WEBVTT\n\nNOTE nothing here\n")


def test_missing_header_is_tolerated_when_cues_follow() -> None:
    track = parse_webvtt("00:00.000 --> 00:01.000\na.jpg\n")
    assert len(track.cues) == 1
    assert [i.english() for i in track.issues] == ["line 1: No WEBVTT header."]


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("00:00:01.000", 1000),
        ("01:02.003", 62003),
        ("1:02:03,4", 3_723_400),
        ("00:05", 5000),
        ("00:61.000", None),
        ("abc", None),
        ("", None),
    ],
)
def test_time_forms(text: str, ms: int | None) -> None:
    assert parse_time_ms(text) == ms


def test_region_forms() -> None:
    assert parse_region("xywh=160,90,160,90") == Region(160, 90, 160, 90)
    assert parse_region("XYWH=pixel:0,0,1,1") == Region(0, 0, 1, 1)
    assert parse_region("t=10&xywh=percent:10,10,50,50") == Region(
        10, 10, 50, 50, RegionUnit.PERCENT
    )
    assert parse_region("") is None
    with pytest.raises(ValueError, match="malformed"):
        parse_region("xywh=1,2,3")


def test_unreadable_image_link_is_reported() -> None:
    track = parse_webvtt(
        "WEBVTT\n\n00:00.000 --> 00:01.000\nhttp://[::1/a.jpg\n\n00:01.000 --> 00:02.000\nb.jpg\n",
        VTT_URL,
    )
    assert [c.image_url.rsplit("/", 1)[1] for c in track.cues] == [
        "b.jpg?auth_key=1700000000-0-0-0123456789abcdef"
    ]
    assert track.issues[0].english() == "line 4: Cannot read the image link “http://[::1/a.jpg”."
    track = parse_webvtt(
        "WEBVTT\n\n00:00.000 --> 00:01.000\nfile:///etc/passwd\n\n00:01.000 --> 00:02.000\nb.jpg\n"
    )
    assert [c.image_url for c in track.cues] == ["b.jpg"] and track.issues[0].line == 4


def test_url_resolution_carries_the_token_only_to_its_own_host() -> None:
    assert resolve_image_url("s1.jpg", VTT_URL).endswith(
        "/snapshot/abc/s1.jpg?auth_key=1700000000-0-0-0123456789abcdef"
    )
    assert (
        resolve_image_url("/x/s1.jpg?auth_key=own", VTT_URL)
        == "https://cdn.example.com/x/s1.jpg?auth_key=own"
    )
    assert (
        resolve_image_url("https://evil.example.net/s1.jpg", VTT_URL)
        == "https://evil.example.net/s1.jpg"
    )
    assert resolve_image_url("s1.jpg", "") == "s1.jpg"


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_never_crashes_on_arbitrary_text(text: str) -> None:
    error: WebVttError | None = None
    try:
        track = parse_webvtt(text, VTT_URL)
    except WebVttError as exc:
        error = exc
    if error is not None:
        assert error.line >= 1 and error.message.english()
    else:
        assert track.cues and all(c.end_ms >= c.start_ms >= 0 for c in track.cues)


cue_line = st.builds(
    lambda a, b, name, frag: f"{a} --> {b}\n{name}{frag}\n",
    st.sampled_from(["00:00.000", "00:00:01,5", "99:59:59.999", "1:2", "00:00"]),
    st.sampled_from(["00:00.000", "00:00:02.000", "x", "00:59.9"]),
    st.text(alphabet="abc./:?=&#%[]@ ", max_size=20),
    st.sampled_from(
        ["", "#xywh=0,0,1,1", "#xywh=percent:1.5,2,3,4", "#xywh=pixel:", "#xywh=-1,0,1,1"]
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(cue_line, max_size=6), st.booleans())
def test_never_crashes_on_near_valid_files(cues: list[str], header: bool) -> None:
    text = ("WEBVTT\n\n" if header else "") + "\n".join(cues)
    error: WebVttError | None = None
    try:
        track = parse_webvtt(text, VTT_URL)
    except WebVttError as exc:
        error = exc
    if error is not None:
        assert error.line >= 1 and error.message.english()
    else:
        assert all(c.image_url.startswith("https://") for c in track.cues)
