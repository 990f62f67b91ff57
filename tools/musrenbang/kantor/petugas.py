"""Who takes a step: the petugas named with --oleh, or the one git is set up as."""

from __future__ import annotations

from pathlib import Path

from ..errors import MusrenbangError
from ..identitas import Identitas
from ..referensi import Referensi
from ..similar import suggest
from .git import git, key_body, signing_key


class Petugas:
    def __init__(self, root: Path, ref: Referensi, oleh: str | None):
        self.root = root
        self.ref = ref
        self._oleh = oleh

    @property
    def oleh(self) -> str:
        """The petugas the step names: --oleh, or the one git is set up as."""
        if self._oleh:
            if self._oleh not in self.ref.petugas:
                raise MusrenbangError(f"Petugas '{self._oleh}' tidak ada di sop/petugas.yaml. "
                                      + suggest(self._oleh, self.ref.petugas, "petugas"))
            return self._oleh
        found = self.dari_git()
        if len(found) != 1:
            raise MusrenbangError("Tidak tahu petugas mana yang mengambil langkah ini: sebutkan dengan --oleh ID "
                                  "(id dari sop/petugas.yaml) atau atur 'git config user.email' ke e-mail petugas.")
        return next(iter(found))

    @property
    def pembuat(self) -> str:
        """Who makes the change: the petugas git is set up as (signing key, else e-mail),
        as `check` will see the commit; --oleh only when git names nobody."""
        found = self.dari_git()
        return next(iter(found)) if len(found) == 1 else self.oleh

    def dari_git(self) -> frozenset[str]:
        """The petugas whose signing key, else whose e-mail, git is set up with here."""
        key = signing_key(self.root)
        if key:
            found = frozenset(pid for pid, p in self.ref.petugas.items()
                              if any(key_body(k) == key for k in p.get("kunci") or []))
            if found:
                return found
        email = git(self.root, "config", "user.email", check=False).strip()
        return Identitas(self.ref.petugas).by_email(email) if email else frozenset()
