"""The forum's selection on small cases worked out by hand, and properties on
generated ones: never over the pagu, deterministic, the desa cap respected."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from musrenbang import seleksi
from musrenbang.errors import MusrenbangError
from musrenbang.records import Berkas, Forum, Usulan
from musrenbang.register import Tahun
from musrenbang.workspace import Workspace
from musrenbang.yamlio import Document

from .conftest import REPO

SOP = Workspace.open(REPO).ref.sop
CRITERIA = ("urgensi", "manfaat", "keselarasan", "kesiapan", "kewajaran-biaya")


def kriteria(**options) -> dict:
    return {"kriteria": [{"id": c, "nama": c, "bobot": w, "skala": {}} for c, w in zip(CRITERIA, (30, 25, 20, 15, 10))],
            "seleksi": {"aturan": "skor", **options},
            "pagu": {"bawaan": {"fisik": 100, "ekonomi": 100, "sosial-budaya": 100}}}


def year(items: list[tuple], scores: dict[str, int] | None = None, approvals: dict | None = None, pagu: int = 100,
         hadir: dict[str, bool] | None = None) -> Tahun:
    """items: (desa, nomor, biaya, layak) for bidang fisik; scores: rujukan → the same score on every criterion;
    hadir: desa → present (default: every delegation that approves is present)."""
    result = Tahun(2025)
    for agenda, desa in enumerate(sorted({i[0] for i in items}), start=1):
        result.berkas[desa] = Berkas(f"proposals/2025/{desa}/berkas.yaml", Document({"nomor_agenda": agenda}), True,
                                     tahun=2025, desa=desa)
    for desa, nomor, biaya, layak in items:
        data = {"judul": f"{desa} {nomor}", "perkiraan_biaya": biaya, "usulan_bidang": "fisik",
                "klasifikasi": {"bidang": "fisik"}, "pemeriksaan": {"hasil": "layak" if layak else "tidak-layak"}}
        result.usulan.append(Usulan(f"proposals/2025/{desa}/{nomor:02d}-x.yaml", Document(data), True,
                                    tahun=2025, desa=desa, nomor=nomor, slug="x"))
    penilaian = [{"usulan": ref, "penilai": "Tim", "skor": dict.fromkeys(CRITERIA, value)}
                 for ref, value in (scores or {}).items()]
    hadir = hadir if hadir is not None else dict.fromkeys(approvals or {}, True)
    forum = {"tahun": 2025, "penilaian": penilaian, "persetujuan": approvals or {}, "pagu": {"fisik": pagu},
             "delegasi": {desa: {"hadir": present} for desa, present in hadir.items()}}
    result.forum = Forum("proposals/2025/musrenbang.yaml", Document(forum), True, tahun=2025)
    return result


def outcome(hasil) -> dict[str, tuple[bool, str]]:
    return {k.usulan: (k.lolos, k.alasan) for k in hasil.keputusan}


def test_skor_fills_the_pagu_in_rank_order_skipping_what_no_longer_fits():
    # a/01 score 5 cost 60; b/01 score 4 cost 50; a/02 score 3 cost 30; pagu 100:
    # a/01 fits (40 left); b/01 (50) does not; a/02 (30) does.
    y = year([("a", 1, 60, True), ("b", 1, 50, True), ("a", 2, 30, True)], {"a/01": 5, "b/01": 4, "a/02": 3})
    result = outcome(seleksi.select(y, SOP, kriteria()))
    assert result["a/01"] == (True, "peringkat 1 bidang Fisik; masuk sisa pagu Rp100 (menurut peringkat)")
    assert result["b/01"] == (False, "peringkat 2 bidang Fisik; biaya Rp50 melebihi sisa pagu Rp40 (menurut peringkat)")
    assert result["a/02"] == (True, "peringkat 3 bidang Fisik; masuk sisa pagu Rp40 (menurut peringkat)")


def test_at_least_one_per_desa_comes_first():
    # as above plus c/01 score 1 cost 40. Without the guarantee: a/01, a/02 (10 left).
    # With it: a/01 (40 left), b's only usulan does not fit, c/01 (0 left); a/02 no longer fits.
    items = [("a", 1, 60, True), ("b", 1, 50, True), ("a", 2, 30, True), ("c", 1, 40, True)]
    scores = {"a/01": 5, "b/01": 4, "a/02": 3, "c/01": 1}
    plain = outcome(seleksi.select(year(items, scores), SOP, kriteria()))
    assert [r for r, (ok, _) in plain.items() if ok] == ["a/01", "a/02"]
    fair = outcome(seleksi.select(year(items, scores), SOP, kriteria(minimal_satu_per_desa=True)))
    assert sorted(r for r, (ok, _) in fair.items() if ok) == ["a/01", "c/01"]
    # each reason names the rule that decided and the pagu left when the usulan was considered
    assert fair["a/01"][1] == ("peringkat 1 bidang Fisik; didahulukan sebagai usulan terbaik desanya yang muat "
                               "(minimal satu usulan per desa), sisa pagu saat itu Rp100")
    assert fair["c/01"][1] == ("peringkat 4 bidang Fisik; didahulukan sebagai usulan terbaik desanya yang muat "
                               "(minimal satu usulan per desa), sisa pagu saat itu Rp40")
    assert fair["a/02"][1] == ("peringkat 3 bidang Fisik; biaya Rp30 melebihi sisa pagu Rp0 "
                               "(sesudah usulan terbaik setiap desa didahulukan)")


def test_cap_per_desa():
    y = year([("a", 1, 10, True), ("a", 2, 10, True), ("b", 1, 10, True)], {"a/01": 5, "a/02": 4, "b/01": 3})
    result = outcome(seleksi.select(y, SOP, kriteria(batas_per_desa=1)))
    assert result["a/02"] == (False, "peringkat 2 bidang Fisik; batas 1 usulan per desa per bidang sudah tercapai")
    assert result["b/01"][0] is True


def test_ties_go_to_the_desas_own_priority_then_nomor_agenda():
    y = year([("a", 2, 60, True), ("b", 1, 60, True), ("c", 2, 60, True)], {"a/02": 4, "b/01": 4, "c/02": 4})
    result = seleksi.select(y, SOP, kriteria())
    assert [(k.usulan, k.peringkat) for k in result.keputusan] == [("b/01", 1), ("a/02", 2), ("c/02", 3)]


def test_weighted_mean_of_several_assessors():
    forum = {"penilaian": [
        {"usulan": "a/01", "penilai": "1", "skor": {"urgensi": 5, "manfaat": 4, "keselarasan": 3, "kesiapan": 2, "kewajaran-biaya": 1}},
        {"usulan": "a/01", "penilai": "2", "skor": {"urgensi": 3, "manfaat": 4, "keselarasan": 5, "kesiapan": 4, "kewajaran-biaya": 3}},
        {"usulan": "b/01", "penilai": "1", "skor": {"urgensi": 5}},
    ]}
    # means: 4, 4, 4, 3, 2 → (30·4 + 25·4 + 20·4 + 15·3 + 10·2) / 100 = 365/100
    assert seleksi.weighted_scores(forum, kriteria()) == {"a/01": Fraction(365, 100)}


def test_every_usulan_gets_a_result_and_a_reason():
    y = year([("a", 1, 10, True), ("a", 2, 10, False), ("b", 1, 10, True)], {"a/01": 5})
    result = outcome(seleksi.select(y, SOP, kriteria()))
    assert result["a/02"] == (False, "tidak layak menurut pemeriksaan Kasubid")
    assert result["b/01"] == (False, "belum dinilai lengkap (setiap kriteria perlu skor)")


def test_equal_shares_rule_names_support_and_reasons():
    # delegations a and b, pagu 100, a share of 50 each. a approves a/01 (60) and a/02 (40);
    # b approves b/01 (50). MES: b/01 costs b its 50; a/02 costs a 40 of 50; a/01 then
    # no longer fits (100 - 90 = 10 left).
    y = year([("a", 1, 60, True), ("a", 2, 40, True), ("b", 1, 50, True)],
             approvals={"a": ["a/01", "a/02"], "b": ["b/01"]})
    result = outcome(seleksi.select(y, SOP, {**kriteria(), "seleksi": {"aturan": "equal-shares", "kenaikan_anggaran": 1}}))
    assert result["b/01"] == (True, "terpilih ke-1 bidang Fisik dengan metode bagian setara (1 delegasi menyetujui)")
    assert result["a/02"][0]
    assert result["a/01"] == (False, "biaya Rp60 melebihi sisa pagu Rp10 (1 delegasi menyetujui)")


items_strategy = st.lists(st.tuples(st.sampled_from("abcde"), st.integers(1, 9), st.integers(1, 80), st.booleans()),
                          min_size=1, max_size=15, unique_by=lambda t: (t[0], t[1]))


@settings(max_examples=150, deadline=None)
@given(items=items_strategy, scores=st.lists(st.integers(1, 5), min_size=15, max_size=15),
       pagu=st.integers(0, 250), cap=st.sampled_from([None, 1, 2]), fair=st.booleans())
def test_properties_of_the_skor_rule(items, scores, pagu, cap, fair):
    refs = [f"{d}/{n:02d}" for d, n, _, _ in items]
    given_scores = dict(zip(refs, scores))
    options = {"minimal_satu_per_desa": fair, **({"batas_per_desa": cap} if cap else {})}
    first = seleksi.select(year(items, given_scores, pagu=pagu), SOP, kriteria(**options))
    again = seleksi.select(year(list(reversed(items)), given_scores, pagu=pagu), SOP, kriteria(**options))
    assert first.as_dict() == again.as_dict()  # deterministic, whatever the input order
    costs = {f"{d}/{n:02d}": c for d, n, c, _ in items}
    passed = [k.usulan for k in first.keputusan if k.lolos]
    assert sum(costs[r] for r in passed) <= pagu
    layak = {f"{d}/{n:02d}" for d, n, _, ok in items if ok}
    assert set(passed) <= layak and {k.usulan for k in first.keputusan} == set(refs)
    if cap:
        for desa in "abcde":
            assert sum(r.startswith(desa + "/") for r in passed) <= cap


@settings(max_examples=100, deadline=None)
@given(items=items_strategy, pagu=st.integers(0, 250), data=st.data())
def test_properties_of_the_equal_shares_rule(items, pagu, data):
    refs = [f"{d}/{n:02d}" for d, n, _, _ in items]
    approvals = {d: data.draw(st.lists(st.sampled_from(refs), max_size=6, unique=True)) for d in "abc"}
    options = {**kriteria(), "seleksi": {"aturan": "equal-shares", "kenaikan_anggaran": 1}}
    first = seleksi.select(year(items, approvals=approvals, pagu=pagu), SOP, options)
    again = seleksi.select(year(list(reversed(items)), approvals=approvals, pagu=pagu), SOP, options)
    assert first.as_dict() == again.as_dict()
    costs = {f"{d}/{n:02d}": c for d, n, c, _ in items}
    assert sum(costs[k.usulan] for k in first.keputusan if k.lolos) <= pagu


def test_seleksi_2024_reproduces_the_committed_result():
    workspace = Workspace.open(REPO)
    year = workspace.register.tahun[2024]
    written = year.forum.data["hasil"]
    computed = seleksi.select(year, workspace.ref.sop, workspace.ref.data("kriteria"), written["aturan"])
    assert computed.as_dict() == written
    passed = [k for k in computed.keputusan if k.lolos]
    assert len(passed) >= 10 and len(passed) < len(computed.keputusan)


def equal_shares(**options) -> dict:
    return {**kriteria(), "seleksi": {"aturan": "equal-shares", "kenaikan_anggaran": 1, **options}}


def test_every_present_delegation_holds_a_share_even_approving_nothing():
    # pagu 90. Delegation a approves a/01 (60) and a/02 (40); b is present and approves
    # nothing. Two voters: 45 each. a/01 is beyond a's 45, a/02 costs a 40; raising the
    # share until a/01 is affordable (60) gives a/01 alone (a/02 no longer fits a's
    # share), but a/02 + a/01 = 100 would exceed the pagu, so the completion stops at
    # once with a/02. Counting only a as a voter would give a the whole 90 and a/01.
    items = [("a", 1, 60, True), ("a", 2, 40, True)]
    result = outcome(seleksi.select(year(items, approvals={"a": ["a/01", "a/02"]}, pagu=90,
                                         hadir={"a": True, "b": True}), SOP, equal_shares()))
    assert [r for r, (ok, _) in result.items() if ok] == ["a/02"]
    alone = outcome(seleksi.select(year(items, approvals={"a": ["a/01", "a/02"]}, pagu=90), SOP, equal_shares()))
    assert [r for r, (ok, _) in alone.items() if ok] == ["a/01"]


def test_an_absent_delegation_does_not_vote():
    items = [("a", 1, 30, True), ("b", 1, 30, True)]
    y = year(items, approvals={"a": ["a/01"], "b": ["b/01"]}, hadir={"a": True, "b": False})
    result = outcome(seleksi.select(y, SOP, equal_shares()))
    assert result["a/01"][0] is True
    assert result["b/01"] == (False, "tidak disetujui delegasi yang hadir")


def test_the_cap_per_desa_applies_to_equal_shares():
    # delegations a and b, pagu 100 (50 each); both approve a/01 (70) and a/02 (30),
    # b also b/01 (30). MES: a/01 costs each 35, a/02 each 15: a's desa takes all 100
    # and b/01 nothing. With one usulan per desa, a/02 is dropped; raising the share to
    # 65, b can pay b/01 (30) after its 35 for a/01: a/01 + b/01 = 100.
    items = [("a", 1, 70, True), ("a", 2, 30, True), ("b", 1, 30, True)]
    approvals = {"a": ["a/01", "a/02"], "b": ["a/01", "a/02", "b/01"]}
    plain = outcome(seleksi.select(year(items, approvals=approvals), SOP, equal_shares()))
    assert sorted(r for r, (ok, _) in plain.items() if ok) == ["a/01", "a/02"]
    capped = outcome(seleksi.select(year(items, approvals=approvals), SOP, equal_shares(batas_per_desa=1)))
    assert sorted(r for r, (ok, _) in capped.items() if ok) == ["a/01", "b/01"]
    assert capped["a/02"] == (False, "batas 1 usulan per desa per bidang sudah tercapai (2 delegasi menyetujui)")


def test_at_least_one_per_desa_in_equal_shares():
    # pagu 120, delegations x and y (60 each). x approves b/04 (80); y approves a/01
    # (50), a/02 (50) and b/03 (60). MES: y pays a/01; x cannot pay b/04. Raising the
    # share to 80 lets x pay b/04 too, 130 > 120: the completion keeps a/01 (70 left).
    # Greedy then adds a/02 (every usulan has one approval; a/02 ranks first by the
    # desa's own priority). With the guarantee, desa b, which has nothing, first gets
    # its usulan that fits: b/03.
    items = [("a", 1, 50, True), ("a", 2, 50, True), ("b", 3, 60, True), ("b", 4, 80, True)]
    approvals = {"x": ["b/04"], "y": ["a/01", "a/02", "b/03"]}
    plain = outcome(seleksi.select(year(items, approvals=approvals, pagu=120), SOP, equal_shares()))
    assert sorted(r for r, (ok, _) in plain.items() if ok) == ["a/01", "a/02"]
    fair = outcome(seleksi.select(year(items, approvals=approvals, pagu=120), SOP, equal_shares(minimal_satu_per_desa=True)))
    assert sorted(r for r, (ok, _) in fair.items() if ok) == ["a/01", "b/03"]
    assert fair["b/03"][1] == ("terpilih ke-2 bidang Fisik: usulan desanya yang paling banyak disetujui dan muat "
                               "(minimal satu usulan per desa), sisa pagu saat itu Rp70 (1 delegasi menyetujui)")
    assert fair["a/02"] == (False, "biaya Rp50 melebihi sisa pagu Rp10 (1 delegasi menyetujui)")


@settings(max_examples=150, deadline=None)
@given(items=items_strategy, pagu=st.integers(0, 250), cap=st.sampled_from([None, 1, 2]), fair=st.booleans(),
       data=st.data())
def test_properties_of_the_desa_rules_in_equal_shares(items, pagu, cap, fair, data):
    refs = [f"{d}/{n:02d}" for d, n, _, _ in items]
    approvals = {d: data.draw(st.lists(st.sampled_from(refs), max_size=6, unique=True)) for d in "abc"}
    options = equal_shares(minimal_satu_per_desa=fair, **({"batas_per_desa": cap} if cap else {}))
    hasil = seleksi.select(year(items, approvals=approvals, pagu=pagu), SOP, options)
    costs = {f"{d}/{n:02d}": c for d, n, c, _ in items}
    passed = [k.usulan for k in hasil.keputusan if k.lolos]
    left = pagu - sum(costs[r] for r in passed)
    assert left >= 0
    for desa in "abcde":
        mine = [r for r in passed if r.startswith(desa + "/")]
        if cap:
            assert len(mine) <= cap  # the cap is never exceeded
        approved = {r for r in set().union(*map(set, approvals.values())) if r.startswith(desa + "/")}
        layak = {f"{d}/{n:02d}" for d, n, _, ok in items if ok}
        if fair and not mine:  # the guarantee holds wherever one of the desa's usulan was affordable
            assert all(costs[r] > left for r in approved & layak)


def test_a_duplicate_score_sheet_is_refused():
    y = year([("a", 1, 10, True), ("b", 1, 10, True)], {"a/01": 3, "b/01": 4})
    y.forum.data["penilaian"].append(dict(y.forum.data["penilaian"][0]))
    with pytest.raises(MusrenbangError, match="menilai 'a/01' lebih dari sekali"):
        seleksi.select(y, SOP, kriteria())


def test_an_add1_step_below_a_thousandth_of_the_pagu_is_refused():
    y = year([("a", 1, 60, True)], approvals={"a": ["a/01"]}, pagu=1_350_000_000)
    with pytest.raises(MusrenbangError, match="paling sedikit Rp1.350.000"):
        seleksi.select(y, SOP, equal_shares())
    options = equal_shares()
    del options["seleksi"]["kenaikan_anggaran"]  # default: a thousandth of the pagu
    assert outcome(seleksi.select(y, SOP, options))["a/01"][0] is True
