"""The staff commands as people use them (issue 12): `status` says the real next
step in words, and a step named for someone else is refused as `check` would."""

from __future__ import annotations

from musrenbang import riwayat

from .gitrepo import RegisterRepo
from .test_kantor import DENOK, cli, sign_as


def test_status_after_klasifikasi_names_the_examination_not_step_3(repo: RegisterRepo):
    sign_as(repo, "camat")
    assert cli(repo, "disposisi", "denok", "--langkah", "1", "--isi", "Pelajari", "--commit").returncode == 0
    sign_as(repo, "kasi-pembangunan")
    assert cli(repo, "disposisi", "denok", "--langkah", "2", "--isi", "Teruskan", "--commit").returncode == 0
    sign_as(repo, "pencatat")
    before = cli(repo, "status", "denok").stdout
    assert ("status: Disposisi Kasi; berikutnya: disposisi berkas selesai; 1 usulan menunggu langkah 3 "
            "Pembagian usulan per bidang oleh Pencatat dokumen") in before
    done = cli(repo, "klasifikasi", "denok/01", "--bidang", "fisik", "--commit")
    assert done.returncode == 0, done.stdout + done.stderr
    after = cli(repo, "status", "denok").stdout
    berkas_line = after.splitlines()[1]
    assert "Pencatat dokumen" not in berkas_line and "Pembagian usulan" not in berkas_line, after
    assert "1 usulan menunggu Pemeriksaan usulan (tindak lanjut langkah 3) oleh Kasubid Fisik" in berkas_line
    assert "status: Diklasifikasi; berikutnya: Pemeriksaan usulan (tindak lanjut langkah 3) oleh Kasubid Fisik" in after
    assert "disposisi-kasi" not in after and "diklasifikasi;" not in after
    assert riwayat.check(repo.path, repo.base, "HEAD") == []


def test_a_camat_step_typed_with_the_pencatats_git_identity_is_refused(repo: RegisterRepo):
    before = repo.read(DENOK)
    sign_as(repo, "pencatat")
    result = cli(repo, "disposisi", "denok", "--langkah", "1", "--isi", "Pelajari", "--oleh", "camat", "--commit")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[identitas.peran]" in result.stdout and "pencatat" in result.stdout
    assert repo.read(DENOK) == before and repo.rev("HEAD") == repo.base
    # the e-mail alone, without a signing key, names the maker too
    repo.git("config", "--unset", "user.signingkey")
    repo.git("config", "gpg.format", "openpgp")
    result = cli(repo, "disposisi", "denok", "--langkah", "1", "--isi", "Pelajari", "--oleh", "camat")
    assert result.returncode == 1 and "[identitas.peran]" in result.stdout
    # the Camat's own identity with --oleh camat is the legal step
    sign_as(repo, "camat")
    result = cli(repo, "disposisi", "denok", "--langkah", "1", "--isi", "Pelajari", "--oleh", "camat", "--commit")
    assert result.returncode == 0, result.stdout + result.stderr
    assert riwayat.check(repo.path, repo.base, "HEAD") == []


def test_the_signing_key_decides_who_makes_the_step(repo: RegisterRepo):
    """The signing key decides, even when the e-mail names someone else."""
    sign_as(repo, "camat")
    assert cli(repo, "disposisi", "denok", "--langkah", "1", "--isi", "Pelajari", "--commit").returncode == 0
    sign_as(repo, "kasi-pembangunan")
    repo.git("config", "user.email", repo.email("camat"))
    result = cli(repo, "disposisi", "denok", "--langkah", "2", "--isi", "Teruskan", "--oleh", "camat")
    assert result.returncode == 1 and "[identitas.bukan-pembuat]" in result.stdout, result.stdout


def test_ssh_signing_without_a_key_set_falls_back_to_the_email(repo: RegisterRepo):
    repo.git("config", "gpg.format", "ssh")
    repo.git("config", "user.email", repo.email("camat"))
    result = cli(repo, "disposisi", "denok", "--langkah", "1", "--isi", "Pelajari")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "oleh: camat" in repo.read(DENOK)
