"""Personal data as age ciphertext: validate without a key, the officials' commands on
real repositories with signed commits judged by `check`, and no plain value in any
blob of the history."""

from __future__ import annotations

import base64
import os
import subprocess
import sys

import pyrage
import pytest
from musrenbang import privasi, riwayat
from musrenbang.validate import validate

from .gitrepo import SAFE_ENV, RegisterRepo, cli, sign_as
from .privasi_uji import KUNCI_UJI, blobs_containing, identities

BANJARWARU_01 = "proposals/2025/banjarwaru/01-rehabilitasi-saluran-irigasi.yaml"
DENOK_01 = "proposals/2025/denok/01-penerangan-jalan-umum.yaml"
BANJARWARU_02 = "proposals/2025/banjarwaru/02-pelatihan-olahan-pisang.yaml"
NIK, TELEPON = "3508109912990042", "0899-1234-5678"  # planted, fictitious
CAMAT = "age1jr84lp34gg7q7k5xt5r4rf2g2q37s3mytes4jnzvmlt8vfzngscs06uvh0"
PENCATAT = "age1kaa2et7v00l8mf5j6chva2kctqw7ejxr7khfg4jrdn56g4twlp9qkraxuw"



def plant_plain(repo: RegisterRepo, relpath: str) -> None:
    plain = f'  nik: "{NIK}"\n  telepon: "{TELEPON}"\n'
    if "pengusul:\n" in repo.read(relpath):
        repo.replace(relpath, "pengusul:\n", "pengusul:\n" + plain)
    else:
        repo.append(relpath, "pengusul:\n  nama: Karang Taruna\n" + plain)


def rules_of(findings) -> set[tuple[str, str]]:
    return {(f.rule, f.path) for f in findings}


# --- reading the header without a key ---------------------------------------------------------


def _armor(binary: bytes) -> str:
    text = base64.b64encode(binary).decode()
    return "\n".join([privasi.ARMOR_BEGIN, *(text[i:i + 64] for i in range(0, len(text), 64)), privasi.ARMOR_END])


def test_a_fresh_ciphertext_names_one_x25519_stanza_per_reader():
    value = privasi.encrypt({"pengusul": {"nik": NIK}}, [CAMAT, PENCATAT])
    stanzas = privasi.record_stanzas(value["sandi"])
    assert [s.jenis for s in stanzas] == ["X25519", "X25519"]
    assert value["penerima"] == [CAMAT, PENCATAT]
    assert NIK not in value["sandi"]


def test_the_plaintext_is_padded_so_its_length_does_not_tell_which_fields_were_given():
    short = privasi.encrypt({"pengusul": {"telepon": "0812345"}}, [CAMAT])
    both = privasi.encrypt({"pengusul": {"nik": NIK, "telepon": TELEPON}}, [CAMAT])
    def payload(value):  # after the header (whose grease stanzas vary at random)
        return len(privasi.dearmor(value["sandi"]).split(b"\n--- ", 1)[1].partition(b"\n")[2])
    assert payload(short) == payload(both) == 16 + privasi.BLOK + 16  # nonce, one padded block, tag
    assert privasi.decrypt(both, identities("camat"), "x") == {"pengusul": {"nik": NIK, "telepon": TELEPON}}


@pytest.mark.parametrize("damage, why", [
    (lambda a: a.replace(privasi.ARMOR_BEGIN, "-----BEGIN PGP MESSAGE-----"), "tidak diawali"),
    (lambda a: "\n".join(a.split("\n")[:-3] + a.split("\n")[-1:]), "terpotong"),
    (lambda a: a.replace(a.split("\n")[2], "!" * 64), "base64"),
    (lambda a: _armor(privasi.dearmor(a).replace(b"age-encryption.org/v1", b"age-encryption.org/v2")), "versi 1"),
    (lambda a: _armor(privasi.dearmor(a).split(b"\n--- ")[0]), "MAC"),
])
def test_malformed_ciphertexts_are_refused_without_a_key(damage, why):
    armored = privasi.encrypt({"pengusul": {"nik": NIK}}, [CAMAT])["sandi"].strip()
    with pytest.raises(privasi.SandiRusak, match=why):
        privasi.record_stanzas(damage(armored))


def test_a_scrypt_stanza_is_not_a_reader(register):
    passphrase = pyrage.passphrase.encrypt(privasi.plaintext({"pengusul": {"nik": "1"}}), "rahasia")
    stanzas = privasi.header(passphrase)
    with pytest.raises(privasi.SandiRusak, match="scrypt"):
        privasi.check_x25519(privasi.recipient_stanzas(stanzas)[0])


def test_validate_reports_a_header_with_more_stanzas_than_listed_readers(register):
    from musrenbang import sandi
    value = privasi.encrypt({"pengusul": {"nik": NIK}}, [CAMAT, PENCATAT, CAMAT])  # three stanzas
    value["penerima"] = [CAMAT, PENCATAT]
    path = register / DENOK_01
    path.write_text(sandi._with_block(path.read_text("utf-8"), value), "utf-8")
    found = [f for f in validate(register, []) if f.rule == "privasi.penerima-salah"]
    assert len(found) == 1 and "3 penerima" in found[0].message and found[0].path == DENOK_01


# --- the officials' commands on a real repository ---------------------------------------------------


def test_enkripsi_moves_plain_fields_into_ciphertext_that_check_accepts_and_buka_opens(repo):
    plant_plain(repo, DENOK_01)
    before = rules_of(validate(repo.path, []))
    assert before == {("privasi.tidak-terenkripsi", DENOK_01)}
    sign_as(repo, "pencatat")
    done = cli(repo, "privasi", "enkripsi", DENOK_01, "--commit")
    assert done.returncode == 0, done.stdout + done.stderr
    assert validate(repo.path, []) == []
    text = repo.read(DENOK_01)
    assert NIK not in text and TELEPON not in text and "data_pribadi:" in text
    assert riwayat.check(repo.path, repo.base, "HEAD") == []  # a signed change by the pencatat
    assert blobs_containing(repo.path, NIK, TELEPON) == []  # the plain values were never committed
    opened = cli(repo, "privasi", "buka", "denok/01", "--tahun", "2025", "-i", str(KUNCI_UJI / "camat.txt"))
    assert opened.returncode == 0, opened.stderr
    assert f"pengusul.nik: {NIK}" in opened.stdout and f"pengusul.telepon: {TELEPON}" in opened.stdout


def test_after_step_1_the_change_is_a_koreksi_and_only_the_pencatat_may_make_it(repo):
    plant_plain(repo, BANJARWARU_02)
    repo.commit("Data pengusul", as_="pencatat")  # the plain values enter history here: the office's old situation
    repo.base = repo.rev("HEAD")
    sign_as(repo, "camat")
    refused = cli(repo, "privasi", "enkripsi", BANJARWARU_02, "--commit")
    assert refused.returncode == 1 and "Koreksi usulan" in refused.stdout and "ditolak" in refused.stdout
    assert NIK in repo.read(BANJARWARU_02)  # nothing written
    sign_as(repo, "pencatat")
    done = cli(repo, "privasi", "enkripsi", BANJARWARU_02, "--commit")
    assert done.returncode == 0, done.stdout + done.stderr
    text = repo.read(BANJARWARU_02)
    assert "koreksi:" in text and "oleh: pencatat" in text and "- data_pribadi" in text
    assert riwayat.check(repo.path, repo.base, "HEAD") == []
    # without the koreksi entry, the same change is refused by check
    repo.git("reset", "-q", "--hard", repo.base)
    from musrenbang import sandi
    value = privasi.encrypt({"pengusul": {"nik": NIK}}, [CAMAT, PENCATAT])
    plain = repo.read(BANJARWARU_02).replace(f'  nik: "{NIK}"\n  telepon: "{TELEPON}"\n', "")
    assert NIK not in plain
    repo.write(BANJARWARU_02, sandi._with_block(plain, value))
    repo.commit("Enkripsi tanpa koreksi", as_="pencatat")
    assert ("riwayat.isi-dibekukan", BANJARWARU_02) in {(f.rule, f.path) for f in riwayat.check(repo.path, repo.base, "HEAD")}


def test_a_new_camat_ulang_reencrypts_as_a_checked_koreksi_and_round_trips(repo, tmp_path):
    old = privasi.decrypt(repo_value(repo, BANJARWARU_01), identities("camat"), BANJARWARU_01)
    new_camat = pyrage.x25519.Identity.generate()
    key_file = tmp_path / "camat-baru.txt"
    key_file.write_text(f"# KUNCI UJI\n{new_camat}\n", "utf-8")
    repo.replace("sop/petugas.yaml", f"kunci_age: {CAMAT}", f"kunci_age: {new_camat.to_public()}")
    repo.commit("Camat baru: kunci age", as_="camat")
    assert {f.rule for f in validate(repo.path, [])} == {"privasi.penerima-salah"}
    repo.base = repo.rev("HEAD")
    sign_as(repo, "pencatat")
    done = cli(repo, "privasi", "ulang", "-i", str(KUNCI_UJI / "pencatat.txt"), "--commit")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ditulis: " + BANJARWARU_01 in done.stdout
    assert validate(repo.path, []) == []
    assert riwayat.check(repo.path, repo.base, "HEAD") == []
    value = repo_value(repo, BANJARWARU_01)
    assert value["penerima"] == [str(new_camat.to_public()), PENCATAT]
    assert privasi.decrypt(value, [new_camat], BANJARWARU_01) == old  # exactly what was there
    with pytest.raises(Exception, match="tidak dapat dibuka"):
        privasi.decrypt(value, identities("camat"), BANJARWARU_01)  # the former Camat no longer reads it
    again = cli(repo, "privasi", "ulang", "-i", str(KUNCI_UJI / "pencatat.txt"))
    assert again.returncode == 0 and "Tidak ada usulan yang perlu diubah." in again.stdout


def test_buka_with_a_key_that_is_not_a_reader_fails_with_a_message(repo, tmp_path):
    stranger = tmp_path / "orang-lain.txt"
    stranger.write_text(str(pyrage.x25519.Identity.generate()) + "\n", "utf-8")
    result = cli(repo, "privasi", "buka", BANJARWARU_01, "-i", str(stranger))
    assert result.returncode == 2 and "tidak dapat dibuka" in result.stderr and "Traceback" not in result.stderr
    empty = tmp_path / "kosong.txt"
    empty.write_text("bukan kunci\n", "utf-8")
    result = cli(repo, "privasi", "buka", BANJARWARU_01, "-i", str(empty))
    assert result.returncode == 2 and "AGE-SECRET-KEY-1" in result.stderr


def test_buka_accepts_an_ssh_ed25519_private_key_for_a_file_encrypted_to_it(repo, ssh_keys):
    private, public = ssh_keys["camat"]
    armored = pyrage.encrypt(privasi.plaintext({"pengusul": {"nik": NIK}}), [pyrage.ssh.Recipient.from_str(public)],
                             armored=True).decode()
    value = {"penerima": [CAMAT], "sandi": armored}
    ids = privasi.read_identities(private.read_text(), "kunci ssh")
    assert privasi.decrypt(value, ids, "x") == {"pengusul": {"nik": NIK}}


def repo_value(repo: RegisterRepo, relpath: str) -> dict:
    from musrenbang.yamlio import parse
    return parse(repo.read(relpath)).data[privasi.KUNCI]


# --- attachments ------------------------------------------------------------------------------------


def test_privasi_lampiran_encrypts_an_attachment_for_the_readers_and_validate_checks_it(register):
    from musrenbang.site import lampiran
    from musrenbang.workspace import Workspace
    folder = register / "proposals/2025/denok/lampiran"
    folder.mkdir(parents=True)
    scan = b"\xff\xd8\xff\xe0 scan KTP fiktif " + NIK.encode()
    (folder / "ktp-pengusul.jpg").write_bytes(scan)
    (folder / "denah.png").write_bytes(b"\x89PNG\r\n\x1a\n denah")
    (folder / "catatan.html").write_bytes(b"<script>alert(1)</script>")
    with (register / DENOK_01).open("a", encoding="utf-8") as out:
        out.write("lampiran: [ktp-pengusul.jpg.age, denah.png, catatan.html, ../berkas.yaml, rab.pdf]\n")
    done = subprocess.run([sys.executable, "-m", "musrenbang.cli", "privasi", "lampiran", "--repo", str(register),
                           str(folder / "ktp-pengusul.jpg")], capture_output=True, text=True, env=SAFE_ENV)
    assert done.returncode == 0, done.stderr
    assert not (folder / "ktp-pengusul.jpg").exists()
    sealed = (folder / "ktp-pengusul.jpg.age").read_bytes()
    assert NIK.encode() not in sealed
    assert pyrage.decrypt(sealed, identities("pencatat")) == scan == pyrage.decrypt(sealed, identities("camat"))
    assert validate(register, []) == []
    # the site links the public image only: not the ciphertext, not a page that could run script, not a path outside
    item = next(u for y in Workspace.open(register).register.tahun.values() for u in y.usulan if u.path == DENOK_01)
    shown = {e["nama"]: (e["href"], e["catatan"]) for e in lampiran.entries(lampiran.Lampiran(register), item)}
    assert shown == {"ktp-pengusul.jpg.age": ("", "terenkripsi: hanya untuk pembaca data pribadi"),
                     "denah.png": ("lampiran/2025/denok/denah.png", ""), "catatan.html": ("", ""),
                     "../berkas.yaml": ("", "berkas belum ada di register"), "rab.pdf": ("", "berkas belum ada di register")}
    # a link is no attachment, whether the file or the whole lampiran/ folder is one
    os.symlink("denah.png", folder / "rab.pdf")
    assert lampiran.Lampiran(register).path(item, "rab.pdf") is None
    os.rename(folder, folder.with_name("lampiran-asli"))
    os.symlink("lampiran-asli", folder)
    assert lampiran.Lampiran(register).path(item, "denah.png") is None
    os.unlink(folder)
    os.rename(folder.with_name("lampiran-asli"), folder)
    os.unlink(folder / "rab.pdf")
    # a private attachment for one key only, or not an age file at all, is a finding
    (folder / "ktp-pengusul.jpg.age").write_bytes(privasi.encrypt_bytes(scan, [CAMAT]))
    found = validate(register, [])
    assert [(f.rule, f.path) for f in found] == [("privasi.penerima-salah", DENOK_01)]
    assert "1 penerima" in found[0].message and "ktp-pengusul.jpg.age" in found[0].message
    (folder / "ktp-pengusul.jpg.age").write_bytes(scan)
    assert {f.rule for f in validate(register, [])} == {"privasi.sandi-rusak"}


def test_the_site_links_a_public_attachment_and_copies_it(built_site):
    page = (built_site / "usulan/2025/denok/05/index.html").read_text("utf-8")
    assert '<a href="../../../../lampiran/2025/denok/profil-kwt.pdf">profil-kwt.pdf</a>' in page
    assert "rab.pdf <span class=\"mr-lampiran-catatan\">(berkas belum ada di register)</span>" in page
    from .conftest import REPO
    assert (built_site / "lampiran/2025/denok/profil-kwt.pdf").read_bytes() == \
        (REPO / "proposals/2025/denok/lampiran/profil-kwt.pdf").read_bytes()


def test_an_unknown_reader_role_in_the_sop_is_reported(register):
    sop = register / "sop/musrenbang-kecamatan.yaml"
    sop.write_text(sop.read_text("utf-8").replace("pembaca: [camat, pencatat]", "pembaca: [camat, pencatatt]"), "utf-8")
    found = {(f.rule, f.path) for f in validate(register, [])}
    assert ("referensi.peran-tidak-dikenal", "sop/musrenbang-kecamatan.yaml") in found
    assert ("privasi.penerima-salah", BANJARWARU_01) in found  # the pencatat no longer reads


def test_the_quick_search_for_personal_data_finds_what_the_whole_pattern_finds():
    """`_may_hold` searches the digit stretches only: on hand-picked texts and on
    30,000 random ones (digits of two scripts, every separator, other signs) it
    answers as one search of the whole text would."""
    import random

    from musrenbang.checks import teks_publik
    texts = ["3508 1012 0180 0001", "NIK 3508.1012.0180.0001.", "0812-3456-7890", "(0334) 881 234", "+62 812 3456",
             "2025-01-14T08:30:00+07:00", "414.2/1/427.90/2025", "RT 002 RW 003", "1-2-3-4-5-6", "12 345678",
             "١٢٣٤٥٦", "", "tanpa angka"]
    chosen = random.Random(13)
    alphabet = "0123456789 .-\n/+()a٣"
    texts += ["".join(chosen.choice(alphabet) for _ in range(chosen.randint(0, 30))) for _ in range(30_000)]
    for text in texts:
        assert teks_publik._may_hold({"isian": text}) == (teks_publik._CORE.search(text) is not None), repr(text)
