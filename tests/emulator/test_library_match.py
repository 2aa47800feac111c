"""The Match our client builds and the Match the emulator reads mean the same thing: for random
filters, the emulator's parser selects exactly the library entries the filter itself admits. The
two sides are written separately (core/search_media.py builds, emulator/library_match.py parses),
so a quoting, bracket or precedence slip on either side shows up here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from snapview.core.credentials import Provider
from snapview.core.library import LibraryFilter, TimeBound, VideoSummary
from snapview.core.search_media import ALIBABA_STATUSES, build_match
from snapview.emulator.library_catalog import LIBRARY_END, LIBRARY_SPAN, LibraryEntry, generate
from snapview.emulator.library_match import MatchError, compile_match

_, ENTRIES = generate(1_500, 5)
WORDS = ("city", "Night", "vlog", "城市", "夜市", "episode 1", "4K", "-", "part", "zzz", "第1")
CATEGORIES = (None, 1000, 1011, 1013, 1043, 9999)


def _summary(entry: LibraryEntry) -> VideoSummary:
    return VideoSummary(
        provider=Provider.ALIYUN,
        video_id=entry.video_id,
        title=entry.title,
        status=entry.status,
        category_id=entry.cate_id,
        creation_time=entry.creation_time,
    )


SUMMARIES = [(_summary(e), e) for e in ENTRIES]


def _bound() -> st.SearchStrategy[TimeBound | None]:
    start = LIBRARY_END - LIBRARY_SPAN
    times = st.integers(0, int(LIBRARY_SPAN.total_seconds())).map(
        lambda s: start + timedelta(seconds=s)
    )
    # Some bounds land exactly on an entry's time, so inclusive and exclusive ends really differ.
    exact = st.sampled_from(ENTRIES).map(lambda e: e.created)
    return st.one_of(st.none(), st.builds(TimeBound, st.one_of(times, exact), st.booleans()))


filters = st.builds(
    LibraryFilter,
    text=st.lists(st.sampled_from(WORDS), max_size=2).map(" ".join),
    statuses=st.lists(st.sampled_from(ALIBABA_STATUSES), max_size=3, unique=True).map(tuple),
    category_id=st.sampled_from(CATEGORIES),
    since=_bound(),
    until=_bound(),
    newest_first=st.booleans(),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(filters)
def test_the_emulator_selects_what_the_filter_admits(library_filter: LibraryFilter) -> None:
    predicate = compile_match(build_match(library_filter))
    by_emulator = {entry.video_id for _, entry in SUMMARIES if predicate(entry)}
    by_filter = {s.video_id for s, _ in SUMMARIES if library_filter.matches(s)}
    assert by_emulator == by_filter


def test_the_id_form_of_the_match_selects_exactly_those_ids() -> None:
    wanted = [e.video_id for e in ENTRIES[::17]][:100]
    predicate = compile_match(build_match(LibraryFilter(), wanted))
    assert [e.video_id for e in ENTRIES if predicate(e)] == [
        e.video_id for e in ENTRIES if e.video_id in set(wanted)
    ]


@pytest.mark.parametrize(
    "match",
    [
        "CreationTime=['2026-01-01T00:00:00Z','2026-02-01T00:00:00Z')",
        "(Title='a' or (Status in ('Normal') and CateId=1000))",
        "Title in ('city','城市') and Duration=[10,]",
        "title='City'",  # field names are not case-sensitive here
    ],
)
def test_valid_matches_compile(match: str) -> None:
    compile_match(match)


def test_a_syntax_error_names_where_it_is() -> None:
    with pytest.raises(MatchError) as excinfo:
        compile_match("Title='a' and )")
    assert excinfo.value.code == "ErrorMatchSyntax"
    assert excinfo.value.message == (
        "The parameter Match.position 15 has an error syntax, please check it."
    )


def test_open_and_closed_ends_differ_by_exactly_the_entries_on_the_end() -> None:
    at = ENTRIES[10].created
    text = at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    closed = compile_match(f"CreationTime=['{text}','{text}']")
    opened = compile_match(f"CreationTime=('{text}','{text}')")
    on_it = {e.video_id for e in ENTRIES if e.created == at}
    assert {e.video_id for e in ENTRIES if closed(e)} == on_it
    assert not any(opened(e) for e in ENTRIES)
    assert isinstance(at, datetime)
