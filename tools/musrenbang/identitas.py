"""Who made a commit, strongest evidence first.

1. an SSH (or GPG) signature that git accepts against the allowed-signers file
   built from the `kunci` of `sop/petugas.yaml` (the principal is the petugas id);
2. the forge's identity: the pull request's author and approving reviewers,
   matched to petugas by `akun`;
3. the author e-mail, only when the SOP declares `verifikasi: longgar`; the
   finding then says "tidak terverifikasi".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .forge import PullRequest
from .gitio import Commit

TANDA_TANGAN, FORGE, EMAIL, TIDAK_ADA = "tanda tangan", "akun forge", "e-mail (tidak terverifikasi)", "tidak dikenal"


@dataclass(frozen=True)
class Pelaku:
    """The petugas a commit can be attributed to, and how we know."""

    petugas: frozenset[str]
    cara: str
    terverifikasi: bool
    penulis: str = ""  # the author as git records it, for messages
    penanda: frozenset[str] = frozenset()  # petugas whose key verifiably signed the commit

    def describe(self) -> str:
        names = ", ".join(sorted(self.petugas)) or self.penulis
        return f"{names} ({self.cara})"


def key_pairs(petugas: dict[str, dict]) -> frozenset[tuple[str, str]]:
    """(petugas id, public key) of every registered key."""
    return frozenset((person["id"], " ".join(str(key).split()[:2])) for person in petugas.values()
                     for key in person.get("kunci") or [])


@dataclass
class Identitas:
    petugas: dict[str, dict]
    pull: PullRequest = field(default_factory=PullRequest)
    lenient: bool = False

    def allowed_signers(self, path: Path, untrusted: frozenset[tuple[str, str]] = frozenset()) -> Path:
        """Write the allowed-signers file: one line per key, principal = petugas id
        (leaving out keys an unverified change introduced)."""
        lines = []
        for pid, key in sorted(key_pairs(self.petugas) - untrusted):
            lines.append(f'{pid} namespaces="git" {key}')
        path.write_text("\n".join(lines) + "\n", "utf-8")
        return path

    def by_login(self, logins: set[str]) -> frozenset[str]:
        lowered = {login.lower() for login in logins}
        return frozenset(p["id"] for p in self.petugas.values() if str(p.get("akun", "")).lower() in lowered)

    def by_email(self, email: str) -> frozenset[str]:
        return frozenset(p["id"] for p in self.petugas.values() if str(p.get("email", "")).lower() == email.lower())

    def pelaku(self, commit: Commit) -> Pelaku:
        """The commit's maker and, in a pull request, its approving reviewers, who
        vouch for every change in it."""
        author = f"{commit.author_name} <{commit.author_email}>"
        approvers = self.approvers()
        if commit.sig_status == "G" and commit.sig_signer in self.petugas:
            signer = frozenset({commit.sig_signer})
            return Pelaku(signer | approvers, TANDA_TANGAN, True, author, signer)
        forge = self.by_login(self.pull.logins())
        if forge:
            return Pelaku(forge, FORGE, True, author)
        if self.lenient:
            found = self.by_email(commit.author_email)
            if found:
                return Pelaku(found | approvers, EMAIL, False, author)
        return Pelaku(approvers, FORGE if approvers else TIDAK_ADA, bool(approvers), author)

    def approvers(self) -> frozenset[str]:
        """Petugas who approved the pull request on the forge."""
        return self.by_login(self.pull.approvers)

    def penjamin(self, pelaku: Pelaku) -> frozenset[str]:
        """Who vouches for a commit beyond doubt: its verified signer and the pull
        request's approving reviewers (never an e-mail, never the author's login alone)."""
        return pelaku.penanda | self.approvers()
