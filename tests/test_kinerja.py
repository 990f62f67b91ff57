"""`musrenbang kinerja`: step times against mutu baku, from records and, where
`waktu` was left out, from the commit that recorded the step."""

from __future__ import annotations

import json
import subprocess
import sys

from musrenbang.kinerja import Kinerja
from musrenbang.workspace import Workspace

from .conftest import REPO
from .gitrepo import SAFE_ENV

DENOK = "proposals/2025/denok/berkas.yaml"


def test_times_from_the_records_against_mutu_baku(register):
    result = Kinerja(Workspace.open(register), 2025)
    rows = {(r.rujukan, r.langkah): r for r in result.rows}
    # banjarwaru: diterima 08:30, step 1 08:34 (4 min), step 2 08:40 (6 min), klasifikasi 08:45 (5 min)
    assert (rows[("2025/banjarwaru", 1)].detik, rows[("2025/banjarwaru", 2)].detik) == (240, 360)
    assert rows[("2025/banjarwaru/01", 3)].detik == 300
    assert not any(r.melebihi for r in result.rows)
    summary = {s.langkah: s for s in result.summary()}
    assert (summary[1].jumlah, summary[1].median_detik, summary[1].melebihi) == (1, 240, 0)
    assert summary[4].jumlah == 0


def test_a_left_out_waktu_takes_the_commit_time(repo):
    repo.append(DENOK, "disposisi:\n  - langkah: 1\n    oleh: camat\n    kepada: kasi\n    isi: Pelajari\n")
    repo.git("add", "-A")
    env = {**SAFE_ENV, "GIT_COMMITTER_DATE": "2025-01-14T09:20:00+07:00", "GIT_AUTHOR_DATE": "2025-01-14T09:20:00+07:00"}
    subprocess.run(["git", "-c", "user.name=camat", "-c", "user.email=camat@x", "commit", "-q", "-m", "Disposisi"],
                   cwd=repo.path, check=True, env=env)
    result = Kinerja(Workspace.open(repo.path), 2025)
    row = next(r for r in result.rows if r.rujukan == "2025/denok")
    assert (row.sumber_waktu, row.detik, row.melebihi) == ("commit", 20 * 60, True)  # diterima 09:00


def test_median_p90_and_breaches_on_the_sample():
    summary = {s.langkah: s for s in Kinerja(Workspace.open(REPO), 2025).summary()}
    assert (summary[1].jumlah, summary[1].melebihi) == (10, 3)
    assert summary[1].median_detik <= 300 < summary[1].p90_detik


def test_cli_json(register):
    done = subprocess.run([sys.executable, "-m", "musrenbang.cli", "kinerja", "--format", "json", "--repo", str(register)],
                          capture_output=True, text=True)
    data = json.loads(done.stdout)
    assert done.returncode == 0
    assert [s["langkah"] for s in data["ringkasan"]] == [1, 2, 3, 4]
    assert {"rujukan", "langkah", "detik", "mutu_baku_detik", "melebihi", "oleh", "sumber_waktu"} <= set(data["rincian"][0])


def test_one_duration_for_step_4_on_every_usulan_page_and_in_kinerja():
    """Issue 11, item 3: the forum step takes its bidang session's time, in the
    usulan timeline as in `musrenbang kinerja` (both use kinerja.rentang_langkah)."""
    from musrenbang.kinerja import _words
    from musrenbang.site.model import SiteModel
    workspace = Workspace.open(REPO)
    sessions = {r.rujukan: r for r in Kinerja(workspace, 2024).rows if r.langkah == 4}
    assert len(sessions) == 3 and not any(r.melebihi for r in sessions.values())
    forum_step = next(s for s in workspace.ref.sop.langkah if s.dicatat.rekaman == "musrenbang")
    checked = 0
    for row in SiteModel(workspace).rows:
        event = next((e for e in row.linimasa if e.judul.startswith(f"Langkah {forum_step.nomor}:")), None)
        if row.usulan.tahun != 2024 or event is None:
            continue
        bidang = (row.data.get("klasifikasi") or {}).get("bidang")
        session = sessions[f"2024/musrenbang/{bidang}"]
        assert (event.durasi, event.melebihi) == (_words(session.detik), session.melebihi), row.usulan.kunci
        checked += 1
    assert checked > 40


def test_rentang_langkah_measures_the_forum_by_its_session():
    from datetime import datetime
    from musrenbang.kinerja import rentang_langkah
    sop = Workspace.open(REPO).ref.sop
    forum, first = sop.langkah[-1], sop.langkah[0]
    weeks_before = datetime.fromisoformat("2024-01-22T14:10:00+07:00")
    end = datetime.fromisoformat("2024-02-26T09:25:00+07:00")
    session = {"mulai": "2024-02-26T08:30:00+07:00", "selesai": "2024-02-26T09:25:00+07:00"}
    span = rentang_langkah(forum, weeks_before, end, session)
    assert span.detik == 55 * 60 and not span.melebihi
    assert rentang_langkah(forum, weeks_before, end, None) is None  # no session recorded: no duration
    late = rentang_langkah(first, weeks_before, end)
    assert late.detik == int((end - weeks_before).total_seconds()) and late.melebihi
