"""The official Alibaba SDKs use the emulator's media library like the real one: ``search_media``
with Match, Fields, SortBy and paging, and a ScrollToken walk past 5,000; ``get_video_infos`` with
unknown IDs; ``get_categories`` down the tree — each answer parsed into the SDK's own models, and
each documented error raised as the SDK's own exception with the documented code. Our parsers read
the same answers (as the SDK hands them back) into the same rows our client gets."""

from __future__ import annotations

import json

import pytest

from snapview.core.library import LibraryFilter, TimeBound
from snapview.core.search_media import (
    LIBRARY_FIELDS,
    build_match,
    parse_categories,
    parse_search_media,
    parse_video_infos,
)
from snapview.emulator import catalog as cat
from snapview.emulator.library_catalog import BURST_AT
from tests.conformance.test_sdk_vs_emulator import NEW_SDK_MODES, new_client, old_client
from tests.helpers.library_expectations import expected_ids

pytestmark = [pytest.mark.conformance, pytest.mark.filterwarnings("ignore::ResourceWarning")]

vod_models = pytest.importorskip("alibabacloud_vod20170321.models")
openapi_exceptions = pytest.importorskip("alibabacloud_tea_openapi.exceptions")
old_search = pytest.importorskip("aliyunsdkvod.request.v20170321.SearchMediaRequest")
old_categories = pytest.importorskip("aliyunsdkvod.request.v20170321.GetCategoriesRequest")


def _search(client, **kwargs):
    return client.search_media(vod_models.SearchMediaRequest(**kwargs)).body


@pytest.mark.parametrize("algorithm", NEW_SDK_MODES)
def test_search_media_with_match_fields_sort_and_paging(emulator, algorithm) -> None:
    flt = LibraryFilter(
        text="vlog",
        statuses=("Normal", "Checking"),
        since=TimeBound(BURST_AT),
        newest_first=False,
    )
    expected = expected_ids(
        emulator.catalog,
        words=("vlog",),
        statuses=("Normal", "Checking"),
        since=(BURST_AT, True),
        newest_first=False,
    )
    client = new_client(emulator, algorithm)
    first = _search(
        client,
        match=build_match(flt),
        fields=",".join(LIBRARY_FIELDS),
        sort_by="CreationTime:Asc",
        page_no=1,
        page_size=20,
        search_type="video",
    )
    second = _search(
        client,
        match=build_match(flt),
        fields=",".join(LIBRARY_FIELDS),
        sort_by="CreationTime:Asc",
        page_no=2,
        page_size=20,
    )
    assert isinstance(first, vod_models.SearchMediaResponseBody)
    assert first.total == len(expected) > 30
    assert [m.media_id for m in first.media_list + second.media_list] == expected[:40]
    video = first.media_list[0].video
    assert isinstance(video, vod_models.SearchMediaResponseBodyMediaListVideo)
    assert "vlog" in video.title.lower() and video.status in ("Normal", "Checking")
    assert video.cover_url.startswith(emulator.base_url) and video.duration > 0
    assert isinstance(video.cate_id, int) and video.cate_name
    # Our parser reads what the SDK got into the rows our own client builds.
    ours = parse_search_media(first.to_map())
    assert [v.video_id for v in ours.videos] == expected[:20]
    assert ours.videos[0].cover_url == video.cover_url and ours.total == first.total


def test_a_scroll_token_walk_past_5000_through_the_sdk(emulator) -> None:
    client = new_client(emulator, None)
    seen: list[str] = []
    token = None
    page_no = 1
    while True:
        body = _search(client, page_no=page_no, page_size=100, scroll_token=token)
        seen += [m.media_id for m in body.media_list]
        if len(body.media_list) < 100:
            break
        token, page_no = body.scroll_token, page_no + 1
        assert len(token) == 32
    assert page_no == 61 and len(seen) > 5_000
    assert seen == expected_ids(emulator.catalog)


def test_search_errors_are_the_sdks_own_exceptions_with_the_documented_codes(emulator) -> None:
    client = new_client(emulator, None)
    with pytest.raises(openapi_exceptions.ClientException) as excinfo:
        _search(client, match="Status='Normal'")
    assert excinfo.value.code == "ErrorMatchSyntax" and excinfo.value.status_code == 400
    with pytest.raises(openapi_exceptions.ClientException) as excinfo:
        _search(client, page_no=51, page_size=100)
    assert excinfo.value.code == "InvalidParameter"
    with pytest.raises(openapi_exceptions.ClientException) as excinfo:
        _search(client, page_no=2, page_size=100, scroll_token="0" * 32)
    assert excinfo.value.code == "InvalidScrollToken.Expired"


@pytest.mark.parametrize("algorithm", NEW_SDK_MODES)
def test_get_video_infos_reports_unknown_ids(emulator, algorithm) -> None:
    client = new_client(emulator, algorithm)
    unknown = "0" * 32
    request = vod_models.GetVideoInfosRequest(
        video_ids=f"{cat.SPRITE_VIDEO_ID},{unknown},{cat.DEFECTS_VIDEO_ID}"
    )
    body = client.get_video_infos(request).body
    assert isinstance(body, vod_models.GetVideoInfosResponseBody)
    assert [v.video_id for v in body.video_list] == [cat.SPRITE_VIDEO_ID, cat.DEFECTS_VIDEO_ID]
    assert body.non_exist_video_ids == [unknown]
    sprite = body.video_list[0]
    assert sprite.title == "Mountain road (sprites)" and sprite.status == "Normal"
    assert len(sprite.snapshots) == 8
    assert sprite.cover_url.split("?")[0] == sprite.snapshots[0].split("?")[0]  # the first cover
    infos = parse_video_infos(body.to_map())
    assert [v.video_id for v in infos.videos] == [cat.SPRITE_VIDEO_ID, cat.DEFECTS_VIDEO_ID]
    assert infos.unknown_ids == (unknown,) and infos.videos[0].duration == 250.0
    with pytest.raises(openapi_exceptions.ClientException) as excinfo:
        client.get_video_infos(vod_models.GetVideoInfosRequest(video_ids=unknown))
    assert (excinfo.value.code, excinfo.value.status_code) == ("InvalidVideo.NotFound", 404)


def test_get_categories_down_the_tree(emulator) -> None:
    client = new_client(emulator, None)
    top = client.get_categories(vod_models.GetCategoriesRequest(page_size=100)).body
    assert isinstance(top, vod_models.GetCategoriesResponseBody)
    names = {c.cate_name for c in top.sub_categories.category}
    assert {"News", "体育", "Music"} <= names
    football = client.get_categories(vod_models.GetCategoriesRequest(cate_id=1011)).body
    assert football.category.cate_name == "Football 足球"
    assert [c.cate_name for c in football.sub_categories.category] == ["中超", "Premier League"]
    level = parse_categories(football.to_map())
    assert level.parent is not None and level.parent.level == 1 and level.parent.parent_id == 1010
    assert {c.category_id for c in level.children} == {1012, 1013}
    with pytest.raises(openapi_exceptions.ClientException) as excinfo:
        client.get_categories(vod_models.GetCategoriesRequest(cate_id=4242))
    assert (excinfo.value.code, excinfo.value.status_code) == ("InvalidCateId.NotFound", 404)


def test_the_older_sdk_searches_and_lists_categories_too(emulator) -> None:
    client = old_client()
    request = old_search.SearchMediaRequest()
    request.set_Match("Status in ('TranscodeFail')")
    request.set_Fields("Title,Status")
    request.set_PageSize(5)
    request.set_endpoint(emulator.base_url.removeprefix("http://"))
    request.set_protocol_type("http")
    body = json.loads(client.do_action_with_exception(request))
    assert body["Total"] == len(expected_ids(emulator.catalog, statuses=("TranscodeFail",)))
    assert {m["Video"]["Status"] for m in body["MediaList"]} == {"TranscodeFail"}
    request = old_categories.GetCategoriesRequest()
    request.set_CateId(1000)
    request.set_endpoint(emulator.base_url.removeprefix("http://"))
    request.set_protocol_type("http")
    body = json.loads(client.do_action_with_exception(request))
    assert body["Category"]["CateName"] == "News" and body["SubTotal"] == "2"
