"""The sample register's personal data, opened with the test readers' keys (tests/kunci-uji/).

Tests that search built pages, exports and git history for personal data need the
values to look for; since the sample holds them only as ciphertext, they are
decrypted here with the sample's test identities.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from musrenbang import privasi
from musrenbang.workspace import Workspace

KUNCI_UJI = Path(__file__).parent / "kunci-uji"


def identities(who: str = "camat") -> list:
    return privasi.read_identities((KUNCI_UJI / f"{who}.txt").read_text("utf-8"), who)


def private_values(root: Path) -> set[str]:
    """Every NIK and telephone of a register's usulan, decrypted (and any left in plain text)."""
    ws = Workspace.open(root)
    found: set[str] = set()
    keys = identities()
    for year in ws.register.tahun.values():
        for item in year.usulan:
            data = item.data if isinstance(item.data, dict) else {}
            found.update(str(v) for v in privasi.plain_fields(data, ws.schemas.private_paths("usulan")).values())
            if privasi.KUNCI in data:
                found.update(str(v) for v in privasi.flatten(privasi.decrypt(data[privasi.KUNCI], keys, item.path)).values())
    return found


def blobs_containing(repo: Path, *needles: str) -> list[str]:
    """The needles (also without or with spaces for dashes) found in any object reachable
    in the repository's history: `git rev-list --all --objects` read by `git cat-file --batch`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    listing = subprocess.run(["git", "rev-list", "--all", "--objects"], cwd=repo, capture_output=True, text=True,
                             check=True, env=env).stdout
    ids = [line.split(" ")[0] for line in listing.splitlines() if line.strip()]
    assert ids, "the repository has history to search"
    batch = subprocess.run(["git", "cat-file", "--batch"], cwd=repo, input=("\n".join(ids) + "\n").encode(),
                           capture_output=True, check=True, env=env).stdout
    assert batch.count(b" blob ") + batch.count(b" tree ") + batch.count(b" commit ") >= len(ids)
    return sorted({variant for needle in needles
                   for variant in {needle, needle.replace("-", ""), needle.replace("-", " ")}
                   if variant.encode() in batch})
