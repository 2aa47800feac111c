"""What a user types into the library's filters and pastes as an ID list: every mistake gets a
specific message, and a pasted list keeps every valid ID whatever else it holds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from snapview.core.library import LibraryFilter, TimeBound, VideoSummary, parse_utc, title_terms
from snapview.core.library_input import (
    LibraryInputError,
    build_filter,
    parse_id_list,
    parse_statuses,
    parse_time_bound,
)
from snapview.core.search_media import ALIBABA_STATUSES

CST = timezone(timedelta(hours=8))


def _filter(**kwargs) -> LibraryFilter:
    return build_filter(known_statuses=ALIBABA_STATUSES, **kwargs)


def _message(excinfo: pytest.ExceptionInfo[LibraryInputError]) -> str:
    return excinfo.value.user_message.english()


# --- dates ---------------------------------------------------------------------------------------


def test_a_day_is_the_whole_day_in_the_given_zone() -> None:
    start = parse_time_bound("2026-11-20", end=False, tz=CST)
    end = parse_time_bound("2026-11-20", end=True, tz=CST)
    assert start == TimeBound(datetime(2026, 11, 19, 16, 0, tzinfo=UTC), inclusive=True)
    assert end == TimeBound(datetime(2026, 11, 20, 16, 0, tzinfo=UTC), inclusive=False)
    assert start.text == "2026-11-19T16:00:00Z"


def test_today_and_yesterday_follow_the_local_day() -> None:
    now = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)  # 09:30 in Beijing
    today = parse_time_bound("today", end=False, tz=CST, now=now)
    yesterday = parse_time_bound("昨天", end=True, tz=CST, now=now)
    assert today is not None and today.at == datetime(2026, 11, 19, 16, 0, tzinfo=UTC)
    assert yesterday is not None and yesterday.at == datetime(2026, 11, 19, 16, 0, tzinfo=UTC)
    assert not yesterday.inclusive


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20T08:00:00Z", datetime(2026, 11, 20, 8, 0, tzinfo=UTC)),
        ("2026-11-20T08:00:00+08:00", datetime(2026, 11, 20, 0, 0, tzinfo=UTC)),
        ("2026-11-20 08:00", datetime(2026, 11, 20, 0, 0, tzinfo=UTC)),  # local: +08:00
    ],
)
def test_times_with_and_without_a_zone(text: str, expected: datetime) -> None:
    bound = parse_time_bound(text, end=False, tz=CST)
    assert bound == TimeBound(expected, inclusive=True)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2026-02-30", "is not a date of the calendar"),
        ("2026-13-01", "is not a date of the calendar"),
        ("2026-11-20T25:00", "is not a valid time"),
        ("last tuesday", "is not a date; use YYYY-MM-DD"),
        ("20/11/2026", "is not a date; use YYYY-MM-DD"),
    ],
)
def test_what_is_not_a_date_says_so(text: str, words: str) -> None:
    with pytest.raises(LibraryInputError) as excinfo:
        parse_time_bound(text, end=False)
    assert words in _message(excinfo) and text in _message(excinfo)
    assert excinfo.value.field == "since"


def test_a_range_the_wrong_way_round_names_both_ends() -> None:
    with pytest.raises(LibraryInputError) as excinfo:
        _filter(since="2026-12-01", until="2026-11-01")
    assert _message(excinfo) == (
        "The date range is the wrong way round: it starts 2026-12-01 and ends 2026-11-01. "
        "Swap the dates."
    )
    assert excinfo.value.field == "until"


def test_one_day_and_one_instant_are_ranges_but_an_empty_one_is_not() -> None:
    day = _filter(since="2026-11-20", until="2026-11-20")
    assert day.since is not None and day.until is not None
    assert day.until.at - day.since.at == timedelta(days=1)
    instant = _filter(since="2026-11-20T08:00:00Z", until="2026-11-20T08:00:00Z")
    assert instant.since == instant.until
    with pytest.raises(LibraryInputError):  # [00:00 next day) after the end of the 19th: empty
        _filter(since="2026-11-20", until="2026-11-19")


# --- statuses, categories, text ------------------------------------------------------------------


def test_statuses_in_any_case_and_with_commas_become_the_api_spelling() -> None:
    assert parse_statuses(["normal", "TRANSCODEFAIL,uploadsucc", "Normal"], ALIBABA_STATUSES) == (
        "Normal",
        "TranscodeFail",
        "UploadSucc",
    )


def test_an_unknown_status_suggests_the_closest_one_or_lists_them_all() -> None:
    with pytest.raises(LibraryInputError) as excinfo:
        _filter(statuses=["Transcodefailed"])
    assert _message(excinfo) == "Unknown status “Transcodefailed” — did you mean TranscodeFail?"
    with pytest.raises(LibraryInputError) as excinfo:
        _filter(statuses=["deleted"])
    assert _message(excinfo).startswith(
        "Unknown status “deleted”; use one of Uploading, UploadFail"
    )


@pytest.mark.parametrize("value", ["abc", "-1", "12.5", "1e3"])
def test_a_category_must_be_a_whole_number(value: str) -> None:
    with pytest.raises(LibraryInputError) as excinfo:
        _filter(category=value)
    assert _message(excinfo) == f"“{value}” is not a category ID; a category ID is a whole number."


def test_search_text_longer_than_any_title_is_refused() -> None:
    with pytest.raises(LibraryInputError) as excinfo:
        _filter(text="城" * 50)  # 150 bytes
    assert "too long (150 bytes)" in _message(excinfo)


def test_quotes_split_search_terms_because_the_syntax_cannot_escape_them() -> None:
    assert title_terms("Don't  stop “now” don't") == ("Don", "t", "stop", "now")
    assert _filter(text="  city   night ").text == "city night"


# --- the filter as a predicate -------------------------------------------------------------------


def _video(**fields) -> VideoSummary:
    base = {"provider": "aliyun", "video_id": "a" * 32, "title": "City night timelapse"}
    base.update(fields)
    return VideoSummary(**base)  # type: ignore[arg-type]


def test_matches_needs_every_term_a_status_the_category_and_the_time() -> None:
    flt = _filter(
        text="night CITY",
        statuses=["Normal"],
        category="12",
        since="2026-11-01T00:00:00Z",
        until="2026-11-30",
        tz=UTC,
    )
    good = _video(status="Normal", category_id=12, creation_time="2026-11-30T23:59:59Z")
    assert flt.matches(good)
    assert not flt.matches(
        _video(status="Normal", category_id=12, creation_time="2026-12-01T00:00:00Z")
    )
    assert not flt.matches(
        _video(status="Blocked", category_id=12, creation_time="2026-11-02T00:00:00Z")
    )
    assert not flt.matches(
        _video(status="Normal", category_id=13, creation_time="2026-11-02T00:00:00Z")
    )
    assert not flt.matches(_video(title="City day", status="Normal", category_id=12))


def test_resuming_narrows_the_time_range_in_the_walk_direction() -> None:
    when = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    newest = _filter().resumed_after(when)
    assert newest.until == TimeBound(when, inclusive=True) and newest.since is None
    oldest = _filter(newest_first=False, since="2026-01-01T00:00:00Z").resumed_after(when)
    assert oldest.since == TimeBound(when, inclusive=True)
    # A bound already tighter than the resume point is kept.
    tight = _filter(until="2026-05-01T00:00:00Z")
    assert tight.resumed_after(when).until == tight.until


def test_huawei_compact_times_parse_too() -> None:
    assert parse_utc("20261120083015") == datetime(2026, 11, 20, 8, 30, 15, tzinfo=UTC)
    assert parse_utc("2026-11-20T16:30:15+08:00") == datetime(2026, 11, 20, 8, 30, 15, tzinfo=UTC)
    assert parse_utc("yesterday") is None


# --- ID lists ------------------------------------------------------------------------------------

A = "0d8f8b10bd5f216d0b0e07fb46fc1be1"
B = "159da4db5f6b575c484d3cb72ae440cf"
C = "902a023c6286bad2f8962f203727f898"


def test_an_id_list_with_garbage_lines_keeps_its_valid_part() -> None:
    text = f"{A}\nplease check these\n\n{B[:-1]}\n# a comment\n{C}, {A.upper()}\n"
    ids = parse_id_list(text)
    assert ids.ids == (A, C)
    assert ids.duplicates == 1
    assert [(r.line, r.reason.english()) for r in ids.rejected] == [
        (2, "No video ID on this line: “please check these”."),
        (
            4,
            f"“{B[:-1]}” is not a video ID (31 characters; a video ID has 32 hexadecimal characters).",
        ),
    ]


def test_json_arrays_csv_rows_and_quoted_ids_paste_fine() -> None:
    pasted = f'["{A}", "{B}"]\nVideoId,Title\n{C},"Planted defects"\n'
    ids = parse_id_list(pasted)
    assert ids.ids == (A, B, C)
    assert [r.line for r in ids.rejected] == [2]  # the CSV header holds no ID


@given(
    st.lists(
        st.one_of(
            st.from_regex(r"\A[0-9a-f]{32}\Z"),
            st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
        ),
        max_size=40,
    )
)
def test_no_valid_id_is_ever_lost(lines: list[str]) -> None:
    ids = parse_id_list("\n".join(lines))
    wanted = [
        line for line in lines if len(line) == 32 and all(c in "0123456789abcdef" for c in line)
    ]
    for video_id in dict.fromkeys(wanted):
        assert video_id in ids.ids
    assert len(ids.ids) == len(set(ids.ids))
