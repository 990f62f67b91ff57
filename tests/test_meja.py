"""Meja kerja (issue 12): each role's desk is what `alur.posisi` says waits for
that role, oldest first; steps move items from desk to desk; the built site has
a page per role listing them."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from musrenbang import alur, meja
from musrenbang.workspace import Workspace

from .conftest import REPO
from .gitrepo import RegisterRepo
from .test_kantor import cli, sign_as


def _pending(ws: Workspace) -> dict[str, set[str]]:
    """Per role, the records whose next step is that role's, straight from alur (forum steps per year)."""
    sop, found = ws.ref.sop, {}
    for year in ws.register.tahun.values():
        for slug, berkas in year.berkas.items():
            where = alur.posisi(sop, berkas)
            if where.berikut is not None and where.berikut.dicatat.rekaman == "berkas":
                found.setdefault(where.pelaksana_berikut, set()).add(f"{year.tahun}/{slug}")
            for item in year.usulan_desa(slug):
                where = alur.posisi(sop, berkas, item, year.forum)
                if where.berikut is None or where.berikut.dicatat.rekaman == "berkas":
                    continue
                key = str(year.tahun) if where.berikut.dicatat.rekaman == "musrenbang" else item.kunci
                found.setdefault(where.pelaksana_berikut, set()).add(key)
    return found


def test_the_sample_registers_desks_are_what_the_state_machine_says():
    ws = Workspace.open(REPO)
    desks = meja.desks(ws.ref.sop, ws.register)
    assert {role: {t.rujukan for t in items} for role, items in desks.items()} == _pending(ws)
    assert {"camat", "kasi", "pencatat", "kasubid-fisik"} <= set(desks)  # the sample has work on each
    for items in desks.values():
        times = [t.sejak for t in items if t.sejak]
        assert times == sorted(times)  # oldest first
    now = datetime(2025, 2, 1, tzinfo=timezone.utc)
    camat = [t for t in desks["camat"] if t.nomor == 1]
    assert camat and all(t.mutu_baku == ws.ref.sop.langkah_nomor(1).waktu and t.lewat(now) for t in camat)
    forum = [t for t in desks["camat"] if t.jumlah > 1]
    assert [t.rujukan for t in forum] == ["2025"]


def test_a_step_moves_the_item_to_the_next_desk(repo: RegisterRepo):
    def desk_of(key: str) -> list[str]:
        ws = Workspace.open(repo.path)
        return [role for role, items in meja.desks(ws.ref.sop, ws.register).items()
                if key in {t.rujukan for t in items}]

    assert desk_of("2025/denok") == ["camat"]
    sign_as(repo, "camat")
    assert cli(repo, "disposisi", "denok", "--langkah", "1", "--isi", "Pelajari", "--commit").returncode == 0
    assert desk_of("2025/denok") == ["kasi"]
    sign_as(repo, "kasi-pembangunan")
    assert cli(repo, "disposisi", "denok", "--langkah", "2", "--isi", "Teruskan", "--commit").returncode == 0
    assert desk_of("2025/denok") == [] and desk_of("2025/denok/01") == ["pencatat"]
    sign_as(repo, "pencatat")
    assert cli(repo, "klasifikasi", "denok/01", "--bidang", "sosial-budaya", "--commit").returncode == 0
    assert desk_of("2025/denok/01") == ["kasubid-sosbud"]


def test_the_built_site_has_a_desk_page_per_role(built_site: Path):
    ws = Workspace.open(REPO)
    desks = meja.desks(ws.ref.sop, ws.register)
    index = (built_site / "meja/index.html").read_text("utf-8")
    for role in ("camat", "kasi", "pencatat", "kasubid-fisik", "kasubid-ekonomi", "kasubid-sosbud"):
        assert f'href="{role}/"' in index or f'href="./{role}/"' in index or f"meja/{role}/" in index, role
        html = (built_site / f"meja/{role}/index.html").read_text("utf-8")
        shown = re.findall(r'<tr data-rujukan="([^"]+)"', html)
        assert shown == [t.rujukan for t in desks.get(role, [])], role
        for link in re.findall(r'<a href="\.\./\.\./(usulan/[^"]+|desa/[^"]+)"', html):
            assert (built_site / link / "index.html").is_file(), link
    camat = (built_site / "meja/camat/index.html").read_text("utf-8")
    assert "musrenbang disposisi" in camat and "(melebihi)" in camat
