"""The officials' commands on personal data: `privasi enkripsi`, `buka` and `ulang`.

`enkripsi` moves a record's plain private fields into one age ciphertext
(`data_pribadi`) for the current readers; `ulang` decrypts with a reader's key
and encrypts again for the readers named now (a new Camat); `buka` shows the
private fields to a reader. A change to an usulan after step 1 carries a
`koreksi` entry (oleh, waktu, alasan), so `check` judges it like any other
correction: the change is judged here by `transisi.Aturan` before it is written,
exactly as `check` will judge the commit.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from . import privasi, yamledit
from .errors import MusrenbangError
from .kantor import Hasil, Kantor, now
from .kantor.git import git
from .records import Usulan
from .yamlio import YamlError, parse

ALASAN_ENKRIPSI = "Data pribadi pengusul dienkripsi untuk pembaca data pribadi (UU 27/2022)."
ALASAN_ULANG = "Sandi data pribadi dibuat ulang untuk pembaca data pribadi sekarang."


@dataclass(frozen=True)
class Terbuka:
    """One record's private fields, opened by a reader."""

    path: str
    isian: dict[tuple[str, ...], object]


class Privasi(Kantor):
    """`Kantor` (judging, writing, committing) with the personal-data commands."""

    def readers(self) -> list[str]:
        keys = [key for _, key in privasi.reader_keys(self.sop, self.ref.petugas)]
        if not keys:
            raise MusrenbangError("Belum ada pembaca data pribadi dengan kunci_age di sop/petugas.yaml; "
                                  "tulis kunci publik age Camat dan pencatat lebih dulu.")
        return keys

    def targets(self, names: list[str], tahun: int | None = None) -> list[Usulan]:
        if names:
            return [self.usulan(name, tahun) for name in names]
        return [u for y in self.ws.register.tahun.values() for u in y.usulan if u.valid]

    # --- enkripsi --------------------------------------------------------------------

    def enkripsi(self, names: list[str], alasan: str | None, tahun: int | None = None) -> Hasil:
        private = self.ws.schemas.private_paths("usulan")
        keys = self.readers()
        texts = {}
        for item in self.targets(names, tahun):
            fields = privasi.plain_fields(item.data, private)
            if not fields:
                continue
            if privasi.KUNCI in item.data:
                raise MusrenbangError(f"{item.path} sudah punya data_pribadi dan juga isian terbuka "
                                      f"({', '.join('.'.join(p) for p in fields)}): gabungkan dengan tangan, "
                                      "lalu jalankan 'musrenbang privasi ulang'.")
            value = privasi.encrypt(privasi.nest(fields), keys)
            text = _without_fields((self.root / item.path).read_text("utf-8"), list(fields))
            text = _with_block(text, value)
            texts[item.path] = self._corrected(item, text, alasan or ALASAN_ENKRIPSI,
                                               [".".join(p) for p in fields] + [privasi.KUNCI])
        return self._write_all(texts, "Enkripsi data pribadi pengusul")

    # --- ulang -----------------------------------------------------------------------

    def ulang(self, names: list[str], identity_file: Path, alasan: str | None, semua: bool = False,
              tahun: int | None = None) -> Hasil:
        identities = _identities(identity_file)
        keys = self.readers()
        texts = {}
        for item in self.targets(names, tahun):
            value = item.data.get(privasi.KUNCI)
            if value is None or (not semua and value["penerima"] == keys):
                continue
            opened = privasi.decrypt(value, identities, item.path)
            text = _with_block((self.root / item.path).read_text("utf-8"), privasi.encrypt(opened, keys))
            texts[item.path] = self._corrected(item, text, alasan or ALASAN_ULANG, [privasi.KUNCI])
        return self._write_all(texts, "Sandi data pribadi untuk pembaca sekarang")

    # --- buka --------------------------------------------------------------------------

    def buka(self, names: list[str], identity_file: Path, tahun: int | None = None) -> list[Terbuka]:
        identities = _identities(identity_file)
        opened = []
        for item in self.targets(names, tahun):
            value = item.data.get(privasi.KUNCI)
            if value is not None:
                opened.append(Terbuka(item.path, privasi.flatten(privasi.decrypt(value, identities, item.path))))
            elif names:
                raise MusrenbangError(f"{item.path} tidak punya data_pribadi.")
        return opened

    # --- lampiran --------------------------------------------------------------------------

    def lampiran(self, files: list[str]) -> Hasil:
        """Each attachment becomes `<name>.age` for the current readers; the plain file is removed."""
        keys = self.readers()
        written, notes = [], []
        for name in files:
            relpath = self._relative(name)
            parts = relpath.split("/")
            source = self.root / relpath
            if len(parts) < 5 or parts[0] != "proposals" or parts[3] != "lampiran" or relpath.endswith(".age"):
                raise MusrenbangError(f"{name}: bukan lampiran terbuka di proposals/<tahun>/<desa>/lampiran/.")
            if not source.is_file() or source.is_symlink():
                raise MusrenbangError(f"{name}: berkas tidak ada.")
            target = source.with_name(source.name + ".age")
            target.write_bytes(privasi.encrypt_bytes(source.read_bytes(), keys))
            source.unlink()
            written.append(f"{relpath}.age")
            inner = "/".join(parts[4:])
            notes.append(f"Di isian 'lampiran' usulannya, ganti '{inner}' menjadi '{inner}.age' "
                         "(sesudah langkah 1: sebagai koreksi oleh pencatat).")
            if git(self.root, "log", "-1", "--format=%H", "--", relpath, check=False).strip():
                notes.append(f"Perhatian: {relpath} sudah ada di riwayat git; lihat README bagian Data pribadi "
                             "tentang membersihkan riwayat.")
        return Hasil(written, f"Enkripsi lampiran ({len(written)} berkas)", notes)

    # --- shared ------------------------------------------------------------------------

    def _corrected(self, item: Usulan, text: str, alasan: str, changed: list[str]) -> str:
        """After step 1 the change needs a `koreksi` entry; the change is judged as `check` will."""
        berkas = self.ws.register.tahun[item.tahun].berkas.get(item.desa)
        if berkas is not None and berkas.valid and berkas.disposisi:
            entry = {"oleh": self.oleh, "waktu": now(), "alasan": alasan, "bidang_diubah": changed}
            text = yamledit.append_item(text, "koreksi", entry)
        self._judge("usulan", item.path, item.tahun, item.desa, item, text, berkas)
        return text

    def _write_all(self, texts: dict[str, str], message: str) -> Hasil:
        for path, text in texts.items():  # all or nothing: every change was judged first
            self._write(path, text)
        notes = [] if texts else ["Tidak ada usulan yang perlu diubah."]
        return Hasil(sorted(texts), f"{message} ({len(texts)} usulan)", notes)


def _identities(path: Path) -> list:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise MusrenbangError(f"Berkas kunci {path} tidak dapat dibaca: {error}.") from None
    return privasi.read_identities(text, str(path))


# --- text edits -------------------------------------------------------------------------------


def _parse(text: str):
    try:
        return parse(text)
    except YamlError as error:
        raise MusrenbangError(f"Berkas tidak dapat dibaca (baris {error.problem.line}): {error.problem.message}") from None


def _without_fields(text: str, paths: list[tuple[str, ...]]) -> str:
    """Remove the lines of each nested key (the key's line and its deeper-indented continuation)."""
    doc = _parse(text)
    lines = text.splitlines()
    drop: set[int] = set()
    for path in paths:
        line, column = doc.key_positions[path]
        drop.add(line - 1)
        index = line
        while index < len(lines) and lines[index].strip() and len(lines[index]) - len(lines[index].lstrip()) >= column:
            drop.add(index)
            index += 1
    result = "\n".join(line for i, line in enumerate(lines) if i not in drop) + "\n"
    expected = _drop(doc.data, paths)
    if _parse(result).data != expected:
        raise MusrenbangError("Isian pribadi tidak dapat dipindahkan otomatis; sunting berkas secara manual.")
    return result


def _drop(data: dict, paths: list[tuple[str, ...]]) -> dict:
    out = copy.deepcopy(data)
    for path in paths:
        node = out
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]
    return out


def block_lines(value: dict) -> list[str]:
    """`data_pribadi` as YAML with the armored text as a literal block, as people read it."""
    lines = [f"{privasi.KUNCI}:", "  penerima:"]
    lines += [f"    - {key}" for key in value["penerima"]]
    lines.append("  sandi: |")
    lines += [f"    {line}" for line in value["sandi"].strip().split("\n")]
    return lines


def _with_block(text: str, value: dict) -> str:
    """Set top-level `data_pribadi`: replace its block where it stands, or append it."""
    doc = _parse(text)
    lines = text.splitlines()
    if privasi.KUNCI in doc.data:
        start = doc.key_positions[(privasi.KUNCI,)][0] - 1
        end = start + 1
        while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t"):
            end += 1
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        lines[start:end] = block_lines(value)
    else:
        lines += block_lines(value)
    result = "\n".join(lines) + "\n"
    if _parse(result).data != {**doc.data, privasi.KUNCI: value}:
        raise MusrenbangError("Sandi data pribadi tidak dapat ditulis otomatis; sunting berkas secara manual.")
    return result
