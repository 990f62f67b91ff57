"""The staff commands on real repositories: legal steps are written keeping the
file as people wrote it; illegal ones are refused with check's own rule."""

from __future__ import annotations


from musrenbang import riwayat

from .gitrepo import cli, sign_as

DENOK = "proposals/2025/denok/berkas.yaml"
BANJARWARU_02 = "proposals/2025/banjarwaru/02-pelatihan-olahan-pisang.yaml"



def test_disposisi_keeps_the_file_and_commits_a_signed_step_that_check_accepts(repo):
    repo.replace(DENOK, "surat:", "# surat pengantar dari desa\nsurat:")
    repo.commit("Catatan", as_="operator-denok")
    repo.base = repo.rev("HEAD")
    sign_as(repo, "camat")
    result = cli(repo, "disposisi", "denok", "--langkah", "1", "--isi", "Pelajari: segera", "--commit")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "commit " in result.stdout
    numstat = repo.git("diff", "--numstat", "HEAD~1", "HEAD").stdout.split()
    assert numstat[1] == "0"  # nothing removed: only the new lines
    text = repo.read(DENOK)
    assert "# surat pengantar dari desa" in text and "isi: 'Pelajari: segera'" in text
    assert "oleh: camat" in text and "kepada: kasi" in text
    # strict mode, no pull request: check accepts the step only because the commit is signed by the camat
    assert riwayat.check(repo.path, repo.base, "HEAD") == []


def test_an_illegal_step_is_refused_with_checks_rule_and_nothing_is_written(repo):
    before = repo.read(DENOK)
    result = cli(repo, "disposisi", "denok", "--langkah", "2", "--isi", "Teruskan", "--oleh", "kasi-pembangunan")
    assert result.returncode == 1
    assert "[alur.langkah-tidak-sah]" in result.stdout and "Langkah ditolak" in result.stdout
    result = cli(repo, "disposisi", "denok", "--langkah", "1", "--isi", "Pelajari", "--oleh", "kasi-pembangunan")
    assert result.returncode == 1 and "[identitas.peran]" in result.stdout
    assert repo.read(DENOK) == before


def test_the_actor_comes_from_git_email_or_must_be_named(repo):
    result = cli(repo, "disposisi", "denok", "--langkah", "1", "--isi", "Pelajari")
    assert result.returncode == 2 and "--oleh" in result.stderr
    repo.git("config", "user.email", repo.email("camat"))
    assert cli(repo, "disposisi", "denok", "--langkah", "1", "--isi", "Pelajari").returncode == 0


def test_klasifikasi_of_several_usulan_then_periksa_by_the_kasubid(repo):
    repo.write("proposals/2025/banjarwaru/03-pelatihan-menjahit.yaml",
               repo.read(BANJARWARU_02).replace("olahan pisang agung", "menjahit"))
    repo.commit("Impor usulan 03\n\nImpor: buku register kertas", as_="pencatat")
    repo.base = repo.rev("HEAD")
    sign_as(repo, "pencatat")
    result = cli(repo, "klasifikasi", "banjarwaru/02", "proposals/2025/banjarwaru/03-pelatihan-menjahit.yaml",
                 "--bidang", "ekonomi", "--commit")
    assert result.returncode == 0, result.stdout + result.stderr
    for path in (BANJARWARU_02, "proposals/2025/banjarwaru/03-pelatihan-menjahit.yaml"):
        assert "kepada: kasubid-ekonomi" in repo.read(path)
    sign_as(repo, "kasubid-fisik")
    refused = cli(repo, "periksa", "2025/banjarwaru/02", "--hasil", "layak", "--catatan", "Sesuai")
    assert refused.returncode == 1 and "[identitas.peran]" in refused.stdout
    sign_as(repo, "kasubid-ekonomi")
    result = cli(repo, "periksa", "2025/banjarwaru/02", "--hasil", "layak", "--catatan", "Sesuai", "--commit")
    assert result.returncode == 0, result.stdout + result.stderr
    assert riwayat.check(repo.path, repo.base, "HEAD") == []


def test_terima_numbers_the_berkas_and_commits_only_when_complete(repo):
    sign_as(repo, "pencatat")
    result = cli(repo, "terima", "labruk-lor", "--tahun", "2025", "--usulan", "2", "--commit")
    assert result.returncode == 1 and "Belum di-commit" in result.stdout
    text = repo.read("proposals/2025/labruk-lor/berkas.yaml")
    assert "nomor_agenda: 3" in text and "desa: labruk-lor" in text
    assert (repo.path / "proposals/2025/labruk-lor/02-usulan-2.yaml").is_file()
    assert repo.rev("HEAD") == repo.base  # nothing committed


def test_terima_refuses_an_unknown_desa_with_a_suggestion(repo):
    result = cli(repo, "terima", "labruklor", "--tahun", "2025", "--oleh", "pencatat")
    assert result.returncode == 2 and "labruk-lor" in result.stderr


def test_status_names_the_next_step_and_who_may_take_it(repo):
    result = cli(repo, "status", "denok")
    assert result.returncode == 0
    assert "2025/denok  berkas, nomor agenda 2" in result.stdout
    assert "berikutnya: langkah 1 Disposisi Camat oleh Camat (Drs. Hadi Purnomo, M.Si)" in result.stdout
    result = cli(repo, "status", "banjarwaru/01")
    assert "status: Diperiksa; berikutnya: langkah 4 Forum Musrenbang Kecamatan" in result.stdout
