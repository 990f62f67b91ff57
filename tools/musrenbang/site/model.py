"""What the pages show, computed from the register: rows, timelines, public fields.

Only this module decides what is public: fields that a schema marks
`"x-publik": false` are removed here, before any template sees a record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .. import alur
from ..jejak import Jejak
from ..kinerja import rentang_langkah
from ..records import Berkas, Usulan
from ..register import Tahun
from ..schemas import strip_private
from ..sop import Langkah, describe_duration
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
    rekaman: str = ""  # where it is recorded: "berkas" (intake, dispositions), "usulan" or "musrenbang"
    nama: str = ""  # the step's short name ("Disposisi Camat"), for the Beranda's latest changes


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
    akhir: bool = False  # the status ends the road (tidak layak, tidak lolos)
    alasan: str = ""  # why it ends there, in words a citizen reads


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
        self.hasil = {year.tahun: alur.forum_results(year.forum) for year in self.years}
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
        status, akhir, alasan = self._final(where, item, year)
        row = Baris(
            usulan=item,
            data=data,
            berkas=berkas,
            berkas_data=strip_private(berkas.data, self.private["berkas"]) if berkas else {},
            nama_desa=self.ws.ref.nama_desa(item.desa),
            status=status,
            akhir=akhir,
            alasan=alasan,
            bidang=self.sop.bidang[bidang_id].nama if bidang_id in self.sop.bidang else "",
            langkah_berikut=_next_step(where, next_role, data),
            url=page_path(item)[:-3] + "/",
            sumber=item.path,
        )
        row.linimasa = self._timeline(row, year)
        return row

    def _final(self, where: alur.Posisi, item: Usulan, year: Tahun) -> tuple[str, bool, str]:
        """The status shown, whether it ends the road, and why.

        An usulan stopped by a follow-up's condition (examined tidak layak) shows
        `tidak-<wanted value>` rather than the follow-up's own status, which reads
        as if it were still in the running; the forum's tidak-lolos ends it too.
        """
        decided = self.hasil[year.tahun].get(item.rujukan)
        if decided is not None and where.status in self.forum_statuses[1:]:
            return where.status, True, str(decided.get("alasan") or "")
        shown = alur.status_akhir(self.sop, where)
        if shown != where.status:
            follow = next(s.tindak_lanjut for s in self.sop.langkah if s.tindak_lanjut)
            reason = str((item.data.get(follow.dicatat.isian) or {}).get("catatan") or "")
            return shown, True, f"{follow.nama}: {reason}" if reason else follow.nama
        return where.status, False, ""

    @property
    def forum_statuses(self) -> tuple[str, ...]:
        """The forum step's statuses: passed first, then the ones that end the road."""
        step = next((s for s in self.sop.langkah if s.dicatat.rekaman == "musrenbang"), None)
        return tuple(step.status) if step else ()

    def statuses(self) -> list[str]:
        """Every status a row can show, in the order of the SOP; the ones that end
        the road right after the status they branch from."""
        order = []
        for status in self.sop.statuses():
            order.append(status)
            for step in self.sop.langkah:
                follow = step.tindak_lanjut
                if follow and follow.status == status and follow.lanjut_bila:
                    order.append(f"tidak-{follow.lanjut_bila[0][1]}")
        return order

    def _person(self, petugas_id: str | None) -> tuple[str, str]:
        person = self.petugas.get(petugas_id or "")
        return (person["nama"], person["jabatan"]) if person else (petugas_id or "", "")

    def _timeline(self, row: Baris, year: Tahun) -> list[Peristiwa]:
        events: list[Peristiwa] = []
        if row.berkas:
            events.append(Peristiwa(f"Berkas diterima (nomor agenda {row.berkas.data['nomor_agenda']})",
                                    row.berkas.data["diterima"], isi=self.sop.penerimaan_output,
                                    commit=self._sha(row.berkas.path, "ada"), rekaman="berkas",
                                    nama="Berkas diterima"))
        previous = row.berkas.data["diterima"] if row.berkas else None
        for step in self.sop.langkah:
            entry = self._entry(step, row)
            if entry is None:
                continue
            path, marker = self._where(step, row)
            event = self._event(step, self._timed(entry, path, marker), previous)
            event.commit = self._sha(path, marker)
            event.rekaman, event.nama = step.dicatat.rekaman, step.nama
            events.append(event)
            previous = event.waktu or previous
            follow = step.tindak_lanjut
            if follow and row.usulan.data.get(follow.dicatat.isian):
                detail = self._timed(row.usulan.data[follow.dicatat.isian], row.usulan.path, follow.dicatat.isian)
                name, title = self._person(detail.get("oleh"))
                events.append(Peristiwa(follow.nama, detail.get("waktu"), name, title, isi=_result_text(detail),
                                        commit=self._sha(row.usulan.path, follow.dicatat.isian),
                                        rekaman="usulan", nama=follow.nama))
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
        return {**entry, "oleh": forum.data["pimpinan"], "waktu": session["selesai"] if session else None,
                "sesi": session}

    def _forum(self, row: Baris):
        return self.ws.register.tahun[row.usulan.tahun].forum

    def _event(self, step: Langkah, entry: dict, previous: str | None) -> Peristiwa:
        name, title = self._person(entry.get("oleh"))
        moment = entry.get("waktu")
        span = rentang_langkah(step, _parse(previous) if previous else None, _parse(moment) if moment else None,
                               entry.get("sesi"))
        took = describe_duration(span.selesai - span.mulai) if span else ""
        over = span.melebihi if span else False
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
