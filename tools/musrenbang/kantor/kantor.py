"""The staff commands: intake, disposition, classification, examination.

Each builds the record as it will be after the step, has `transisi.Aturan`
judge the change exactly as `check` will judge the commit, and writes only a
legal change, keeping the file's comments and layout (`yamledit`). Who acts is
`petugas`, the templates `templat`, the year's overview `status`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .. import yamledit
from ..errors import MusrenbangError
from ..findings import Finding, failing
from ..identitas import Identitas, Pelaku
from ..records import Berkas, Record, Usulan
from ..register import Tahun
from ..similar import suggest
from ..transisi import Aturan, Buku, Perubahan
from ..workspace import Workspace
from ..yamlio import parse
from . import git, templat
from .petugas import Petugas
from .status import Baris, Status

WIB = timezone(timedelta(hours=7))


def now() -> str:
    return datetime.now(WIB).replace(microsecond=0).isoformat()


class Ditolak(Exception):
    """The step is not legal: carries the findings that say why."""

    def __init__(self, findings: list[Finding]):
        super().__init__("langkah ditolak")
        self.findings = findings


@dataclass
class Hasil:
    written: list[str] = field(default_factory=list)
    message: str = ""
    notes: list[str] = field(default_factory=list)
    commit: str | None = None


class Kantor:
    def __init__(self, root: Path, oleh: str | None = None):
        self.root = root
        self.ws = Workspace.open(root)
        if not self.ws.ref.complete:
            raise MusrenbangError("Data referensi di sop/ tidak sah; jalankan 'musrenbang validate' dan perbaiki dulu.")
        self.ref = self.ws.ref
        self.sop = self.ref.sop
        self.petugas = Petugas(root, self.ref, oleh)

    # --- who and where -----------------------------------------------------------

    @property
    def oleh(self) -> str:
        return self.petugas.oleh

    @property
    def pembuat(self) -> str:
        return self.petugas.pembuat

    def year(self, tahun: int | None) -> Tahun:
        years = self.ws.register.tahun
        if tahun is None:
            if not years:
                raise MusrenbangError("Register belum berisi tahun apa pun; sebutkan --tahun.")
            tahun = max(years)
        return years.get(tahun) or Tahun(tahun)

    def desa(self, slug: str) -> str:
        if slug not in self.ref.desa:
            raise MusrenbangError(f"Desa/kelurahan '{slug}' tidak ada di sop/wilayah.yaml. " + suggest(slug, self.ref.desa, "desa"))
        return slug

    def berkas(self, slug: str, tahun: int | None) -> Berkas:
        year = self.year(tahun)
        found = year.berkas.get(self.desa(slug))
        if found is None:
            raise MusrenbangError(f"Belum ada berkas {slug} untuk tahun {year.tahun}; terima dulu dengan 'musrenbang terima {slug}'.")
        if not found.valid:
            raise MusrenbangError(f"{found.path} belum sah; jalankan 'musrenbang validate {found.path}' dan perbaiki dulu.")
        return found

    def usulan(self, name: str, tahun: int | None) -> Usulan:
        """An usulan by path (`proposals/2025/denok/01-x.yaml`) or reference (`2025/denok/01`, `denok/01`)."""
        candidates = [u for y in self.ws.register.tahun.values() for u in y.usulan]
        if name.endswith(".yaml"):
            found = [u for u in candidates if u.path == self._relative(name)]
        else:
            parts = name.strip("/").split("/")
            if len(parts) == 2:
                parts = [str(self.year(tahun).tahun)] + parts
            found = [u for u in candidates if len(parts) == 3 and u.kunci == f"{parts[0]}/{parts[1]}/{int(parts[2]):02d}"] \
                if len(parts) == 3 and parts[2].isdigit() else []
        if not found:
            raise MusrenbangError(f"Usulan '{name}' tidak ditemukan. Tulis jalurnya (proposals/2025/denok/01-....yaml) "
                                  "atau rujukannya (2025/denok/01).")
        if not found[0].valid:
            raise MusrenbangError(f"{found[0].path} belum sah; jalankan 'musrenbang validate' dan perbaiki dulu.")
        return found[0]

    def _relative(self, name: str) -> str:
        path = Path(name)
        absolute = path if path.is_absolute() else Path.cwd() / path
        try:
            return absolute.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return name

    # --- judging -----------------------------------------------------------------

    def _aturan(self) -> Aturan:
        buku = Buku(accepted={r.path for r in self.ws.register.records()})
        for year in self.ws.register.tahun.values():
            for item in year.berkas.values():
                if item.valid:
                    buku.note_agenda(year.tahun, item.data["nomor_agenda"], item.path)
        return Aturan(self.ref, Identitas(self.ref.petugas), buku)

    def _judge(self, kind: str, path: str, tahun: int, desa: str | None, before: Record | None, after_text: str,
               berkas: Berkas | None = None) -> None:
        after = Record(path, parse(after_text), True)
        maker = self.pembuat
        pelaku = Pelaku(frozenset({maker}), "identitas git di komputer ini", True, maker)
        change = Perubahan(path, kind, tahun, desa, before, after, pelaku, datetime.now(WIB), "perubahan ini",
                           berkas_before=berkas, berkas_after=berkas)
        findings = self._aturan().judge(change)
        schema_problems = self.ws.schemas.check(kind, after.doc, path)
        if failing(findings) or schema_problems:
            raise Ditolak(findings + schema_problems)

    def _write(self, relpath: str, text: str) -> None:
        target = self.root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")

    # --- the steps ---------------------------------------------------------------

    def terima(self, slug: str, tahun: int, usulan: int = 1, waktu: str | None = None,
               surat: str | None = None, tanggal_surat: str | None = None) -> Hasil:
        slug = self.desa(slug)
        year = self.year(tahun)
        if slug in year.berkas:
            raise MusrenbangError(f"Berkas {slug} tahun {tahun} sudah ada: {year.berkas[slug].path}.")
        numbers = [b.data["nomor_agenda"] for b in year.berkas.values() if b.valid]
        nomor = max(numbers, default=0) + 1
        path = f"proposals/{tahun}/{slug}/berkas.yaml"
        name = self.ref.nama_desa(slug)
        jenis = self.ref.desa[slug]["jenis"].capitalize()
        header = f"Berkas usulan {jenis} {name} untuk Musrenbang Kecamatan {tahun}."
        text = templat.berkas_baru(self.root, header, {
            "desa": slug, "nomor_agenda": str(nomor), "diterima": waktu or now(),
            "nomor": surat or "", "tanggal": tanggal_surat or "",
            "perihal": f"Penyampaian Usulan Musrenbang {jenis} Tahun {tahun}",
            "nama": "", "jabatan": "", "jumlah_peserta": "", "berita_acara": ""})
        written = [path]
        self._write(path, text)
        for index in range(1, usulan + 1):
            header = f"Usulan prioritas {index} {jenis} {name}, Musrenbang Kecamatan {tahun}."
            template = templat.usulan_kosong(self.root, header)
            relpath = f"proposals/{tahun}/{slug}/{index:02d}-usulan-{index}.yaml"
            self._write(relpath, template)
            written.append(relpath)
        notes = [f"Berkas {name} {tahun} diterima dengan nomor agenda {nomor}.",
                 "Lengkapi surat pengantar di berkas.yaml dan isi setiap berkas usulan, ganti nama berkas usulan "
                 "sesuai judulnya (<nn>-<judul-singkat>.yaml), lalu jalankan 'musrenbang validate'."]
        return Hasil(written, f"Terima berkas {name} {tahun} (nomor agenda {nomor})", notes)

    def disposisi(self, slug: str, tahun: int | None, langkah: int, isi: str, kepada: str | None = None,
                  waktu: str | None = None) -> Hasil:
        berkas = self.berkas(slug, tahun)
        step = self.sop.langkah_nomor(langkah)
        if step is None or step.dicatat.rekaman != "berkas":
            numbers = ", ".join(str(s.nomor) for s in self.sop.langkah_pada("berkas"))
            raise MusrenbangError(f"Langkah {langkah} bukan disposisi pada berkas menurut SOP; pilih salah satu: {numbers}.")
        entry = {"langkah": langkah, "oleh": self.oleh, "kepada": kepada or (step.kepada[0] if step.kepada else ""),
                 "isi": isi, "waktu": waktu or now()}
        text = yamledit.append_item((self.root / berkas.path).read_text("utf-8"), "disposisi", entry)
        self._judge("berkas", berkas.path, berkas.tahun, berkas.desa, berkas, text)
        self._write(berkas.path, text)
        name = self.ref.nama_desa(berkas.desa)
        return Hasil([berkas.path], f"Disposisi langkah {langkah} ({step.nama}) berkas {name} {berkas.tahun}")

    def klasifikasi(self, names: list[str], tahun: int | None, bidang: str, waktu: str | None = None) -> Hasil:
        if bidang not in self.sop.bidang:
            raise MusrenbangError(f"Bidang '{bidang}' tidak dikenal. Pilihan: {', '.join(self.sop.bidang)}.")
        field_name = self._usulan_field(follow=False)
        entry = {"bidang": bidang, "oleh": self.oleh, "kepada": self.sop.bidang[bidang].pemeriksa, "waktu": waktu or now()}
        items = [self.usulan(n, tahun) for n in names]
        return self._add_to_usulan(items, field_name, entry,
                                   f"Klasifikasi {len(items)} usulan ke bidang {self.sop.bidang[bidang].nama}")

    def periksa(self, names: list[str], tahun: int | None, hasil: str, catatan: str, waktu: str | None = None) -> Hasil:
        field_name = self._usulan_field(follow=True)
        entry = {"hasil": hasil, "oleh": self.oleh, "catatan": catatan, "waktu": waktu or now()}
        items = [self.usulan(n, tahun) for n in names]
        refs = ", ".join(u.kunci for u in items)
        return self._add_to_usulan(items, field_name, entry, f"Pemeriksaan usulan {refs}: {hasil.replace('-', ' ')}")

    def _usulan_field(self, follow: bool) -> str:
        for step in self.sop.langkah:
            catatan = (step.tindak_lanjut.dicatat if step.tindak_lanjut else None) if follow else step.dicatat
            if catatan is not None and catatan.rekaman == "usulan":
                return catatan.isian
        raise MusrenbangError("SOP ini tidak mencatat langkah tersebut pada usulan.")

    def _add_to_usulan(self, items: list[Usulan], field_name: str, entry: dict, message: str) -> Hasil:
        texts = {}
        for item in items:
            berkas = self.ws.register.tahun[item.tahun].berkas.get(item.desa)
            text = yamledit.add_key((self.root / item.path).read_text("utf-8"), field_name, entry)
            self._judge("usulan", item.path, item.tahun, item.desa, item, text, berkas)
            texts[item.path] = text
        for path, text in texts.items():  # all or nothing
            self._write(path, text)
        return Hasil(list(texts), message)

    # --- status --------------------------------------------------------------------

    def status(self, target: str | None, tahun: int | None) -> list[Baris]:
        return Status(self.ref).rows(self.year(tahun), target)


def commit(root: Path, result: Hasil) -> str:
    """Commit the written files; git signs it when it is set up to (commit.gpgsign)."""
    return git.commit(root, result.written, result.message)
