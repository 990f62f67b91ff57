"""`musrenbang check` and `audit` on real repositories: the right step, by the
right person, nothing lost or rewritten. Commits are signed with real SSH keys."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from musrenbang import riwayat
from musrenbang.errors import MusrenbangError
from musrenbang.forge import PullRequest

from .gitrepo import SAFE_ENV, RegisterRepo

DENOK = "proposals/2025/denok/berkas.yaml"
DENOK_01 = "proposals/2025/denok/01-penerangan-jalan-umum.yaml"
BANJARWARU = "proposals/2025/banjarwaru/berkas.yaml"
BANJARWARU_01 = "proposals/2025/banjarwaru/01-rehabilitasi-saluran-irigasi.yaml"
BANJARWARU_02 = "proposals/2025/banjarwaru/02-pelatihan-olahan-pisang.yaml"

STEP_1 = """disposisi:
  - langkah: 1
    oleh: {oleh}
    kepada: kasi
    isi: Pelajari dan tindak lanjuti
"""
STEP_2 = """  - langkah: 2
    oleh: kasi-pembangunan
    kepada: pencatat
    isi: Teruskan ke pencatat dokumen
"""
KLASIFIKASI = """klasifikasi:
  bidang: ekonomi
  oleh: {oleh}
  kepada: kasubid-ekonomi
"""


def rules(findings, level="galat") -> set[tuple[str, str]]:
    return {(f.rule, f.path) for f in findings if f.tingkat == level}


def check(repo: RegisterRepo, pull: PullRequest | None = None):
    return riwayat.check(repo.path, repo.base, "HEAD", pull)


def test_camat_disposition_signed_by_the_camat_passes(repo):
    repo.append(DENOK, STEP_1.format(oleh="camat"))
    repo.commit("Disposisi Camat untuk berkas Denok", as_="camat")
    assert check(repo) == []


def test_camat_disposition_made_by_the_kasi_fails(repo):
    repo.append(DENOK, STEP_1.format(oleh="camat"))
    repo.commit("Disposisi Camat untuk berkas Denok", as_="kasi-pembangunan")
    findings = check(repo)
    assert rules(findings) == {("identitas.peran", DENOK)}
    assert findings[0].line == 8  # the disposition entry
    assert "Camat" in findings[0].message and "kasi-pembangunan" in findings[0].message


def test_unsigned_commit_with_the_camats_email_fails_in_strict_mode(repo):
    repo.append(DENOK, STEP_1.format(oleh="camat"))
    repo.commit("Disposisi Camat", as_="camat", sign=False)
    assert rules(check(repo)) == {("identitas.tidak-terverifikasi", DENOK)}


def test_lenient_mode_accepts_the_email_but_says_unverified(tmp_path, ssh_keys):
    repo = RegisterRepo(tmp_path / "lenient", ssh_keys, verifikasi="longgar")
    repo.append(DENOK, STEP_1.format(oleh="camat"))
    repo.commit("Disposisi Camat", as_="camat", sign=False)
    findings = check(repo)
    assert rules(findings) == set()
    assert rules(findings, "peringatan") == {("identitas.tidak-terverifikasi", DENOK)}
    assert "tidak terverifikasi" in findings[0].message


def test_skipping_a_step_fails(repo):
    repo.append(DENOK, "disposisi:\n" + STEP_2)
    repo.commit("Disposisi Kasi", as_="kasi-pembangunan")
    findings = check(repo)
    assert rules(findings) == {("alur.langkah-tidak-sah", DENOK)}
    assert "Disposisi Camat" in findings[0].hint


def test_two_steps_in_order_by_their_holders_pass_and_disposition_text_matters(repo):
    repo.append(DENOK, STEP_1.format(oleh="camat"))
    repo.commit("Disposisi Camat", as_="camat")
    repo.append(DENOK, STEP_2)
    repo.commit("Disposisi Kasi", as_="kasi-pembangunan")
    assert check(repo) == []


def test_a_disposition_edited_afterwards_fails(repo):
    repo.replace(BANJARWARU, "isi: Pelajari dan tindak lanjuti", "isi: Tolak saja")
    repo.commit("Ubah disposisi", as_="camat")
    findings = check(repo)
    assert rules(findings) == {("riwayat.disposisi-diubah", BANJARWARU)}
    assert findings[0].line == 10


def test_a_deleted_record_fails(repo):
    (repo.path / DENOK_01).unlink()
    repo.commit("Hapus usulan", as_="pencatat")
    assert rules(check(repo)) == {("riwayat.dihapus", DENOK_01)}


def test_a_renamed_record_fails(repo):
    repo.git("mv", DENOK_01, "proposals/2025/denok/01-pju.yaml")
    repo.commit("Ganti nama", as_="pencatat")
    assert rules(check(repo)) == {("riwayat.diganti-nama", "proposals/2025/denok/01-pju.yaml")}


def test_a_renumbered_berkas_fails(repo):
    repo.replace(DENOK, "nomor_agenda: 2", "nomor_agenda: 3")
    repo.commit("Nomor agenda", as_="pencatat")
    findings = check(repo)
    assert rules(findings) == {("riwayat.nomor-agenda-diubah", DENOK)}
    assert findings[0].line == 2


def test_a_clashing_nomor_agenda_names_the_next_free_number(repo):
    repo.write("proposals/2025/labruk-lor/berkas.yaml", repo.read(DENOK).replace("denok", "labruk-lor"))
    repo.commit("Berkas Labruk Lor", as_="pencatat")
    findings = check(repo)
    assert rules(findings) == {("riwayat.nomor-agenda-dipakai", "proposals/2025/labruk-lor/berkas.yaml")}
    assert "3" in findings[0].hint


def test_a_new_berkas_by_its_own_operator_passes_and_by_another_fails(repo):
    berkas = repo.read(DENOK).replace("denok", "labruk-lor").replace("nomor_agenda: 2", "nomor_agenda: 3")
    repo.write("proposals/2025/labruk-lor/berkas.yaml", berkas)
    repo.commit("Berkas Labruk Lor", as_="operator-denok")
    assert rules(check(repo)) == {("identitas.peran", "proposals/2025/labruk-lor/berkas.yaml")}
    repo.git("reset", "-q", "--hard", repo.base)
    repo.write("proposals/2025/labruk-lor/berkas.yaml", berkas)
    repo.commit("Berkas Labruk Lor", as_="pencatat")
    assert check(repo) == []


def test_a_pull_request_cannot_grant_itself_the_camat_role(repo):
    people = repo.people
    operator = next(p for p in people["petugas"] if p["id"] == "operator-denok")
    operator["peran"].append("camat")
    repo.write_yaml("sop/petugas.yaml", people)
    repo.append(DENOK, STEP_1.format(oleh="operator-denok"))
    repo.commit("Tambah peran dan disposisi", as_="operator-denok")
    assert rules(check(repo)) == {("identitas.jalur-dilindungi", "sop/petugas.yaml"), ("identitas.peran", DENOK)}


def test_content_is_frozen_after_step_1_except_by_a_correction(repo):
    repo.replace(BANJARWARU_01, "volume: 350", "volume: 500")
    repo.commit("Ubah volume", as_="operator-banjarwaru")
    findings = check(repo)
    assert rules(findings) == {("riwayat.isi-dibekukan", BANJARWARU_01)}
    repo.append(BANJARWARU_01, "koreksi:\n  - oleh: pencatat\n    waktu: 2025-01-15T09:00:00+07:00\n"
                "    alasan: Volume sesuai berita acara desa\n")
    repo.commit("Koreksi volume", as_="pencatat")
    repo.git("reset", "-q", "--soft", repo.base)
    repo.commit("Koreksi volume oleh pencatat", as_="pencatat")
    assert check(repo) == []


def test_content_may_change_before_step_1_by_the_desa(repo):
    repo.replace(DENOK_01, "volume: 20", "volume: 24")
    repo.commit("Perbaiki volume", as_="operator-denok")
    assert check(repo) == []


def test_classification_by_the_pencatat_passes_and_by_a_kasubid_fails(repo):
    repo.append(BANJARWARU_02, KLASIFIKASI.format(oleh="pencatat"))
    repo.commit("Klasifikasi", as_="pencatat")
    assert check(repo) == []
    repo.git("reset", "-q", "--hard", repo.base)
    repo.append(BANJARWARU_02, KLASIFIKASI.format(oleh="kasubid-ekonomi"))
    repo.commit("Klasifikasi", as_="kasubid-ekonomi")
    assert rules(check(repo)) == {("identitas.peran", BANJARWARU_02)}


def test_examination_by_the_bidangs_kasubid_only(repo):
    repo.append(BANJARWARU_02, KLASIFIKASI.format(oleh="pencatat"))
    repo.commit("Klasifikasi", as_="pencatat")
    exam = "pemeriksaan:\n  hasil: layak\n  oleh: {oleh}\n  catatan: Sesuai kebutuhan kelompok\n"
    repo.append(BANJARWARU_02, exam.format(oleh="kasubid-fisik"))
    repo.commit("Pemeriksaan", as_="kasubid-fisik")
    assert rules(check(repo)) == {("identitas.peran", BANJARWARU_02)}
    repo.git("reset", "-q", "--hard", "HEAD~1")
    repo.append(BANJARWARU_02, exam.format(oleh="kasubid-ekonomi"))
    repo.commit("Pemeriksaan", as_="kasubid-ekonomi")
    assert check(repo) == []


def test_an_usulan_added_after_step_1_fails(repo):
    repo.write("proposals/2025/banjarwaru/03-jalan-baru.yaml", repo.read(BANJARWARU_02))
    repo.commit("Usulan susulan", as_="operator-banjarwaru")
    assert rules(check(repo)) == {("riwayat.usulan-terlambat", "proposals/2025/banjarwaru/03-jalan-baru.yaml")}


def test_a_signed_import_by_the_pencatat_is_taken_as_it_is(repo):
    berkas = repo.read(BANJARWARU).replace("banjarwaru", "labruk-lor").replace("nomor_agenda: 1", "nomor_agenda: 3")
    repo.write("proposals/2025/labruk-lor/berkas.yaml", berkas)
    repo.write("proposals/2025/labruk-lor/01-irigasi.yaml", repo.read(BANJARWARU_01))
    repo.commit("Impor berkas Labruk Lor\n\nImpor: buku register kertas", as_="pencatat")
    assert check(repo) == []


def test_an_unsigned_import_is_judged_as_an_ordinary_change(repo):
    berkas = repo.read(BANJARWARU).replace("banjarwaru", "labruk-lor").replace("nomor_agenda: 1", "nomor_agenda: 3")
    repo.write("proposals/2025/labruk-lor/berkas.yaml", berkas)
    repo.commit("Impor berkas Labruk Lor\n\nImpor: buku register kertas", as_="pencatat", sign=False)
    assert "impor.tanpa-hak" in {rule for rule, _ in rules(check(repo))}


def test_forge_identity_from_the_pull_request_author(repo):
    repo.append(DENOK, STEP_1.format(oleh="camat"))
    repo.commit("Disposisi Camat lewat web", as_="camat", sign=False)
    assert rules(check(repo, PullRequest(number=7, author="camat-lumajang"))) == set()
    assert rules(check(repo, PullRequest(number=7, author="op-denok"))) == {("identitas.peran", DENOK)}


def test_an_approving_review_by_the_camat_vouches_for_the_change(repo):
    repo.append(DENOK, STEP_1.format(oleh="camat"))
    repo.commit("Disposisi Camat diketik operator", as_="operator-denok", sign=False)
    pull = PullRequest(number=7, author="op-denok", approvers={"camat-lumajang"})
    assert check(repo, pull) == []


def test_sop_change_approved_by_the_camat_passes(repo):
    repo.replace("sop/wilayah.yaml", "nama: Boreng", "nama: Boreng Baru")
    repo.commit("Ganti nama desa", as_="pencatat")
    assert rules(check(repo)) == {("identitas.jalur-dilindungi", "sop/wilayah.yaml")}
    assert check(repo, PullRequest(number=8, author="rizky-pencatat", approvers={"camat-lumajang"})) == []


def test_shallow_clone_is_an_error_that_says_to_fetch(repo, tmp_path):
    repo.append(DENOK, STEP_1.format(oleh="camat"))
    repo.commit("Disposisi", as_="camat")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(shallow)], check=True, env=SAFE_ENV)
    with pytest.raises(MusrenbangError, match="fetch-depth: 0"):
        riwayat.check(shallow, "HEAD~0", "HEAD")


def test_check_cli_exit_codes_and_github_format(repo):
    repo.append(DENOK, STEP_1.format(oleh="camat"))
    repo.commit("Disposisi", as_="kasi-pembangunan")
    command = [sys.executable, "-m", "musrenbang.cli", "check", "--base", repo.base, "--format", "github"]
    result = subprocess.run(command, cwd=repo.path, capture_output=True, text=True, env=SAFE_ENV)
    assert result.returncode == 1
    assert result.stdout.startswith(f"::error file={DENOK},line=8,")
    result = subprocess.run(command[:-2] + ["--base", "tidak-ada"], cwd=repo.path, capture_output=True, text=True, env=SAFE_ENV)
    assert result.returncode == 2 and "tidak ditemukan" in result.stderr


def test_check_cli_reads_a_github_event(repo, tmp_path):
    repo.append(DENOK, STEP_1.format(oleh="camat"))
    repo.commit("Disposisi", as_="camat", sign=False)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "opened", "number": 3, "pull_request": {
        "number": 3, "user": {"login": "camat-lumajang"}, "head": {"sha": repo.rev("HEAD")}},
        "repository": {"full_name": "kec/musrenbang"}}))
    command = [sys.executable, "-m", "musrenbang.cli", "check", "--base", repo.base, "--event", str(event)]
    result = subprocess.run(command, cwd=repo.path, capture_output=True, text=True, env=SAFE_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_audit_passes_on_an_imported_register_and_catches_a_later_deletion(repo):
    assert riwayat.audit(repo.path) == []
    repo.append(DENOK, STEP_1.format(oleh="camat"))
    repo.commit("Disposisi", as_="camat")
    assert riwayat.audit(repo.path) == []
    (repo.path / DENOK_01).unlink()
    repo.commit("Hapus", as_="pencatat")
    assert rules(riwayat.audit(repo.path)) == {("riwayat.dihapus", DENOK_01)}


def test_audit_sejak_proves_the_published_revision_is_still_an_ancestor(repo):
    repo.append(DENOK, STEP_1.format(oleh="camat"))
    published = repo.commit("Disposisi", as_="camat")
    assert riwayat.audit(repo.path, sejak=published) == []
    repo.git("reset", "-q", "--hard", repo.base)
    repo.append(DENOK, STEP_1.format(oleh="camat").replace("Pelajari", "Segera"))
    repo.commit("Disposisi (ditulis ulang)", as_="camat")
    with pytest.raises(MusrenbangError, match="ditulis ulang"):
        riwayat.audit(repo.path, sejak=published)


def test_oleh_must_name_the_maker(repo):
    repo.append(DENOK, STEP_1.format(oleh="camat"))
    repo.commit("Disposisi", as_="camat")
    repo.base = repo.rev("HEAD")
    repo.append(DENOK, STEP_2.replace("oleh: kasi-pembangunan", "oleh: pencatat"))
    repo.commit("Disposisi Kasi", as_="kasi-pembangunan")
    findings = check(repo)
    assert rules(findings) == {("identitas.bukan-pembuat", DENOK)}
    assert "oleh: kasi-pembangunan" in findings[0].hint


def test_a_recorded_classification_cannot_be_rewritten(repo):
    repo.replace(BANJARWARU_01, "  kepada: kasubid-fisik\n", "  kepada: kasubid-ekonomi\n")
    repo.commit("Ubah klasifikasi", as_="pencatat")
    assert rules(check(repo)) == {("riwayat.langkah-diubah", BANJARWARU_01)}


def test_a_recorded_correction_cannot_be_rewritten(repo):
    repo.append(BANJARWARU_01, "koreksi:\n  - oleh: pencatat\n    waktu: 2025-01-15T09:00:00+07:00\n    alasan: Salah ketik\n")
    repo.commit("Koreksi", as_="pencatat")
    repo.base = repo.rev("HEAD")
    repo.replace(BANJARWARU_01, "alasan: Salah ketik", "alasan: Lain")
    repo.commit("Ubah koreksi", as_="pencatat")
    assert rules(check(repo)) == {("riwayat.koreksi-diubah", BANJARWARU_01)}


def test_every_rule_the_code_can_report_is_catalogued():
    import re

    from musrenbang.aturan import known
    source = "\n".join(p.read_text() for p in (Path(riwayat.__file__).parent.parent).rglob("*.py"))
    ids = set(re.findall(r'"((?:yaml|tata-letak|berkas|disposisi|usulan|langkah|klasifikasi|oleh|kepada|waktu|'
                         r'musrenbang|referensi|alur|identitas|riwayat|impor)\.[a-z0-9-]+)"', source))
    ids = {i for i in ids if not i.endswith((".yaml", ".html", ".py"))} - {"musrenbang.cli", "musrenbang.site"}
    assert sorted(i for i in ids if not known(i)) == []


def test_audit_passes_on_this_repository():
    from .conftest import REPO
    shallow = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=REPO, capture_output=True, text=True)
    if shallow.returncode != 0 or shallow.stdout.strip() == "true":
        pytest.skip("this checkout has no full git history to audit")
    findings = riwayat.audit(REPO)
    assert rules(findings) == set()


FORUM = """tahun: 2025
tanggal: 2025-02-10
tempat: Pendopo Kecamatan Lumajang
pimpinan: camat
delegasi:
  denok:
    hadir: false
    alasan: Berkas belum selesai disposisi.
penilaian:
  - usulan: banjarwaru/01
    penilai: Tim 1
    skor: {urgensi: 5, manfaat: 4, keselarasan: 4, kesiapan: 3, kewajaran-biaya: 4}
"""


def test_a_tampered_forum_result_is_caught_and_the_computed_one_passes(repo):
    repo.write("proposals/2025/musrenbang.yaml", FORUM)
    repo.commit("Catat forum", as_="camat")
    repo.base = repo.rev("HEAD")
    result = subprocess.run([sys.executable, "-m", "musrenbang.cli", "seleksi", "2025", "--tulis"], cwd=repo.path,
                            capture_output=True, text=True, env=SAFE_ENV)
    assert result.returncode == 0, result.stderr
    text = repo.read("proposals/2025/musrenbang.yaml")
    assert "lolos: true" in text
    repo.commit("Hasil forum", as_="camat")
    assert check(repo) == []
    repo.git("reset", "-q", "--hard", repo.base)
    repo.write("proposals/2025/musrenbang.yaml", text.replace("lolos: true", "lolos: false", 1))
    repo.commit("Hasil forum (diubah)", as_="camat")
    assert rules(check(repo)) == {("musrenbang.hasil-berbeda", "proposals/2025/musrenbang.yaml")}


def test_the_forum_result_needs_the_camat(repo):
    repo.write("proposals/2025/musrenbang.yaml", FORUM)
    repo.commit("Catat forum", as_="camat")
    repo.base = repo.rev("HEAD")
    subprocess.run([sys.executable, "-m", "musrenbang.cli", "seleksi", "2025", "--tulis"], cwd=repo.path,
                   capture_output=True, text=True, env=SAFE_ENV, check=True)
    repo.commit("Hasil forum", as_="pencatat")
    assert rules(check(repo)) == {("identitas.peran", "proposals/2025/musrenbang.yaml")}


def test_audit_sejak_needs_the_published_revision_on_mains_own_line(repo):
    """A merge "-s ours" onto an old commit keeps the published revision as an
    ancestor (its second parent) while main's tree goes back: still a rewrite."""
    repo.append(DENOK, STEP_1.format(oleh="camat"))
    published = repo.commit("Disposisi", as_="camat")
    root = repo.rev("HEAD~1")
    repo.git("checkout", "-q", "--detach", root)
    repo.git("-c", "user.name=asing", "-c", "user.email=asing@contoh.invalid", "merge", "-q", "-s", "ours",
             "--no-edit", published)
    assert repo.git("merge-base", "--is-ancestor", published, "HEAD", check=False).returncode == 0
    with pytest.raises(MusrenbangError, match="ditulis ulang"):
        riwayat.audit(repo.path, sejak=published)
