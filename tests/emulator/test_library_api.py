"""The emulator's media library over real, signed HTTP: SearchMedia's Match, Fields, SortBy, paging
limits and ScrollToken rules, GetVideoInfos' ID limit and unknown IDs, GetCategories' tree, the
error codes of each, and the generated library itself (deterministic, every status, every video
answering ListSnapshots, broken covers really broken on the CDN)."""

from __future__ import annotations

import asyncio
import io
import json
from collections import Counter
from typing import Any

import httpx
import pytest
from PIL import Image

from snapview.core.credentials import AliyunCredentials
from snapview.core.vod_errors import VodError
from snapview.emulator import catalog as cat
from snapview.emulator.catalog import AccessKey, CatalogError
from snapview.emulator.catalog_file import catalog_from_dict
from snapview.emulator.library_catalog import BURST_AT, BURST_SIZE, format_time, generate
from snapview.services.retry import RetryPolicy
from snapview.services.vod_client import VodClient
from tests.emulator.signed_calls import v1_call

DEMO = AliyunCredentials(cat.DEMO_ACCESS_KEY_ID, cat.DEMO_ACCESS_KEY_SECRET)


def call(
    base_url: str, action: str, params: dict[str, str], creds: AliyunCredentials = DEMO
) -> dict[str, Any]:
    async def main() -> dict[str, Any]:
        async with VodClient(creds, endpoint=base_url, retry=RetryPolicy.never()) as client:
            body, _ = await client.call(action, params)
            return dict(body)

    return asyncio.run(main())


def error_of(base_url: str, action: str, params: dict[str, str], **kwargs: Any) -> VodError:
    with pytest.raises(VodError) as excinfo:
        call(base_url, action, params, **kwargs)
    return excinfo.value


def entries_newest_first(emulator) -> list:
    return sorted(
        emulator.catalog.library.entries.values(),
        key=lambda e: (e.creation_time, e.video_id),
        reverse=True,
    )


# --- the generated library -------------------------------------------------------------------------


def test_the_generated_library_is_big_varied_and_the_same_every_time() -> None:
    videos, entries = generate(6_000, 17)
    assert len(entries) == 6_000 and len({e.video_id for e in entries}) == 6_000
    assert generate(6_000, 17) == (videos, entries)
    assert generate(10, 18)[1][0].video_id != entries[0].video_id
    statuses = Counter(e.status for e in entries)
    for status in ("Normal", "Transcoding", "Uploading", "TranscodeFail", "UploadFail", "Blocked"):
        assert statuses[status] > 10, status
    titles = [e.title for e in entries]
    assert sum(t.isascii() for t in titles) > 2_000
    assert sum(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in titles) > 2_000
    assert sum(e.creation_time == format_time(BURST_AT) for e in entries) == BURST_SIZE
    defects = Counter(v.cover_defect for v in videos)
    assert all(defects[kind] >= 10 for kind in ("missing", "black", "uniform"))


def test_every_listable_library_video_answers_list_snapshots_with_covers(emulator) -> None:
    library = emulator.catalog.library
    listable = [
        emulator.catalog.videos[e.video_id]
        for e in library.entries.values()
        if e.status in cat.LISTABLE_STATUSES
    ]
    assert len(listable) > 5_000
    assert all(v.jobs and v.jobs[0].covers >= 1 for v in listable)
    sample = listable[::20]

    async def covers() -> list[int]:
        async with VodClient(DEMO, endpoint=emulator.base_url, retry=RetryPolicy.never()) as client:
            return [(await client.list_snapshots(v.video_id)).total for v in sample]

    assert asyncio.run(covers()) == [v.jobs[0].covers for v in sample]
    processing = next(
        e for e in library.entries.values() if e.status == "Transcoding" and e.generated
    )
    response = v1_call(emulator.base_url, {"VideoId": processing.video_id, "Format": "JSON"})
    assert response.json()["Code"] == "Forbidden.IllegalStatus"


def test_broken_covers_are_broken_on_the_cdn(emulator) -> None:
    by_defect: dict[str, str] = {}
    for video in emulator.catalog.videos.values():
        if video.cover_defect and video.cover_defect not in by_defect:
            by_defect[video.cover_defect] = video.video_id
    body = call(
        emulator.base_url,
        "GetVideoInfos",
        {"VideoIds": ",".join(by_defect.values())},
    )
    covers = {item["VideoId"]: item["CoverURL"] for item in body["VideoList"]}
    assert httpx.get(covers[by_defect["missing"]], timeout=10).status_code == 404
    for kind, expected in (("black", (3, 3, 4)), ("uniform", (0, 135, 0))):
        image = httpx.get(covers[by_defect[kind]], timeout=10)
        assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
        pixels = Image.open(io.BytesIO(image.content)).convert("RGB")
        low, high = zip(*pixels.getextrema(), strict=True)
        assert max(h - lo for lo, h in zip(low, high, strict=True)) <= 4  # flat: one colour
        pixel = pixels.getpixel((5, 5))
        assert isinstance(pixel, tuple)
        assert all(abs(a - b) <= 4 for a, b in zip(pixel, expected, strict=True))


# --- SearchMedia -----------------------------------------------------------------------------------


def test_only_the_asked_fields_come_back(emulator) -> None:
    bare = call(emulator.base_url, "SearchMedia", {"PageSize": "2"})
    assert bare["Total"] == len(emulator.catalog.library.entries)
    assert set(bare["MediaList"][0]) == {"MediaId", "MediaType", "CreationTime", "Video"}
    assert set(bare["MediaList"][0]["Video"]) == {"VideoId", "CreationTime"}
    rich = call(
        emulator.base_url,
        "SearchMedia",
        {
            "PageSize": "2",
            "Fields": "Title,Status,CoverURL,Duration,CateId,CateName,Snapshots,Nonsense",
            "Match": "Status in ('Normal')",
        },
    )
    video = rich["MediaList"][0]["Video"]
    assert {"Title", "Status", "CoverURL", "Duration", "Snapshots"} <= set(video)
    assert "Nonsense" not in video
    assert video["CoverURL"].startswith(emulator.base_url + "/cdn/")


def test_newest_first_by_default_and_ties_broken_by_video_id(emulator) -> None:
    expected = [e.video_id for e in entries_newest_first(emulator)]
    first = call(emulator.base_url, "SearchMedia", {"PageSize": "100"})
    assert [m["MediaId"] for m in first["MediaList"]] == expected[:100]
    burst = call(
        emulator.base_url,
        "SearchMedia",
        {
            "PageSize": "100",
            "SortBy": "CreationTime:Asc",
            "Match": f"CreationTime=['{format_time(BURST_AT)}','{format_time(BURST_AT)}']",
        },
    )
    ids = [m["MediaId"] for m in burst["MediaList"]]
    assert burst["Total"] == BURST_SIZE and ids == sorted(ids)


@pytest.mark.parametrize(
    ("match", "code"),
    [
        ("Title='unclosed", "ErrorMatchSyntax"),
        ("Status='Normal'", "ErrorMatchSyntax"),  # Status is multi-value only
        ("Title='a' or Title='b'", "ErrorMatchSyntax"),  # "or" needs parentheses
        ("Colour in ('red')", "ErrorMatchSyntax"),
        ("CreationTime=('2026-13-01T00:00:00Z',)", "InvalidParameter"),
        ("CateId='ten'", "InvalidParameter"),
    ],
)
def test_a_bad_match_is_rejected_with_the_documented_codes(emulator, match: str, code: str) -> None:
    error = error_of(emulator.base_url, "SearchMedia", {"Match": match})
    assert error.code == code and error.http_status == 400 and error.request_id
    assert "Match" in error.message


def test_or_inside_parentheses_and_the_other_forms_work(emulator) -> None:
    entries = emulator.catalog.library.entries.values()
    body = call(
        emulator.base_url,
        "SearchMedia",
        {
            "PageSize": "100",
            "Match": "(Status in ('UploadFail') or CateId=1012) and Duration=(,600]",
        },
    )
    expected = {
        e.video_id
        for e in entries
        if (e.status == "UploadFail" or e.cate_id == 1012) and e.duration <= 600
    }
    assert body["Total"] == len(expected)


def test_more_than_100_ids_in_a_match_are_refused(emulator) -> None:
    ids = ",".join(f"'{n:032x}'" for n in range(101))
    error = error_of(emulator.base_url, "SearchMedia", {"Match": f"VideoId in ({ids})"})
    assert error.code == "InvalidParameter" and "100" in error.message


def test_plain_paging_ends_at_5000_and_the_page_size_at_100(emulator) -> None:
    assert call(emulator.base_url, "SearchMedia", {"PageNo": "50", "PageSize": "100"})["MediaList"]
    error = error_of(emulator.base_url, "SearchMedia", {"PageNo": "51", "PageSize": "100"})
    assert error.code == "InvalidParameter" and "ScrollToken" in error.message
    error = error_of(emulator.base_url, "SearchMedia", {"PageSize": "101"})
    assert error.code == "InvalidParameter" and "PageSize" in error.message


def test_a_scroll_token_walks_past_5000_one_page_at_a_time(emulator) -> None:
    expected = [e.video_id for e in entries_newest_first(emulator)]

    async def walk() -> list[str]:
        token, seen = "", []
        async with VodClient(DEMO, endpoint=emulator.base_url, retry=RetryPolicy.never()) as client:
            for page_no in range(1, 62):
                params = {"PageNo": str(page_no), "PageSize": "100"}
                if token:
                    params["ScrollToken"] = token
                body, _ = await client.call("SearchMedia", params)
                seen += [m["MediaId"] for m in body["MediaList"]]
                token = body["ScrollToken"]
                assert len(token) == 32
        return seen

    seen = asyncio.run(walk())
    assert seen == expected
    # A token reaches one page of 100 ahead, not two; and only for the search it came with.
    body = call(emulator.base_url, "SearchMedia", {"PageNo": "1", "PageSize": "100"})
    error = error_of(
        emulator.base_url,
        "SearchMedia",
        {"PageNo": "3", "PageSize": "100", "ScrollToken": body["ScrollToken"]},
    )
    assert error.code == "InvalidParameter" and "page by page" in error.message
    error = error_of(
        emulator.base_url,
        "SearchMedia",
        {
            "PageNo": "2",
            "PageSize": "100",
            "ScrollToken": body["ScrollToken"],
            "Match": "Title='x'",
        },
    )
    assert error.code == "InvalidParameter" and "another search" in error.message
    error = error_of(
        emulator.base_url,
        "SearchMedia",
        {"PageNo": "2", "PageSize": "100", "ScrollToken": body["ScrollToken"],
         "SortBy": "CreationTime:Desc,ModificationTime:Asc"},
    )  # fmt: skip
    assert error.code == "SortByExceededMax"


def test_tokens_expire_with_time_and_by_fault(emulator_factory) -> None:
    emu = emulator_factory(scroll_token_ttl_s=60)
    body = call(emu.base_url, "SearchMedia", {"PageSize": "10"})
    emu.advance_clock(61)
    # The request is signed with the real clock, which the moved emulator clock now rejects; sign
    # with the emulator's clock instead, as a machine in sync with it would.
    error = _expired_call(
        emu, {"PageNo": "2", "PageSize": "10", "ScrollToken": body["ScrollToken"]}
    )
    assert (error.code, error.http_status) == ("InvalidScrollToken.Expired", 400)
    assert error.message == "The ScrollToken is expired, please refresh it."
    flaky = emulator_factory(scroll_expire_rate=1.0)
    body = call(flaky.base_url, "SearchMedia", {"PageSize": "10"})
    error = error_of(
        flaky.base_url,
        "SearchMedia",
        {"PageNo": "2", "PageSize": "10", "ScrollToken": body["ScrollToken"]},
    )
    assert error.code == "InvalidScrollToken.Expired"
    assert flaky.stats["scroll_expired"] == 1


def _expired_call(emu, params: dict[str, str]) -> VodError:
    async def main() -> VodError:
        async with VodClient(DEMO, endpoint=emu.base_url, retry=RetryPolicy.never()) as client:
            client.clock = emu.state.now
            with pytest.raises(VodError) as excinfo:
                await client.call("SearchMedia", params)
            return excinfo.value

    return asyncio.run(main())


def test_search_answers_xml_to_a_v1_client_that_asks_for_it(emulator) -> None:
    response = v1_call(
        emulator.base_url,
        {"Action": "SearchMedia", "PageSize": "2", "Fields": "Title", "Format": "XML"},
    )
    assert response.status_code == 200
    assert response.text.startswith("<?xml") and "<SearchMediaResponse>" in response.text
    assert response.text.count("<MediaList>") == 2 and "<ScrollToken>" in response.text


def test_a_key_without_the_library_permissions_gets_forbidden_ram(emulator_factory) -> None:
    limited = AccessKey(
        "LTAI5tSnapsOnly", "snapsOnlySecret0123456789abcdefg", ("vod:ListSnapshots",)
    )
    base = cat.default_catalog()
    emu = emulator_factory(
        catalog=__import__("dataclasses").replace(
            base, access_keys={**base.access_keys, limited.access_key_id: limited}
        )
    )
    creds = AliyunCredentials(limited.access_key_id, limited.secret)
    for action, params in (
        ("SearchMedia", {}),
        ("GetVideoInfos", {"VideoIds": cat.SHORT_VIDEO_ID}),
        ("GetCategories", {}),
    ):
        error = error_of(emu.base_url, action, params, creds=creds)
        assert (error.code, error.http_status) == ("Forbidden.RAM", 403)
        assert error.detail is not None and error.detail.auth_action == f"vod:{action}"


# --- GetVideoInfos ---------------------------------------------------------------------------------


def test_video_infos_report_unknown_ids_and_refuse_more_than_20(emulator) -> None:
    unknown = "0" * 32
    body = call(
        emulator.base_url,
        "GetVideoInfos",
        {"VideoIds": f"{cat.LONG_VIDEO_ID},{unknown},{cat.SHORT_VIDEO_ID},{cat.LONG_VIDEO_ID}"},
    )
    assert [v["VideoId"] for v in body["VideoList"]] == [cat.LONG_VIDEO_ID, cat.SHORT_VIDEO_ID]
    assert body["NonExistVideoIds"] == [unknown]
    long = body["VideoList"][0]
    assert long["Duration"] == "10000" and long["CateId"] == "900"  # numbers as text, as documented
    assert len(long["Snapshots"]) == 8
    error = error_of(
        emulator.base_url, "GetVideoInfos", {"VideoIds": ",".join(f"{n:032x}" for n in range(21))}
    )
    assert error.code == "InvalidParameter" and "20" in error.message
    error = error_of(emulator.base_url, "GetVideoInfos", {"VideoIds": f"{unknown},{'1' * 32}"})
    assert (error.code, error.http_status) == ("InvalidVideo.NotFound", 404)
    assert error_of(emulator.base_url, "GetVideoInfos", {}).code == "MissingParameter"


# --- GetCategories ---------------------------------------------------------------------------------


def test_categories_one_level_at_a_time_down_three_levels(emulator) -> None:
    top = call(
        emulator.base_url, "GetCategories", {"PageSize": "100", "SortBy": "CreationTime:Asc"}
    )
    assert "Category" not in top
    names = {c["CateId"]: c for c in top["SubCategories"]["Category"]}
    assert top["SubTotal"] == str(len(names)) and {"900", "1000", "1010"} <= set(names)
    assert names["1010"]["Level"] == "0" and names["1010"]["ParentId"] == "-1"
    sport = call(emulator.base_url, "GetCategories", {"CateId": "1010"})
    assert sport["Category"]["CateName"] == "体育"
    football = next(c for c in sport["SubCategories"]["Category"] if c["CateId"] == "1011")
    assert football["SubTotal"] == "2"
    leaves = call(emulator.base_url, "GetCategories", {"CateId": "1011"})
    assert {c["Level"] for c in leaves["SubCategories"]["Category"]} == {"2"}
    one = call(
        emulator.base_url,
        "GetCategories",
        {"PageSize": "2", "PageNo": "2", "SortBy": "CreationTime:Asc"},
    )
    assert [c["CateId"] for c in one["SubCategories"]["Category"]] == ["1010", "1020"]
    error = error_of(emulator.base_url, "GetCategories", {"CateId": "4242"})
    assert (error.code, error.http_status, error.message) == (
        "InvalidCateId.NotFound",
        404,
        "The CateId not exist.",
    )


# --- the catalogue file ----------------------------------------------------------------------------


def test_a_catalogue_file_places_its_videos_and_defines_its_tree() -> None:
    data = {
        "Videos": [
            {"VideoId": "a" * 32, "Jobs": [{"JobId": "j1"}], "CateId": 2, "CreationTime": "2026-01-02T03:04:05Z",
             "CoverDefect": "black"},
            {"VideoId": "b" * 32, "Jobs": [{"JobId": "j2"}]},
        ],
        "Library": {"Generate": 5, "Seed": 3, "Categories": [
            {"CateId": 1, "CateName": "Top"}, {"CateId": 2, "CateName": "Child", "ParentId": 1}]},
    }  # fmt: skip
    catalog = catalog_from_dict(data)
    assert catalog.library is not None
    entries = catalog.library.entries
    assert len(entries) == 7 and len(catalog.videos) == 7
    assert (
        entries["a" * 32].cate_id == 2 and entries["a" * 32].creation_time == "2026-01-02T03:04:05Z"
    )
    assert entries["b" * 32].cate_id is None
    assert catalog.videos["a" * 32].cover_defect == "black"
    assert catalog.library.categories[2].level == 1
    described = catalog.describe()["Alibaba"]
    assert len(described["Videos"]) == 2 and described["Library"]["Generated"] == 5
    json.dumps(described)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"CateId": 99}, "Videos[0].CateId: 99 is not a category"),
        ({"CreationTime": "yesterday"}, "Videos[0].CreationTime: expected"),
        ({"CoverDefect": "purple"}, "Videos[0].CoverDefect: use one of missing, black, uniform"),
    ],
)
def test_a_bad_library_entry_in_a_file_is_named(change: dict[str, Any], words: str) -> None:
    video = {"VideoId": "a" * 32, "Jobs": [{"JobId": "j1"}], **change}
    with pytest.raises(CatalogError, match=words.replace("[", r"\[").replace("]", r"\]")):
        catalog_from_dict({"Videos": [video]}, "lib.json")
    with pytest.raises(CatalogError, match="deeper than 3 levels"):
        catalog_from_dict(
            {
                "Library": {
                    "Categories": [{"CateId": i, "ParentId": i - 1 if i else -1} for i in range(4)]
                }
            }
        )
