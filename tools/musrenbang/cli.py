"""The `musrenbang` command: a thin layer over the library, in Indonesian.

Exit codes: 0 clean, 1 findings, 2 usage or internal error (never a traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from importlib import import_module

from . import __version__
from .errors import MusrenbangError
from .findings import REPORTERS, failing, report

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Lazy:
    """A module of the package, imported when a command first uses it: `check`
    does not import seleksi, the XLSX export or age encryption."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attribute: str):
        return getattr(import_module(f"musrenbang.{self._name}"), attribute)


ekspor, forge, forum, inisialisasi, kantor, riwayat, sandi = (
    _Lazy(name) for name in ("ekspor", "forge", "forum", "inisialisasi", "kantor", "riwayat", "sandi"))


def validate(root: Path, paths: list[Path] | None = None):
    from .validate import validate as run
    return run(root, paths)


def Kinerja(*args, **kwargs):  # noqa: N802 (stands for the class)
    from .kinerja import Kinerja as kinerja
    return kinerja(*args, **kwargs)


class Workspace:
    """`workspace.Workspace.open`, imported when a command opens one."""

    @staticmethod
    def open(*args, **kwargs):
        from .workspace import Workspace as workspace
        return workspace.open(*args, **kwargs)


class _Parser(argparse.ArgumentParser):
    """argparse with Indonesian errors and exit code 2."""

    def error(self, message: str):  # noqa: D401
        self.print_usage(sys.stderr)
        sys.stderr.write(f"musrenbang: kesalahan: {_translate(message)}\n")
        sys.exit(EXIT_ERROR)


_ARGPARSE_WORDS = {
    "the following arguments are required": "argumen berikut wajib diisi",
    "invalid choice": "pilihan tidak sah",
    "choose from": "pilih dari",
    "unrecognized arguments": "argumen tidak dikenal",
    "expected one argument": "butuh satu nilai",
    "argument": "argumen",
}


def _translate(message: str) -> str:
    for english, indonesian in _ARGPARSE_WORDS.items():
        message = message.replace(english, indonesian)
    return message


def _root(args: argparse.Namespace) -> Path:
    """`--repo` names the register exactly; without it, search up from here."""
    from .rootdir import MARKER, find_root
    if not args.repo:
        return find_root(Path.cwd())
    root = Path(args.repo).resolve()
    if not (root / MARKER).is_file():
        raise MusrenbangError(f"{args.repo} bukan folder register: berkas {MARKER} tidak ada di sana.")
    return root


def _cmd_validate(args: argparse.Namespace) -> int:
    root = _root(args)
    findings = validate(root, [Path(p) for p in args.paths])
    print(report(findings, args.format))
    return EXIT_FINDINGS if failing(findings) else EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    root = _root(args)
    pull = forge.load(Path(args.event) if args.event else None)
    findings = riwayat.check(root, args.base, args.head, pull)
    print(report(findings, args.format))
    return EXIT_FINDINGS if failing(findings) else EXIT_OK


def _cmd_audit(args: argparse.Namespace) -> int:
    root = _root(args)
    findings = riwayat.audit(root, args.head, args.sejak)
    print(report(findings, args.format))
    return EXIT_FINDINGS if failing(findings) else EXIT_OK


def _cmd_kinerja(args: argparse.Namespace) -> int:
    result = Kinerja(Workspace.open(_root(args)), args.tahun)
    print(json.dumps(result.as_json(), ensure_ascii=False, indent=2) if args.format == "json" else result.as_text())
    return EXIT_OK


def _cmd_seleksi(args: argparse.Namespace) -> int:
    root = _root(args)
    workspace = Workspace.open(root)
    result = forum.select(workspace, args.tahun, args.aturan)
    if args.format == "json":
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(forum.describe(workspace, args.tahun, result))
    if args.tulis:
        print(f"ditulis: {forum.write(workspace, args.tahun, result)}")
    return EXIT_OK


def _cmd_ekspor(args: argparse.Namespace) -> int:
    out = ekspor.export(Workspace.open(_root(args)).publik(), args.tahun, args.format, Path(args.keluar) if args.keluar else None)
    if out is not None:
        sys.stdout.write(out)
    else:
        print(f"ditulis: {args.keluar}", file=sys.stderr)
    return EXIT_OK


def _cmd_dokumen(args: argparse.Namespace) -> int:
    from .site import dokumen
    for path in dokumen.write(Workspace.open(_root(args)).publik(), args.tahun, Path(args.keluar), args.pdf, args.peramban):
        print(f"ditulis: {path}")
    return EXIT_OK


def _cmd_init(args: argparse.Namespace) -> int:
    target = Path(args.folder)
    source = args.sumber_alat or inisialisasi.DEFAULT_TOOL  # read here: the parser imports nothing heavy
    for path in inisialisasi.init(target, args.kecamatan, args.kode, source):
        print(f"ditulis: {target / path}")
    print(f"Register Kecamatan {args.kecamatan} dibuat. Isi sop/wilayah.yaml dan sop/petugas.yaml, "
          "lalu jalankan 'musrenbang codeowners' dan 'musrenbang validate' di folder itu.")
    return EXIT_OK


def _cmd_codeowners(args: argparse.Namespace) -> int:
    root = _root(args)
    print(f"ditulis: {inisialisasi.write_codeowners(root)}")
    return EXIT_OK


def _cmd_formulir(args: argparse.Namespace) -> int:
    from . import decap
    root = _root(args)
    ws = Workspace.open(root)
    if not ws.ref.complete:
        raise MusrenbangError("Berkas referensi di sop/ tidak sah; jalankan 'musrenbang validate' dan perbaiki dulu.")
    print(decap.to_yaml(decap.for_register(ws, **decap.settings(root))), end="")
    return EXIT_OK


def _kantor(args: argparse.Namespace) -> kantor.Kantor:
    return kantor.Kantor(_root(args), getattr(args, "oleh", None))


def _finish(args: argparse.Namespace, office: kantor.Kantor, run) -> int:
    """Run a staff step: refused steps print the same findings as `check`."""
    try:
        result = run()
    except kantor.Ditolak as refusal:
        print(report(refusal.findings, "text"))
        print("Langkah ditolak; berkas tidak diubah.")
        return EXIT_FINDINGS
    for path in result.written:
        print(f"ditulis: {path}")
    for note in result.notes:
        print(note)
    if args.commit:
        problems = [f for f in validate(office.root, [office.root / p for p in result.written]) if f.tingkat == "galat"]
        if problems:
            print(report(problems, "text"))
            print("Belum di-commit: lengkapi isian di atas, lalu commit.")
            return EXIT_FINDINGS
        print(f"commit {kantor.commit(office.root, result)[:8]}: {result.message}")
    return EXIT_OK


def _cmd_terima(args: argparse.Namespace) -> int:
    office = _kantor(args)
    tahun = args.tahun or int(kantor.now()[:4])
    return _finish(args, office, lambda: office.terima(args.desa, tahun, args.usulan, args.waktu,
                                                      args.surat, args.tanggal_surat))


def _cmd_disposisi(args: argparse.Namespace) -> int:
    office = _kantor(args)
    return _finish(args, office, lambda: office.disposisi(args.desa, args.tahun, args.langkah, args.isi,
                                                         args.kepada, args.waktu))


def _cmd_klasifikasi(args: argparse.Namespace) -> int:
    office = _kantor(args)
    return _finish(args, office, lambda: office.klasifikasi(args.usulan, args.tahun, args.bidang, args.waktu))


def _cmd_periksa(args: argparse.Namespace) -> int:
    office = _kantor(args)
    return _finish(args, office, lambda: office.periksa(args.usulan, args.tahun, args.hasil, args.catatan, args.waktu))


def _cmd_status(args: argparse.Namespace) -> int:
    office = _kantor(args)
    rows = office.status(args.target, args.tahun)
    if args.format == "json":
        print(json.dumps([row.__dict__ for row in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in rows:
        print(f"{row.rujukan}  {row.judul}")
        print(f"    status: {row.keadaan}; berikutnya: {row.berikut}" + (f" oleh {row.oleh}" if row.oleh else ""))
    return EXIT_OK


def _privasi(args: argparse.Namespace) -> sandi.Privasi:
    return sandi.Privasi(_root(args), getattr(args, "oleh", None))


def _cmd_enkripsi(args: argparse.Namespace) -> int:
    office = _privasi(args)
    return _finish(args, office, lambda: office.enkripsi(args.usulan, args.alasan, args.tahun))


def _cmd_ulang(args: argparse.Namespace) -> int:
    office = _privasi(args)
    return _finish(args, office, lambda: office.ulang(args.usulan, Path(args.identitas), args.alasan, args.semua,
                                                           args.tahun))


def _cmd_lampiran(args: argparse.Namespace) -> int:
    result = _privasi(args).lampiran(args.berkas)
    for path in result.written:
        print(f"ditulis: {path}")
    for note in result.notes:
        print(note)
    return EXIT_OK


def _cmd_buka(args: argparse.Namespace) -> int:
    opened = _privasi(args).buka(args.usulan, Path(args.identitas), args.tahun)
    if args.format == "json":
        print(json.dumps({o.path: {".".join(k): v for k, v in o.isian.items()} for o in opened}, ensure_ascii=False, indent=2))
        return EXIT_OK
    for item in opened:
        print(item.path)
        for key, value in item.isian.items():
            print(f"    {'.'.join(key)}: {value}")
    return EXIT_OK


def _staff(command: argparse.ArgumentParser, commits: bool = True) -> None:
    _common(command, formats=False)
    command.add_argument("--tahun", type=int, metavar="T", help="tahun Musrenbang (bawaan: tahun terakhir di register)")
    command.add_argument("--oleh", metavar="PETUGAS",
                         help="id petugas yang mengambil langkah (bawaan: dari 'git config user.email')")
    if commits:
        command.add_argument("--waktu", metavar="WAKTU", help="waktu langkah, misalnya 2025-01-13T08:30:00+07:00 (bawaan: sekarang)")
        command.add_argument("--commit", action="store_true", help="langsung buat commit (bertanda tangan bila git diatur begitu)")


def _year_command(commands, name: str, help_text: str, description: str, run) -> argparse.ArgumentParser:
    """A command about one year of the register: `musrenbang NAME TAHUN ...`."""
    command = commands.add_parser(name, add_help=False, help=help_text, description=description)
    command.add_argument("tahun", type=int, metavar="TAHUN", help="tahun Musrenbang")
    _common(command, formats=False)
    command.set_defaults(run=run)
    return command


def _no_cache(command: argparse.ArgumentParser) -> None:
    command.add_argument("--tanpa-cache", action="store_true",
                         help="jangan baca atau tulis cache hasil pemeriksaan (.git/musrenbang-cache/, atau "
                              "~/.cache/musrenbang/ di luar git), untuk mencari kesalahan dan di CI; sama dengan "
                              "MUSRENBANG_TANPA_CACHE=1")


def _common(command: argparse.ArgumentParser, formats: bool = True) -> None:
    command.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")
    command.add_argument("--repo", metavar="FOLDER", help="folder register (bawaan: dicari dari folder kerja ke atas)")
    if formats:
        command.add_argument("--format", choices=sorted(REPORTERS), default="text",
                             help="bentuk laporan: text (bawaan), json, atau github (anotasi GitHub/Gitea)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="musrenbang",
        description="Register usulan Musrenbang Kecamatan berbasis Git.",
        epilog="Kode keluar: 0 bersih, 1 ada temuan, 2 kesalahan pemakaian atau sistem.",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")
    parser.add_argument("--version", action="version", version=f"musrenbang {__version__}",
                        help="tampilkan versi lalu keluar")
    commands = parser.add_subparsers(dest="command", metavar="PERINTAH", parser_class=_Parser)
    commands.required = True

    check = commands.add_parser(
        "validate", add_help=False,
        help="periksa berkas register: YAML, skema, tata letak dan rujukan silang",
        description="Memeriksa seluruh register (atau PATH tertentu) dan melaporkan semua temuan sekaligus.",
    )
    check.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")
    check.add_argument("paths", nargs="*", metavar="PATH", help="berkas atau folder yang dilaporkan (bawaan: seluruh register)")
    check.add_argument("--format", choices=sorted(REPORTERS), default="text",
                       help="bentuk laporan: text (bawaan), json, atau github (anotasi GitHub/Gitea)")
    check.add_argument("--repo", metavar="FOLDER", help="folder register (bawaan: dicari dari folder kerja ke atas)")
    _no_cache(check)
    check.set_defaults(run=_cmd_validate)

    gate = commands.add_parser(
        "check", add_help=False,
        help="periksa setiap commit base..head terhadap SOP: langkah, peran dan riwayat",
        description="Memeriksa setiap commit dalam rentang BASE..HEAD: langkah SOP yang sah, dibuat pemegang "
                    "perannya, tanpa catatan yang dihapus atau ditulis ulang. Peran, kunci dan SOP dibaca dari BASE.",
    )
    _common(gate)
    _no_cache(gate)
    gate.add_argument("--base", required=True, metavar="REV", help="revisi dasar (cabang tujuan pull request)")
    gate.add_argument("--head", default="HEAD", metavar="REV", help="revisi yang diperiksa (bawaan: HEAD)")
    gate.add_argument("--event", metavar="BERKAS",
                      help="berkas peristiwa CI (GITHUB_EVENT_PATH) untuk identitas pull request dan penyetujunya")
    gate.set_defaults(run=_cmd_check)

    audit = commands.add_parser(
        "audit", add_help=False,
        help="periksa seluruh riwayat first-parent cabang utama dengan aturan yang sama",
        description="Menerapkan aturan 'check' pada seluruh riwayat first-parent HEAD.",
    )
    _common(audit)
    _no_cache(audit)
    audit.add_argument("--head", default="HEAD", metavar="REV", help="cabang yang diaudit (bawaan: HEAD)")
    audit.add_argument("--sejak", metavar="COMMIT",
                       help="audit sejak revisi ini, dan buktikan revisi itu masih leluhur HEAD (riwayat tidak ditulis ulang)")
    audit.set_defaults(run=_cmd_audit)
    _staff_commands(commands)

    kinerja = commands.add_parser("kinerja", add_help=False, help="lama setiap langkah SOP dibanding mutu bakunya",
                                  description="Untuk setiap berkas dan usulan: lama setiap langkah dibanding mutu baku "
                                              "SOP; per langkah median, persentil ke-90 dan jumlah yang melebihi.")
    _common(kinerja, formats=False)
    kinerja.add_argument("--tahun", type=int, metavar="T", help="hanya tahun ini")
    kinerja.add_argument("--format", choices=["text", "json"], default="text", help="bentuk keluaran")
    kinerja.set_defaults(run=_cmd_kinerja)

    pilih = _year_command(commands, "seleksi", "hitung usulan yang lolos forum (langkah 4) per bidang",
                          "Menghitung hasil forum Musrenbang Kecamatan dari penilaian atau persetujuan delegasi, "
                          "per bidang, sampai pagu. --tulis menyimpannya di musrenbang.yaml.", _cmd_seleksi)
    pilih.add_argument("--aturan", choices=["skor", "equal-shares"], help="aturan seleksi: skor (skor berbobot) atau equal-shares (metode "
                       "bagian setara); bawaan: dari sop/kriteria.yaml")
    pilih.add_argument("--tulis", action="store_true", help="tulis hasil ke proposals/TAHUN/musrenbang.yaml")
    pilih.add_argument("--format", choices=["text", "json"], default="text", help="bentuk keluaran")

    out = _year_command(commands, "ekspor", "ekspor usulan dan hasil forum (CSV, XLSX, JSON)",
                        "Mengekspor usulan setahun beserta hasil forum, dengan kolom tabel T-D.4 Permendagri 86/2017, "
                        "untuk Musrenbang Kabupaten. Data pribadi tidak ikut.", _cmd_ekspor)
    out.add_argument("--format", choices=["csv", "xlsx", "json"], required=True, help="bentuk berkas")
    out.add_argument("--keluar", metavar="BERKAS", help="berkas tujuan (bawaan: keluaran standar untuk csv dan json)")

    docs = _year_command(commands, "dokumen", "Berita Acara dan Daftar Usulan Prioritas (HTML A4, PDF)",
                         "Menulis Berita Acara Musrenbang Kecamatan dan Daftar Usulan Prioritas (tabel T-D.4) "
                         "sebagai HTML siap cetak A4 dan, dengan --pdf, PDF.", _cmd_dokumen)
    docs.add_argument("--keluar", default="dokumen", metavar="FOLDER", help="folder tujuan (bawaan: dokumen)")
    docs.add_argument("--pdf", action="store_true",
                      help="buat juga PDF (butuh peramban Chromium, Google Chrome atau Microsoft Edge)")
    docs.add_argument("--peramban", metavar="JALUR",
                      help="peramban untuk PDF bila tidak ditemukan sendiri (misalnya /opt/google/chrome/chrome)")

    init = commands.add_parser("init", add_help=False, help="buat register baru untuk kecamatan lain",
                               description="Membuat register baru yang kosong: tata letak, SOP (register ini sebagai "
                                           "titik awal), wilayah dan petugas untuk diisi, situs, workflow forge.")
    init.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")
    init.add_argument("folder", metavar="FOLDER", help="folder register baru (baru atau kosong)")
    init.add_argument("--kecamatan", required=True, metavar="NAMA", help="nama kecamatan, misalnya Sukodono")
    init.add_argument("--kode", required=True, metavar="KODE", help="kode wilayah Kemendagri kecamatan, misalnya 35.08.11")
    init.add_argument("--sumber-alat", metavar="PAKET",
                      help="dari mana workflow memasang alat musrenbang (argumen pip install; bawaan: repositori "
                           "alat ini di GitHub)")
    init.set_defaults(run=_cmd_init)

    owners = commands.add_parser("codeowners", add_help=False, help="tulis .github/CODEOWNERS dari sop/petugas.yaml",
                                 description="Menulis .github/CODEOWNERS: Camat untuk sop/ dan catatan forum, "
                                             "Kasi dan pencatat untuk proposals/.")
    _common(owners, formats=False)
    owners.set_defaults(run=_cmd_codeowners)

    formulir = commands.add_parser(
        "formulir", add_help=False, help="tampilkan konfigurasi formulir petugas (Decap CMS) untuk /admin/",
        description="Menulis config.yml Decap CMS yang dibuat dari sop/, skema dan mkdocs.yml (repo_url, opsi plugin "
                    "musrenbang), sama dengan yang situs sajikan di /admin/config.yml.")
    _common(formulir, formats=False)
    formulir.set_defaults(run=_cmd_formulir)
    return parser


def _staff_commands(commands) -> None:
    terima = commands.add_parser("terima", add_help=False, help="terima berkas baru dari desa/kelurahan",
                                 description="Membuat berkas baru dengan nomor agenda berikutnya dan waktu diterima, "
                                             "beserta berkas usulan dari templat.")
    terima.add_argument("desa", metavar="DESA", help="slug desa/kelurahan, misalnya labruk-lor")
    _staff(terima)
    terima.add_argument("--usulan", type=int, default=1, metavar="N", help="jumlah berkas usulan yang dibuat dari templat (bawaan: 1)")
    terima.add_argument("--surat", metavar="NOMOR", help="nomor surat pengantar")
    terima.add_argument("--tanggal-surat", metavar="TANGGAL", help="tanggal surat pengantar (TTTT-BB-HH)")
    terima.set_defaults(run=_cmd_terima)

    disposisi = commands.add_parser("disposisi", add_help=False, help="catat disposisi pada berkas (langkah 1 dan 2)",
                                    description="Menambahkan disposisi langkah SOP pada berkas desa.")
    disposisi.add_argument("desa", metavar="DESA", help="slug desa/kelurahan")
    _staff(disposisi)
    disposisi.add_argument("--langkah", type=int, required=True, metavar="N", help="nomor langkah SOP")
    disposisi.add_argument("--isi", required=True, metavar="TEKS", help="isi disposisi")
    disposisi.add_argument("--kepada", metavar="PERAN", help="peran yang dituju (bawaan: menurut SOP)")
    disposisi.set_defaults(run=_cmd_disposisi)

    klasifikasi = commands.add_parser("klasifikasi", add_help=False, help="bagi usulan ke bidang (langkah 3)",
                                      description="Mencatat bidang usulan dan Kasubid pemeriksanya.")
    klasifikasi.add_argument("usulan", nargs="+", metavar="USULAN", help="jalur berkas usulan atau rujukan 2025/denok/01")
    _staff(klasifikasi)
    klasifikasi.add_argument("--bidang", required=True, choices=["fisik", "ekonomi", "sosial-budaya"], help="bidang usulan")
    klasifikasi.set_defaults(run=_cmd_klasifikasi)

    periksa = commands.add_parser("periksa", add_help=False, help="catat hasil pemeriksaan Kasubid",
                                  description="Mencatat hasil pemeriksaan usulan oleh Kasubid bidangnya.")
    periksa.add_argument("usulan", nargs="+", metavar="USULAN", help="jalur berkas usulan atau rujukan 2025/denok/01")
    _staff(periksa)
    periksa.add_argument("--hasil", required=True, choices=["layak", "tidak-layak"], help="hasil pemeriksaan")
    periksa.add_argument("--catatan", required=True, metavar="TEKS", help="catatan pemeriksaan")
    periksa.set_defaults(run=_cmd_periksa)

    status = commands.add_parser("status", add_help=False, help="posisi setiap berkas dan usulan, dan langkah berikutnya",
                                 description="Menampilkan status setiap berkas dan usulan, langkah berikutnya dan siapa yang boleh mengambilnya.")
    status.add_argument("target", nargs="?", metavar="DESA|USULAN", help="desa (denok) atau usulan (denok/01)")
    _staff(status, commits=False)
    status.add_argument("--format", choices=["text", "json"], default="text", help="bentuk keluaran")
    status.set_defaults(run=_cmd_status)
    _privacy_commands(commands)


def _privacy_commands(commands) -> None:
    privasi = commands.add_parser("privasi", add_help=False, help="data pribadi pengusul: enkripsi, buka, enkripsi ulang",
                                  description="Perintah petugas untuk data pribadi pengusul (NIK, telepon), yang disimpan "
                                              "hanya sebagai sandi age untuk pembaca menurut SOP (data_pribadi).")
    privasi.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")
    verbs = privasi.add_subparsers(dest="verb", metavar="TINDAKAN", parser_class=_Parser)
    verbs.required = True
    usulan_help = "jalur berkas usulan atau rujukan 2025/denok/01 (bawaan: semua usulan)"
    key_help = "berkas identitas age (AGE-SECRET-KEY-1...) atau kunci privat SSH pembaca"

    enkripsi = verbs.add_parser("enkripsi", add_help=False, help="pindahkan NIK dan telepon terbuka ke sandi age",
                                description="Mengenkripsi isian pribadi yang masih terbuka untuk pembaca data pribadi "
                                            "sekarang. Sesudah langkah 1 perubahan dicatat sebagai koreksi (oleh pencatat).")
    enkripsi.add_argument("usulan", nargs="*", metavar="USULAN", help=usulan_help)
    _staff(enkripsi, commits=False)
    enkripsi.add_argument("--alasan", metavar="TEKS", help="alasan koreksi (bawaan: pelindungan data pribadi)")
    enkripsi.add_argument("--commit", action="store_true", help="langsung buat commit")
    enkripsi.set_defaults(run=_cmd_enkripsi)

    buka = verbs.add_parser("buka", add_help=False, help="tampilkan data pribadi kepada pembacanya",
                            description="Membuka sandi data pribadi dengan kunci privat pembaca dan menampilkannya di layar. "
                                        "Tidak ada yang ditulis ke register.")
    buka.add_argument("usulan", nargs="*", metavar="USULAN", help=usulan_help)
    _common(buka, formats=False)
    buka.add_argument("--tahun", type=int, metavar="T", help="tahun rujukan desa/nn (bawaan: tahun terakhir di register)")
    buka.add_argument("--identitas", "-i", required=True, metavar="BERKAS", help=key_help)
    buka.add_argument("--format", choices=["text", "json"], default="text", help="bentuk keluaran")
    buka.set_defaults(run=_cmd_buka)

    ulang = verbs.add_parser("ulang", add_help=False, help="enkripsi ulang untuk pembaca sekarang (misalnya Camat baru)",
                             description="Membuka sandi dengan kunci pembaca lama lalu mengenkripsinya untuk pembaca "
                                         "sekarang, hanya pada usulan yang penerimanya berbeda (atau semua dengan --semua). "
                                         "Sesudah langkah 1 dicatat sebagai koreksi oleh pencatat, yang dinilai 'check'.")
    ulang.add_argument("usulan", nargs="*", metavar="USULAN", help=usulan_help)
    _staff(ulang, commits=False)
    ulang.add_argument("--identitas", "-i", required=True, metavar="BERKAS", help=key_help)
    ulang.add_argument("--semua", action="store_true", help="buat ulang juga sandi yang penerimanya sudah benar")
    ulang.add_argument("--alasan", metavar="TEKS", help="alasan koreksi (bawaan: pembaca data pribadi berganti)")
    ulang.add_argument("--commit", action="store_true", help="langsung buat commit")
    ulang.set_defaults(run=_cmd_ulang)

    lampiran = verbs.add_parser("lampiran", add_help=False, help="enkripsi lampiran pribadi (scan KTP, sertifikat) menjadi .age",
                                description="Mengenkripsi berkas lampiran untuk pembaca data pribadi menjadi <nama>.age dan "
                                            "menghapus berkas terbukanya. Pembaca membukanya dengan 'age -d -i KUNCI BERKAS.age'.")
    lampiran.add_argument("berkas", nargs="+", metavar="BERKAS", help="berkas di proposals/<tahun>/<desa>/lampiran/")
    _common(lampiran, formats=False)
    lampiran.set_defaults(run=_cmd_lampiran)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "tanpa_cache", False):
        os.environ["MUSRENBANG_TANPA_CACHE"] = "1"  # cache.ENV_OFF, read by every reader of the cache
    try:
        return _run(args)
    finally:
        if getattr(args, "tanpa_cache", False):
            os.environ.pop("MUSRENBANG_TANPA_CACHE", None)


def _run(args: argparse.Namespace) -> int:
    try:
        return args.run(args)
    except MusrenbangError as error:
        print(f"musrenbang: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("musrenbang: dihentikan.", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # the reader stopped early (`musrenbang validate | head`): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as error:  # the one place an unexpected error becomes a message
        print(
            f"musrenbang: kesalahan internal ({type(error).__name__}: {error}). "
            "Laporkan ke pengelola register beserta perintah yang dijalankan.",
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
