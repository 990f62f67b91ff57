"""What the pages show, computed from the register: rows, timelines, public fields.

Only this module decides what is public: fields that a schema marks
`"x-publik": false` are removed here, before any template sees a record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .. import alur
from ..records import Berkas, Usulan
from ..register import Tahun
from ..schemas import strip_private
from ..sop import Langkah, describe_duration
from ..jejak import Jejak
from ..workspace import Workspace


@dataclass
class Peristiwa:
    """One entry of an usulan's timeline."""

    judul: str
    waktu: str | None
    oleh: str = ""
    jabatan: str = ""
    kepada: str = ""
    isi: str = ""
    durasi: str = ""
    mutu_baku: str = ""
    melebihi: bool = False
    commit: str = ""  # the commit that recorded it, when the site is built from a git checkout


@dataclass
class Baris:
    """One usulan as the register and its page show it."""

    usulan: Usulan
    data: dict[str, Any]  # public fields only
    berkas: Berkas | None
    berkas_data: dict[str, Any]
    nama_desa: str
    status: str
    bidang: str
    langkah_berikut: str
    url: str
    sumber: str
    linimasa: list[Peristiwa] = field(default_factory=list)


def page_path(usulan: Usulan) -> str:
    return f"usulan/{usulan.tahun}/{usulan.desa}/{usulan.nomor:02d}.md"


class SiteModel:
    def __init__(self, workspace: Workspace, trail: Jejak | None = None):
        self.ws = workspace
        self.trail = trail
        self.sop = workspace.ref.sop
        self.private = {kind: workspace.schemas.private_paths(kind) for kind in ("usulan", "berkas")}
        self.petugas = workspace.ref.petugas
        self.years = sorted(workspace.register.tahun.values(), key=lambda y: y.tahun, reverse=True)
        rows = [self._row(year, item) for year in self.years for item in year.usulan if item.valid]
        self.rows = sorted(rows, key=lambda r: (-r.usulan.tahun, r.berkas_data.get("nomor_agenda", 10**9), r.usulan.nomor))

    def _row(self, year: Tahun, item: Usulan) -> Baris:
        berkas = year.berkas.get(item.desa)
        berkas = berkas if berkas and berkas.valid else None
        where = alur.posisi(self.sop, berkas, item, year.forum)
        data = strip_private(item.data, self.private["usulan"])
        klasifikasi = data.get("klasifikasi") or {}
        bidang_id = klasifikasi.get("bidang") or data.get("usulan_bidang")
        next_role = self.sop.nama_peran(where.pelaksana_berikut) if where.pelaksana_berikut else ""
        row = Baris(
            usulan=item,
            data=data,
            berkas=berkas,
            berkas_data=strip_private(berkas.data, self.private["berkas"]) if berkas else {},
            nama_desa=self.ws.ref.nama_desa(item.desa),
            status=where.status,
            bidang=self.sop.bidang[bidang_id].nama if bidang_id in self.sop.bidang else "",
            langkah_berikut=_next_step(where, next_role, data),
            url=page_path(item)[:-3] + "/",
            sumber=item.path,
        )
        row.linimasa = self._timeline(row, year)
        return row

    def _person(self, petugas_id: str | None) -> tuple[str, str]:
        person = self.petugas.get(petugas_id or "")
        return (person["nama"], person["jabatan"]) if person else (petugas_id or "", "")

    def _timeline(self, row: Baris, year: Tahun) -> list[Peristiwa]:
        events: list[Peristiwa] = []
        if row.berkas:
            events.append(Peristiwa(f"Berkas diterima (nomor agenda {row.berkas.data['nomor_agenda']})",
                                    row.berkas.data["diterima"], isi=self.sop.penerimaan_output,
                                    commit=self._sha(row.berkas.path, "ada")))
        previous = row.berkas.data["diterima"] if row.berkas else None
        for step in self.sop.langkah:
            entry = self._entry(step, row)
            if entry is None:
                continue
            path, marker = self._where(step, row)
            event = self._event(step, self._timed(entry, path, marker), previous)
            event.commit = self._sha(path, marker)
            events.append(event)
            previous = event.waktu or previous
            follow = step.tindak_lanjut
            if follow and row.usulan.data.get(follow.dicatat.isian):
                detail = self._timed(row.usulan.data[follow.dicatat.isian], row.usulan.path, follow.dicatat.isian)
                name, title = self._person(detail.get("oleh"))
                events.append(Peristiwa(follow.nama, detail.get("waktu"), name, title, isi=_result_text(detail),
                                        commit=self._sha(row.usulan.path, follow.dicatat.isian)))
        return events

    def _where(self, step: Langkah, row: Baris) -> tuple[str, str]:
        """The record and the step marker by which `jejak` knows a step."""
        if step.dicatat.rekaman == "berkas":
            return row.berkas.path, f"disposisi:{step.nomor}"
        if step.dicatat.rekaman == "usulan":
            return row.usulan.path, step.dicatat.isian
        forum = self._forum(row)
        return (forum.path if forum else ""), "hasil"

    def _sha(self, path: str, marker: str) -> str:
        commit = self.trail.commit(path, marker) if self.trail else None
        return commit.sha if commit else ""

    def _timed(self, entry: dict, path: str, marker: str) -> dict:
        """A step whose `waktu` was left out takes the time of the commit that recorded it."""
        if entry.get("waktu") or not self.trail:
            return entry
        commit = self.trail.commit(path, marker)
        return {**entry, "waktu": commit.committer_time.isoformat()} if commit else entry

    def _entry(self, step: Langkah, row: Baris) -> dict | None:
        where = step.dicatat
        if where.rekaman == "berkas" and row.berkas:
            return next((d for d in row.berkas.disposisi if d.get("langkah") == step.nomor), None)
        if where.rekaman == "usulan":
            return row.usulan.data.get(where.isian)
        if where.rekaman == "musrenbang":
            return self._forum_entry(row)
        return None

    def _forum_entry(self, row: Baris) -> dict | None:
        """The forum's decision, at the end of the usulan's bidang session, by its chair."""
        forum = self._forum(row)
        entry = alur.forum_results(forum).get(row.usulan.rujukan)
        if entry is None:
            return None
        bidang = (row.data.get("klasifikasi") or {}).get("bidang")
        session = next((s for s in forum.data.get("sesi") or [] if s["bidang"] == bidang), None)
        return {**entry, "oleh": forum.data["pimpinan"], "waktu": session["selesai"] if session else None}

    def _forum(self, row: Baris):
        return self.ws.register.tahun[row.usulan.tahun].forum

    def _event(self, step: Langkah, entry: dict, previous: str | None) -> Peristiwa:
        name, title = self._person(entry.get("oleh"))
        moment = entry.get("waktu")
        took, over = "", False
        if moment and previous:
            delta = _parse(moment) - _parse(previous)
            took, over = describe_duration(delta), delta > step.waktu
        isi = entry.get("isi") or entry.get("catatan") or entry.get("alasan") or ""
        if "bidang" in entry:
            isi = f"Bidang {self.sop.bidang[entry['bidang']].nama}" + (f". {isi}" if isi else "")
        return Peristiwa(
            f"Langkah {step.nomor}: {step.nama}", moment, name, title,
            kepada=self.sop.nama_peran(entry["kepada"]) if entry.get("kepada") else "",
            isi=isi, durasi=took, mutu_baku=describe_duration(step.waktu), melebihi=over,
        )


def _result_text(detail: dict) -> str:
    verdict = str(detail.get("hasil", "")).replace("-", " ").capitalize()
    return ": ".join(part for part in (verdict, detail.get("catatan", "")) if part)


def _next_step(where: alur.Posisi, role_name: str, data: dict) -> str:
    if where.berhenti:
        return where.berhenti
    if where.berikut is None:
        return "selesai"
    return f"{where.berikut.nama} oleh {role_name}"


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
