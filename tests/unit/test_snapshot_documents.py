"""Where each response the grid shows holds its snapshots, and which item is snapshot N: Alibaba's
``Index``, Huawei's rank by ``offset`` (whatever order the API lists them in), and a paged Huawei list's
first index."""

from __future__ import annotations

from snapview.core.snapshot_documents import snapshot_list

ALIBABA = {
    "MediaSnapshot": {
        "Snapshots": {
            "Snapshot": [
                {"Index": 101, "Url": "https://cdn/a/101.jpg"},
                {"Index": 102, "Url": "https://cdn/a/102.jpg"},
            ]
        }
    }
}
DETAIL = {
    "asset_id": "d7a3f567cdd7b99f55c08d2ea85e18f7",
    "thumbnail_info": {
        "thumbnail_status": "THUMBNAIL_SUCCEED",
        "sample": [
            {"offset": 0, "url": "https://cdn/s0"},
            {"offset": 12, "url": "https://cdn/s12"},
        ],
        # As the long asset lists them: not in offset order.
        "dots": [
            {"offset": 1800, "url": "https://cdn/d1800"},
            {"offset": 60, "url": "https://cdn/d60"},
            {"offset": "300", "url": "https://cdn/d300"},
            {"offset": 3599, "url": "https://cdn/d3599"},
        ],
    },
}
DETAILS_PAGE = {
    "total": 3600,
    "thumbnail_result": [{"offset": 200 + n, "url": f"u{n}"} for n in range(100)],
}


def test_alibaba_items_are_found_by_their_index_and_url() -> None:
    found = snapshot_list(ALIBABA)
    assert found is not None and found.path == ("MediaSnapshot", "Snapshots", "Snapshot")
    assert found.position_of(102, None) == 1
    assert found.position_of(999, "https://cdn/a/101.jpg") == 0
    assert (found.index_at(1), found.url_at(1)) == (102, "https://cdn/a/102.jpg")


def test_huawei_items_are_ranked_by_offset_not_by_position() -> None:
    dots = snapshot_list(DETAIL, kind="dots")
    assert dots is not None and dots.path == ("thumbnail_info", "dots")
    # Snapshot #1 is the one at 60 s, listed second; #3 (1800 s) is listed first.
    assert [dots.position_of(i, None) for i in (1, 2, 3, 4)] == [1, 2, 0, 3]
    assert [dots.index_at(p) for p in range(4)] == [3, 1, 2, 4]
    # A refreshed tile URL that the shown response no longer has still finds its node by rank.
    assert dots.position_of(2, "https://cdn/d300?fresh") == 2
    assert dots.position_of(5, None) is None and dots.index_at(7) is None
    sample = snapshot_list(DETAIL)
    assert sample is not None and sample.url_at(1) == "https://cdn/s12"


def test_a_details_page_starts_at_its_page_offset() -> None:
    page = snapshot_list(DETAILS_PAGE, page_no=3, page_size=100)
    assert page is not None and page.path == ("thumbnail_result",)
    assert page.first_index == 201
    assert page.position_of(206, None) == 5 and page.index_at(5) == 206


def test_other_documents_have_no_snapshot_list() -> None:
    assert snapshot_list({"event_type": "thumbnailComplete"}) is None
    assert snapshot_list([1, 2]) is None
    empty = snapshot_list({"thumbnail_info": {"thumbnail_status": "THUMBNAILING"}})
    assert empty is not None and empty.items == () and empty.position_of(1, None) is None
