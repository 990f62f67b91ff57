"""The README's walkthrough "Mencoba dari awal sampai langkah 3", run as written
in a fresh clone (issue 12). The one step it leaves to a text editor (filling in
the berkas and usulan) is done here by `_isi`; every other line runs unchanged,
except the key folder (/tmp/kunci-* → a tmp dir)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from .conftest import REPO
from .gitrepo import SAFE_ENV

EDITOR_STEP = "#   ... isi berkas usulan dengan penyunting teks"

_ISI = r'''
import pathlib, re
folder = pathlib.Path("proposals/2026/labruk-lor")
berkas = folder / "berkas.yaml"
text = berkas.read_text()
for key, value in (("nama", "Sutrisno"), ("jabatan", "Kepala Desa Labruk Lor"), ("tanggal: 2025-01-08", "tanggal: 2026-01-12"),
                   ("jumlah_peserta", "64"), ("berita_acara", "BA/03/2026")):
    if ":" in key:
        text = text.replace(key, value)
    else:
        text = re.sub(rf"^(\s*{key}:)[^\n#]*?(\s*#.*)?$", lambda m: f"{m[1]} {value}{m[2] or ''}", text, count=1, flags=re.M)
berkas.write_text(text)
usulan = folder / "01-usulan-1.yaml"
text = usulan.read_text()
for key, value in (("judul", "Plengsengan sungai Dusun Kebonagung"), ("permasalahan", "Tebing sungai longsor."),
                   ("sasaran", "Warga tepi sungai"), ("dusun", "Kebonagung"), ("rt", '"002"'), ("rw", '"001"'),
                   ("volume", "120"), ("satuan", "m"), ("perkiraan_biaya", "185000000"),
                   ("penerima_manfaat", "320"), ("nama", "Pokmas Kebonagung")):
    text = re.sub(rf"^(\s*{key}:)[^\n#]*?(\s*#.*)?$", lambda m: f"{m[1]} {value}{m[2] or ''}", text, count=1, flags=re.M)
usulan.write_text(text)
usulan.rename(folder / "01-plengsengan-sungai.yaml")
'''


def walkthrough(keys: Path) -> str:
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme.split("### Mencoba dari awal sampai langkah 3", 1)[1]
    script = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    assert EDITOR_STEP in script
    script = script.replace("/tmp/kunci-", f"{keys}/kunci-")
    return script.replace(EDITOR_STEP, f"{sys.executable} - <<'PY'\n{_ISI}\nPY\n#")


def test_the_readme_walkthrough_runs_as_written(tmp_path: Path):
    clone = tmp_path / "register"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True, env=SAFE_ENV)
    subprocess.run(["git", "switch", "-q", "-C", "main"], cwd=clone, check=True, env=SAFE_ENV)
    env = {**SAFE_ENV, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{SAFE_ENV['PATH']}",
           "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_AUTHOR_NAME": "Percobaan", "GIT_COMMITTER_NAME": "Percobaan",
           "GIT_COMMITTER_EMAIL": "percobaan@kec-lumajang.example"}
    keys = tmp_path / "kunci"
    keys.mkdir()
    done = subprocess.run(["bash", "-c", "set -x\n" + walkthrough(keys)], cwd=clone, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, env=env, timeout=600)
    out = done.stdout  # the commands traced (set -x) in order with what they print
    # The legal steps: check finds nothing.
    first, wrong = out.split("git checkout -q -b salah-orang HEAD~3", 1)
    assert "Tidak ada temuan: semua catatan sah." in first, out
    assert "berikutnya: Pemeriksaan usulan (tindak lanjut langkah 3) oleh Kasubid Fisik" in first, out
    # The Kasi is refused by the command, then by check, as the Kasi, never "dibuat oleh pencatat".
    command, checked = wrong.split("git commit -qam 'Disposisi Camat (ditulis Kasi)'", 1)
    assert "Langkah ditolak" in command and "[identitas.peran]" in command, out
    assert "[identitas.peran]" in checked and "kasi-pembangunan" in checked, out
    assert "dibuat oleh pencatat" not in out
    # Afterwards the clone is as it was: on main, no trial branches, no signing settings.
    git = lambda *a: subprocess.run(["git", *a], cwd=clone, capture_output=True, text=True, env=env)  # noqa: E731
    assert git("branch", "--show-current").stdout.strip() == "main"
    assert git("branch", "--list", "coba-alur", "salah-orang").stdout == ""
    for key in ("gpg.format", "commit.gpgsign", "user.signingkey", "user.email"):
        assert git("config", "--local", key).stdout == "", key
    assert list(keys.iterdir()) == []
