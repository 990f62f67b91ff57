"""The state machine comes from the SOP file: a different SOP (five steps, a
Sekretaris Camat first, other statuses) changes it without touching Python."""

from __future__ import annotations

import copy


from musrenbang import alur, riwayat
from musrenbang.workspace import Workspace
from musrenbang.yamlio import parse

from .conftest import REPO
from .gitrepo import RegisterRepo

DENOK = "proposals/2025/denok/berkas.yaml"


def five_step_sop() -> dict:
    sop = parse((REPO / "sop/musrenbang-kecamatan.yaml").read_text("utf-8")).data
    sop["peran"].append({"id": "sekcam", "nama": "Sekretaris Camat", "kolom_sop": True})
    first = copy.deepcopy(sop["langkah"][0])
    first.update(nomor=1, nama="Agenda Sekcam", pelaksana="sekcam", status="diagendakan", kepada=["camat"])
    first["mutu_baku"] = {**first["mutu_baku"], "waktu": "PT15M", "output": "Lembar agenda"}
    for step in sop["langkah"]:
        step["nomor"] += 1
    sop["langkah"].insert(0, first)
    return sop


def install(repo: RegisterRepo) -> None:
    repo.write_yaml("sop/musrenbang-kecamatan.yaml", five_step_sop())
    people = repo.people
    people["petugas"].append({"id": "sekcam", "nama": "Sri Handayani", "jabatan": "Sekretaris Camat",
                              "peran": ["sekcam"], "email": "sekcam@kec-lumajang.example", "akun": "sekcam",
                              "kunci": [repo.keys["kasi-pembangunan"][1]]})
    people["petugas"] = [p for p in people["petugas"] if p["id"] != "kasi-pembangunan"] + \
        [{**next(p for p in repo.people["petugas"] if p["id"] == "kasi-pembangunan"), "kunci": []}]
    repo.write_yaml("sop/petugas.yaml", people)
    # banjarwaru's dispositions follow the four-step SOP; renumber them for five steps
    berkas = parse(repo.read("proposals/2025/banjarwaru/berkas.yaml")).data
    for entry in berkas["disposisi"]:
        entry["langkah"] += 1
    berkas["disposisi"].insert(0, {"langkah": 1, "oleh": "sekcam", "kepada": "camat", "isi": "Agendakan",
                                   "waktu": "2025-01-13T08:32:00+07:00"})
    repo.write_yaml("proposals/2025/banjarwaru/berkas.yaml", berkas)


def test_five_step_machine(tmp_path, ssh_keys):
    repo = RegisterRepo(tmp_path / "five", ssh_keys)
    install(repo)
    workspace = Workspace.open(repo.path)
    assert workspace.findings() == []
    sop = workspace.ref.sop
    assert [s.nomor for s in sop.langkah] == [1, 2, 3, 4, 5]
    assert sop.statuses()[:3] == ["diajukan", "diagendakan", "disposisi-camat"]
    denok = workspace.register.tahun[2025].berkas["denok"]
    where = alur.posisi(sop, denok)
    assert (where.status, where.berikut.nama, where.pelaksana_berikut) == ("diajukan", "Agenda Sekcam", "sekcam")
    banjarwaru = workspace.register.tahun[2025].berkas["banjarwaru"]
    usulan = workspace.register.tahun[2025].usulan[0]
    assert alur.posisi(sop, banjarwaru, usulan).status == "diperiksa"


def test_five_step_check_follows_the_new_sop(tmp_path, ssh_keys):
    repo = RegisterRepo(tmp_path / "five", ssh_keys)
    install(repo)
    repo.commit("SOP lima langkah\n\nImpor: SOP baru", as_="camat")
    repo.base = repo.rev("HEAD")
    step = "disposisi:\n  - langkah: 1\n    oleh: {oleh}\n    kepada: camat\n    isi: Agendakan\n"
    repo.append(DENOK, step.format(oleh="camat"))
    repo.commit("Agenda oleh Camat", as_="camat")
    assert {f.rule for f in riwayat.check(repo.path, repo.base)} == {"identitas.peran"}
    repo.git("reset", "-q", "--hard", repo.base)
    repo.append(DENOK, step.format(oleh="sekcam"))
    repo.commit("Agenda oleh Sekcam", as_="kasi-pembangunan")  # the sekcam's key (lent from the kasi's)
    assert riwayat.check(repo.path, repo.base) == []
