"""Roll-up links derived from the alignment along the cascade edge, a person's recorded link, and
the two-level roll-up they give.

The real pair: 39-KH/ĐUK (000, Đảng ủy Khối các cơ quan tỉnh Lâm Đồng) and 72-KH/HU (002, Huyện
ủy Đức Trọng) both implement 40-KH/TU of the Tỉnh ủy, whose text is not in the corpus (only its
header, tests/fixtures/parents); 40-KH/TU passes on the central plan 001 (Ban Tổ chức Trung
ương), and the hand-written alignments 001→000 and 001→002 (tests/fixtures/expected/align) read
the district plans against it. So 001 stands for the plan above: a person records the cascade
edge (`cascade-decide set`), and the links follow from the alignment.

Expected links, worked out by hand from those fixtures (section IV, "Tổ chức thực hiện"; the
tracked items are the numbered bodies IV.1 … of each plan, see duties_samples). The weight of
parent item ← child item is the child item's units (its heading and bullets) aligned into the
parent item, a unit aligned to two parent items counting ½ to each, over its number of units:

001 ← 002 (72-KH/HU)
- IV.1 ← IV.1 (3 units: IV.1→IV.1, IV.1.-1→IV.1.-1; IV.1.-2 added): 2/3
- IV.1 ← IV.2 and IV.6 ← IV.2 (4 units; IV.2.-1 merges IV.1.-2 + IV.6.-4): ½/4 = 1/8 each
- IV.3 ← IV.3 (7 units: IV.3→IV.3, IV.3.-3→IV.3): 2/7; IV.1 ← IV.3 (IV.3.-1→IV.1.-1): 1/7;
  IV.6 ← IV.3 (IV.3.-2→IV.6.-1, IV.3.-5→IV.6.-2+IV.6.-3, IV.3.-6→IV.6.-4): 3/7
- IV.4 ← IV.4 (4 units, each to IV.4 or its bullets): 1
- IV.5 (grassroots organisations): added, no link
001 ← 000 (39-KH/ĐUK)
- IV.4 ← IV.2 (Các Đoàn thể Khối, 4 units): 1
- IV.1 ← IV.3 and IV.6 ← IV.3 (3 units; IV.3.-1 merges IV.1.-2 + IV.6.-4): ½/3 = 1/6 each
- IV.1 (grassroots organisations): added, no link

The aligner also takes two links the fixture accepts as `maybe` for 002 ("a careful reader would
accept"): its heading IV.3 (UBND huyện …) → 001 IV.3 and IV.6 (the press, whose duties moved
under it), and IV.5 (grassroots organisations making their plan) → 001 IV.5. With them, by the
same rule: IV.3 ← IV.3 (IV.3 half, IV.3.-3): 1½/7 = 3/14; IV.6 ← IV.3 (IV.3 half, -2, -5, -6):
3½/7 = 1/2; IV.5 ← IV.5 (1 unit): 1.
"""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach.align import units_from_document
from kehoach.cascade.stored import save_override
from kehoach.cli import app
from kehoach.errors import KehoachError
from kehoach.pipeline import process_file
from kehoach.store import open_store
from kehoach.tracking.links import derive, enclosing_item
from kehoach.tracking.repo import Tracker
from kehoach.tracking.repo.activity_input import ActivityInput

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
ALIGN = ROOT / "tests" / "fixtures" / "expected" / "align"
STEMS = {"P": "001_0adb6059266a309d", "A": "002_f4e8c3708913dc0e", "B": "000_e11a6b2333e4ca78"}

# (parent item, child item) → weight, from the reading above
EXPECTED_A = {
    ("IV.1", "IV.1"): F(2, 3),
    ("IV.1", "IV.2"): F(1, 8),
    ("IV.6", "IV.2"): F(1, 8),
    ("IV.1", "IV.3"): F(1, 7),
    ("IV.3", "IV.3"): F(2, 7),
    ("IV.6", "IV.3"): F(3, 7),
    ("IV.4", "IV.4"): F(1),
}
EXPECTED_B = {("IV.4", "IV.2"): F(1), ("IV.1", "IV.3"): F(1, 6), ("IV.6", "IV.3"): F(1, 6)}
# with the two `maybe` links the aligner takes (see above)
ALIGNER_A = {**EXPECTED_A, ("IV.3", "IV.3"): F(3, 14), ("IV.6", "IV.3"): F(1, 2), ("IV.5", "IV.5"): F(1)}
MAYBE_TAKEN = {"IV.3": ["IV.3", "IV.6"], "IV.5": ["IV.5"]}
ITEMS = {"P": ["IV.1", "IV.2", "IV.3", "IV.4", "IV.5", "IV.6"], "A": ["IV.1", "IV.2", "IV.3", "IV.4", "IV.5"],
         "B": ["IV.1", "IV.2", "IV.3"]}  # fmt: skip


@pytest.fixture(scope="module")
def docs():
    return {k: process_file(CORPUS / f"{stem}.txt") for k, stem in STEMS.items()}


def _outline(doc) -> dict[str, str | None]:
    return {u.id: u.outline_parent for u in units_from_document(doc)}


@pytest.mark.parametrize(
    ("child", "fixture", "expected", "maybe"),
    [
        ("A", "001_002", EXPECTED_A, {}),
        ("B", "001_000", EXPECTED_B, {}),
        ("A", "001_002", ALIGNER_A, MAYBE_TAKEN),
    ],
    ids=["002-required", "000-required", "002-with-two-maybe"],
)
def test_links_from_the_hand_written_alignment(docs, child, fixture, expected, maybe) -> None:
    rows = json.loads((ALIGN / f"{fixture}.json").read_text(encoding="utf-8"))["child_units"]
    pairs = [
        (r["child"], maybe.get(r["child"], r["parents"])) for r in rows if r["parents"] or r["child"] in maybe
    ]
    for unit, parents in maybe.items():  # a `maybe` parent the hand-written row allows
        row = next(r for r in rows if r["child"] == unit)
        assert set(parents) <= set(row["parents"]) | set(row.get("maybe", [])), unit
    links = derive(pairs, _outline(docs[child]), _outline(docs["P"]), ITEMS[child], ITEMS["P"])
    got = {(link.parent_node, link.child_node): link.weight for link in links}
    assert got.keys() == expected.keys()
    for key, weight in expected.items():
        assert got[key] == pytest.approx(float(weight)), key
    merged = next(link for link in links if (link.parent_node, link.child_node) == ("IV.6", "IV.3"))
    if child == "A":  # the evidence names the unit pairs
        assert ("IV.3.-5", "IV.6.-2") in merged.evidence and ("IV.3.-6", "IV.6.-4") in merged.evidence


def test_enclosing_item_walks_up_the_outline() -> None:
    outline = {"IV": None, "IV.3": "IV", "IV.3.-1": "IV.3", "III.3.1": "III.3", "III.3": "III", "III": None}
    assert enclosing_item("IV.3.-1", {"IV.3"}, outline) == "IV.3"
    assert enclosing_item("IV.3", {"IV.3"}, outline) == "IV.3"
    assert enclosing_item("III.3.1", {"IV.3"}, outline) is None
    assert enclosing_item("IV", {"IV.3"}, outline) is None


def build_derived_scenario(store, docs) -> tuple[Tracker, dict[str, int]]:
    """001 above 002 and 000 (recorded cascade edges), duties saved (links derived on the way),
    activities of four units of the two lower plans, a person's link and a recorded override."""
    tracker = Tracker(store)
    ids = {k: store.ingest_document(docs[k]).document_id for k in ("P", "A", "B")}
    for child in ("A", "B"):
        save_override(store, ids[child], ids["P"], "set",
                      note="40-KH/TU (Tỉnh ủy) không có trong kho: tính thẳng vào kế hoạch 001 mà nó triển khai")  # fmt: skip
    for k in ("P", "A", "B"):
        tracker.save_duties(ids[k], docs[k])
    A, B = ids["A"], ids["B"]
    tracker.add_activities(
        A,
        [
            ActivityInput("2022-07-01", "Ban Tổ chức Huyện ủy", ["IV.1"], "hội nghị", 1, "bien-ban.pdf"),
            ActivityInput("2022-07-05", "Ban Tuyên giáo Huyện ủy", ["IV.2"], "bài báo", 3, None, "under_way"),
            ActivityInput(
                "2022-07-08", "Phòng Văn hóa - Thông tin Huyện", ["IV.3"], "trưng bày, cổ động trực quan"
            ),
        ],
        actor="clerk-a",
    )
    tracker.add_activities(
        B,
        [
            ActivityInput("2022-07-10", "Các Đoàn thể Khối", ["IV.2"], "cuộc thi", 1, "https://x.vn/a"),
            ActivityInput("2022-07-12", "Các tổ chức cơ sở Đảng trực thuộc", ["IV.1"], "văn bản", 12),
        ],
        "clerk-b",
    )
    # the aligner reads 000 IV.1 (grassroots organisations making their plan) as added; a person
    # counts it toward 001 IV.5 (the lower levels' organisation boards), as the fixture's `maybe`
    tracker.set_link(
        (ids["P"], "IV.5"), (B, "IV.1"), 1.0, "Tổ chức cơ sở đảng xây dựng kế hoạch: mục IV.5", "admin"
    )
    tracker.set_override(ids["P"], "IV.6", 0.9, "Báo cáo miệng của Vụ Báo chí", actor="admin")
    return tracker, ids


@pytest.fixture
def derived(tmp_path: Path, docs):
    store = open_store(f"sqlite:///{tmp_path / 'k.db'}")
    tracker, ids = build_derived_scenario(store, docs)
    yield store, tracker, ids
    store.close()


def _links(tracker: Tracker, plan: int) -> dict[tuple[str, int, str], tuple[float, str]]:
    return {
        (pn, link.child[0], link.child[1]): (link.weight, link.method)
        for pn, links in tracker.children_of(plan).items()
        for link in links
    }


def test_links_derived_along_the_cascade_edge(derived) -> None:
    store, tracker, ids = derived
    P, A, B = ids["P"], ids["A"], ids["B"]
    assert tracker.plan_parent(A) == P and tracker.plan_parent(B) == P
    assert tracker.plans_below(P) == sorted([A, B])
    got = _links(tracker, P)
    want = {(pn, A, cn): w for (pn, cn), w in ALIGNER_A.items()}
    want |= {(pn, B, cn): w for (pn, cn), w in EXPECTED_B.items()}
    assert {k for k, (_w, m) in got.items() if m == "align"} == set(want)
    for key, weight in want.items():
        assert got[key][0] == pytest.approx(float(weight)), key
    assert got[("IV.5", B, "IV.1")] == (1.0, "manual")


def test_two_level_rollup_from_derived_links(derived) -> None:
    store, tracker, ids = derived
    P, A, B = ids["P"], ids["A"], ids["B"]
    p = tracker.progress(as_of="2022-08-01")
    v = p.item_value
    # 002: IV.1 done (1 unit); IV.2 under way (1 unit); IV.3 one of 3 units done; IV.4, IV.5 nothing
    assert v[(A, "IV.1")] == 1.0 and v[(A, "IV.2")] == 0.5 and v[(A, "IV.3")] == pytest.approx(1 / 3)
    assert p.plan_value[A] == pytest.approx((1 + 0.5 + 1 / 3) / 5)
    assert p.plan_value[B] == pytest.approx(2 / 3)  # IV.1 and IV.2 done, IV.3 (4 units) not
    # own cells of 001 are all 0; (own + Σ w·child) / (1 + Σ w)
    sw = F(2, 3) + F(1, 8) + F(1, 7) + F(1, 6)
    swv = F(2, 3) * 1 + F(1, 8) * F(1, 2) + F(1, 7) * F(1, 3) + F(1, 6) * 0
    assert v[(P, "IV.1")] == pytest.approx(float(swv / (1 + sw)))  # 261/706
    assert v[(P, "IV.1")] == pytest.approx(261 / 706)
    assert v[(P, "IV.2")] == 0.0
    assert v[(P, "IV.3")] == pytest.approx(float(F(3, 14) * F(1, 3) / (1 + F(3, 14))))  # 1/17
    assert v[(P, "IV.3")] == pytest.approx(1 / 17)
    assert v[(P, "IV.4")] == pytest.approx(1 / 3)  # (0 + 1×0 + 1×1) / (1 + 2)
    # 002 IV.5 (nothing done, derived) and the person's link to 000 IV.1 (done): (0 + 0 + 1) / 3
    assert v[(P, "IV.5")] == pytest.approx(1 / 3)
    assert v[(P, "IV.6")] == 0.9 and (P, "IV.6") in p.overridden
    assert p.plan_value[P] == pytest.approx((261 / 706 + 0 + 1 / 17 + 1 / 3 + 1 / 3 + 0.9) / 6)


def test_a_persons_link_is_audited_and_kept_over_derivations(derived) -> None:
    store, tracker, ids = derived
    P, A, B = ids["P"], ids["A"], ids["B"]
    before = tracker.progress(as_of="2022-08-01").item_value[(P, "IV.1")]
    # 002 IV.2's prize bullet does not count toward Ban Tổ chức Trung ương (weight 0)
    tracker.set_link((P, "IV.1"), (A, "IV.2"), 0.0, "Giải báo chí do Ban Tuyên giáo theo dõi", "van-thu")
    log = tracker.audit("link")
    assert [(e["action"], e["actor"]) for e in log] == [("create", "admin"), ("update", "van-thu")]
    assert log[-1]["before"]["method"] == "align" and log[-1]["before"]["weight"] == pytest.approx(1 / 8)
    assert log[-1]["after"]["weight"] == 0.0 and log[-1]["after"]["reason"].startswith("Giải báo chí")
    tracker.derive_links_around(P)  # re-derived: the person's decisions stay
    got = _links(tracker, P)
    assert got[("IV.1", A, "IV.2")] == (0.0, "manual") and got[("IV.5", B, "IV.1")] == (1.0, "manual")
    assert got[("IV.6", A, "IV.2")][1] == "align"
    sw = F(2, 3) + F(1, 7) + F(1, 6)
    swv = F(2, 3) + F(1, 7) * F(1, 3)
    after = tracker.progress(as_of="2022-08-01").item_value[(P, "IV.1")]
    assert after == pytest.approx(float(swv / (1 + sw))) and after != pytest.approx(before)
    with pytest.raises(KehoachError) as err:
        tracker.set_link((P, "IV.9"), (A, "IV.2"), 1.0, "x", "van-thu")
    assert "không có mục IV.9" in err.value.message
    with pytest.raises(KehoachError):
        tracker.set_link((P, "IV.1"), (A, "IV.2"), -1.0, "x", "van-thu")
    with pytest.raises(KehoachError):
        tracker.set_link((P, "IV.1"), (A, "IV.2"), 1.0, " ", "van-thu")


def test_links_follow_the_cascade_decisions(derived) -> None:
    store, tracker, ids = derived
    P, A = ids["P"], ids["A"]
    save_override(store, A, P, "reject", note="không triển khai trực tiếp")
    assert tracker.plan_parent(A) is None
    tracker.derive_links(A)
    assert not [k for k, (_w, m) in _links(tracker, P).items() if k[1] == A and m == "align"]


def test_real_parent_by_citation(tmp_path: Path, docs) -> None:
    """Without a decision, the edge is the citation: 000 implements 40-KH/TU of 2022 once it is
    stored (here the copy of its header and first lines in tests/fixtures/parents)."""
    store = open_store(f"sqlite:///{tmp_path / 'k.db'}")
    with store:
        tracker = Tracker(store)
        tu = process_file(ROOT / "tests" / "fixtures" / "parents" / "kh40-tu-2022.txt")
        tu_id = store.ingest_document(tu).document_id
        b_id = store.ingest_document(docs["B"]).document_id
        assert tracker.plan_parent(b_id) == tu_id
        tracker.save_duties(tu_id, tu)
        tracker.save_duties(b_id, docs["B"])
        assert tracker.plans_below(tu_id) == [b_id]


def test_cli_track_links(derived) -> None:
    store, tracker, ids = derived
    P, A = ids["P"], ids["A"]
    url = store.url
    runner = CliRunner()
    res = runner.invoke(app, ["track-links", str(P), "--db", url])
    assert res.exit_code == 0, res.output
    assert "đối chiếu" in res.output and "điều chỉnh" in res.output
    res = runner.invoke(
        app,
        ["track-links", str(P), "--set", "IV.3", "--child", str(A), "--child-node", "IV.3", "--weight", "1",
         "--reason", "Phòng Văn hóa - Thông tin làm thay Bộ Văn hóa", "--actor", "van-thu", "--db", url],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert _links(tracker, P)[("IV.3", A, "IV.3")] == (1.0, "manual")
    assert tracker.audit("link")[-1]["actor"] == "van-thu"
    res = runner.invoke(app, ["track-links", str(P), "--set", "IV.3", "--db", url])
    assert res.exit_code == 1 and "--child" in res.output
    res = runner.invoke(app, ["track-links", str(P), "--derive", "--db", url])
    assert res.exit_code == 0 and "Đã suy 11 liên kết" in res.output  # 8 + 3 (the person's stay)


def test_progress_page_shows_where_each_link_comes_from(derived) -> None:
    from fastapi.testclient import TestClient

    from kehoach.web.app import create_app

    store, tracker, ids = derived
    P, A, B = ids["P"], ids["A"], ids["B"]
    c = TestClient(create_app(store=store, auth=False, secret_key="links"))
    html = c.get(f"/plans/{P}/progress?as_of=2022-08-01").text
    rollup = html.split('id="rollup"')[1].split("</table>")[0]
    rows = rollup.split("<tr ")[1:]
    assert len(rows) == 12  # 8 + 3 derived, 1 a person's
    manual = next(r for r in rows if r.startswith(f'data-node="IV.5" data-child-plan="{B}"'))
    assert "điều chỉnh" in manual and "Tổ chức cơ sở đảng xây dựng kế hoạch" in manual
    derived_row = next(r for r in rows if r.startswith(f'data-node="IV.4" data-child-plan="{A}"'))
    assert "đối chiếu" in derived_row and "IV.4.-1 ← IV.4.-1" in derived_row  # the evidence, as a title
    api = c.get(f"/api/plans/{P}/progress?as_of=2022-08-01").json()
    iv1 = next(i for i in api["items"] if i["node_id"] == "IV.1")
    assert {(ch["plan_id"], ch["node_id"], ch["method"]) for ch in iv1["children"]} == {
        (A, "IV.1", "align"),
        (A, "IV.2", "align"),
        (A, "IV.3", "align"),
        (B, "IV.3", "align"),
    }
    assert iv1["value"] == pytest.approx(261 / 706)
