"""The `musrenbang` command: a thin layer over the library, in Indonesian.

Exit codes: 0 clean, 1 findings, 2 usage or internal error (never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__, forge, riwayat
from .errors import MusrenbangError
from .findings import REPORTERS, failing, report
from .validate import validate
from .workspace import MARKER, find_root

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


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
    check.set_defaults(run=_cmd_validate)

    gate = commands.add_parser(
        "check", add_help=False,
        help="periksa setiap commit base..head terhadap SOP: langkah, peran dan riwayat",
        description="Memeriksa setiap commit dalam rentang BASE..HEAD: langkah SOP yang sah, dibuat pemegang "
                    "perannya, tanpa catatan yang dihapus atau ditulis ulang. Peran, kunci dan SOP dibaca dari BASE.",
    )
    _common(gate)
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
    audit.add_argument("--head", default="HEAD", metavar="REV", help="cabang yang diaudit (bawaan: HEAD)")
    audit.add_argument("--sejak", metavar="COMMIT",
                       help="audit sejak revisi ini, dan buktikan revisi itu masih leluhur HEAD (riwayat tidak ditulis ulang)")
    audit.set_defaults(run=_cmd_audit)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except MusrenbangError as error:
        print(f"musrenbang: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("musrenbang: dihentikan.", file=sys.stderr)
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
