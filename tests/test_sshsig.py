"""In-process SSH signature verdicts against git's own, commit by commit.

A corpus of real commit objects in a real repository (good, forged, wrong key,
wrong namespace, truncated, re-signed after a change, GPG-signed, RSA-signed,
unsigned, two signature headers), each judged by `git log %G?/%GK/%GS` and
`git verify-commit` under the same allowed-signers file, and by `sshsig` and
`gitio.Repository.commits`: the verdicts must be identical.
"""

from __future__ import annotations

import base64
import signal
import subprocess
from pathlib import Path

import pytest

from musrenbang import gitio, sshsig
from musrenbang.identitas import Identitas

from .gitrepo import SAFE_ENV


def git(path: Path, *args: str, data: bytes | None = None, env: dict | None = None) -> bytes:
    """git, asked again when it dies of SIGPIPE: it does when ssh-keygen stops reading
    a malformed signature before git has written the payload (a race; gitio asks
    again too)."""
    for _ in range(5):
        done = subprocess.run(["git", *args], cwd=path, input=data, capture_output=True, env=env or SAFE_ENV)
        if done.returncode != -signal.SIGPIPE:
            break
    done.check_returncode()
    return done.stdout


def keygen(folder: Path, name: str, kind: str = "ed25519") -> tuple[Path, str]:
    private = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", kind, *(["-b", "2048"] if kind == "rsa" else []), "-N", "",
                    "-C", name, "-f", str(private)], check=True)
    return private, (folder / f"{name}.pub").read_text().strip()


def ssh_sign(payload: bytes, key: Path, folder: Path, namespace: str = "git") -> bytes:
    message = folder / "payload"
    message.write_bytes(payload)
    signature = folder / "payload.sig"
    signature.unlink(missing_ok=True)
    subprocess.run(["ssh-keygen", "-q", "-Y", "sign", "-n", namespace, "-f", str(key), str(message)], check=True,
                   capture_output=True)
    return signature.read_bytes()


def with_signature(payload: bytes, signature: bytes, header: bytes = b"gpgsig") -> bytes:
    """The commit object git would write: the signature header after the other headers."""
    head, _, message = payload.partition(b"\n\n")
    lines = signature.rstrip(b"\n").split(b"\n")
    folded = header + b" " + b"\n ".join(lines)
    return head + b"\n" + folded + b"\n\n" + message


def store(path: Path, raw: bytes) -> str:
    return git(path, "hash-object", "-t", "commit", "-w", "--stdin", data=raw).decode().strip()


def tamper_sig(armored: bytes) -> bytes:
    """Flip one bit of the ed25519 signature bytes inside the armor (a forgery)."""
    body = b"".join(armored.split(b"\n")[1:-2])
    blob = bytearray(base64.b64decode(body))
    blob[-10] ^= 0x01
    encoded = base64.b64encode(bytes(blob))
    lines = [encoded[i:i + 70] for i in range(0, len(encoded), 70)]
    return sshsig.BEGIN + b"\n".join(lines) + b"\n" + sshsig.END


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sshsig")
    keys = folder / "keys"
    keys.mkdir()
    camat, camat_pub = keygen(keys, "camat")
    kasi, kasi_pub = keygen(keys, "kasi")
    stranger, _ = keygen(keys, "stranger")
    rsa, rsa_pub = keygen(keys, "rsa", "rsa")
    gnupg = folder / "gnupg"
    gnupg.mkdir(mode=0o700)
    gpg_env = {**SAFE_ENV, "GNUPGHOME": str(gnupg)}
    subprocess.run(["gpg", "--batch", "--quiet", "--passphrase", "", "--quick-gen-key", "Pencatat <p@example.id>",
                    "ed25519", "sign", "never"], env=gpg_env, check=True, capture_output=True)

    repo = folder / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "a.txt").write_text("satu\n")
    git(repo, "add", "a.txt")
    ident = ["-c", "user.name=Camat", "-c", "user.email=camat@example.id"]
    git(repo, *ident, "commit", "-q", "-m", "awal")
    base = git(repo, "rev-parse", "HEAD").decode().strip()
    petugas = {"camat": {"id": "camat", "kunci": [camat_pub]}, "kasi": {"id": "kasi", "kunci": [kasi_pub]},
               "rsa": {"id": "rsa", "kunci": [rsa_pub]}}
    allowed = Identitas(petugas).allowed_signers(folder / "allowed_signers")

    def signed_commit(message: str, key: Path, fmt: str = "ssh", env: dict | None = None) -> str:
        sign = ["-c", f"gpg.format={fmt}", "-c", f"user.signingkey={key}"] if fmt == "ssh" else \
               ["-c", "gpg.format=openpgp", "-c", "user.signingkey=p@example.id"]
        git(repo, *ident, *sign, "commit", "-q", "--allow-empty", "-S", "-m", message, env=env)
        sha = git(repo, "rev-parse", "HEAD").decode().strip()
        git(repo, "reset", "-q", "--soft", base)
        return sha

    unsigned_payload = git(repo, "cat-file", "commit", base)
    cases = {
        "good": signed_commit("disposisi camat", camat),
        "good-other-principal": signed_commit("disposisi kasi", kasi),
        "wrong-key": signed_commit("kunci asing", stranger),
        "rsa": signed_commit("kunci rsa", rsa),
        "gpg": signed_commit("tanda tangan gpg", Path(), "openpgp", gpg_env),
        "unsigned": base,
    }
    good_raw = git(repo, "cat-file", "commit", cases["good"])
    payload, signature, _ = sshsig.split_signed(good_raw, 40)
    cases["forged"] = store(repo, with_signature(payload, tamper_sig(signature)))
    cases["re-signed"] = store(repo, with_signature(payload.replace(b"disposisi camat", b"disposisi palsu"),
                                                    signature))
    cases["author-changed"] = store(repo, with_signature(payload.replace(b"Camat <camat@", b"Kasi <camat@"),
                                                         signature))
    cases["wrong-namespace"] = store(repo, with_signature(payload, ssh_sign(payload, camat, folder, "file")))
    cases["wrong-namespace-stranger"] = store(repo, with_signature(payload, ssh_sign(payload, stranger, folder,
                                                                                     "file")))
    cases["sha256-hash"] = store(repo, with_signature(payload, ssh_sign(payload, camat, folder)))
    lines = signature.split(b"\n")
    cases["truncated"] = store(repo, with_signature(payload, b"\n".join(lines[:2] + lines[-2:])))
    cases["truncated-end"] = store(repo, with_signature(payload, b"\n".join(lines[:-2]) + b"\n"))
    cases["two-headers"] = store(repo, with_signature(with_signature(payload, signature), signature))
    cases["other-header"] = store(repo, with_signature(payload, signature, b"gpgsig-sha256"))
    cases["copied-to-other-commit"] = store(repo, with_signature(unsigned_payload, signature))
    return repo, allowed, cases, gnupg


def git_verdicts(repo: Path, allowed: Path, shas: list[str], gnupg: Path) -> dict[str, tuple[str, str, str]]:
    env = {**SAFE_ENV, "GNUPGHOME": str(gnupg), "LC_ALL": "C"}
    output = git(repo, "-c", f"gpg.ssh.allowedSignersFile={allowed}", "log", "--no-walk=unsorted", "--stdin", "-z",
                 "--format=%H%x00%G?%x00%GK%x00%GS", data=("\n".join(shas) + "\n").encode(), env=env)
    fields = output.decode().split("\0")
    return {fields[i]: tuple(fields[i + 1:i + 4]) for i in range(0, len(fields) - 3, 4)}


def test_every_verdict_agrees_with_git(corpus, monkeypatch):
    repo, allowed, cases, gnupg = corpus
    expected = git_verdicts(repo, allowed, list(cases.values()), gnupg)
    signers = sshsig.AllowedSigners.read(allowed)
    decided_here = set()
    for name, sha in cases.items():
        raw = git(repo, "cat-file", "commit", sha)
        found = sshsig.verdict(sha, raw, signers)
        status, key, signer = expected[sha]
        verify = subprocess.run(["git", "-c", f"gpg.ssh.allowedSignersFile={allowed}", "verify-commit", sha],
                                cwd=repo, capture_output=True, env={**SAFE_ENV, "GNUPGHOME": str(gnupg)},
                                restore_signals=False)
        assert (verify.returncode == 0) == (status == "G"), name
        if found is None:
            continue
        decided_here.add(name)
        assert found.status == status, name
        if status in "GU":
            assert (found.key, found.signer) == (key, signer), name
    # the in-process path decides every ed25519 case; the rest goes to git
    assert decided_here == {"good", "good-other-principal", "wrong-key", "forged", "re-signed", "author-changed",
                            "wrong-namespace", "wrong-namespace-stranger", "sha256-hash", "unsigned",
                            "copied-to-other-commit"}
    statuses = {name: expected[sha][0] for name, sha in cases.items()}
    assert statuses["good"] == statuses["good-other-principal"] == "G"
    assert statuses["wrong-key"] == "U"
    assert {statuses[n] for n in ("forged", "re-signed", "author-changed", "wrong-namespace", "truncated",
                                  "copied-to-other-commit")} == {"B"}

    monkeypatch.setitem(gitio._ENV, "GNUPGHOME", str(gnupg))
    repository = gitio.Repository(repo)
    commits = [c for sha in set(cases.values()) for c in repository.commits([f"{sha}^!"], allowed_signers=allowed)]
    assert {c.sha for c in commits} == set(cases.values())
    for commit in commits:
        status, key, signer = expected[commit.sha]
        assert (commit.sig_status, commit.sig_key, commit.sig_signer) == (status or "N", key, signer), commit.sha


def test_allowed_signers_in_another_form_leave_it_to_git(tmp_path):
    _, public = keygen(tmp_path, "camat")
    kind, key = public.split()[:2]
    assert sshsig.AllowedSigners.parse(f'camat namespaces="git" {public}\n').understood
    for other in (f'camat,kasi namespaces="git" {kind} {key}', f'camat cert-authority namespaces="git" {kind} {key}',
                  f'camat namespaces="git" {kind} {key[:30]}', f'* namespaces="git" {kind} {key}',
                  f'camat namespaces="git,file" {kind} {key}', f'camat namespaces="git" ssh-rsa {key}'):
        assert not sshsig.AllowedSigners.parse(f'camat namespaces="git" {public}\n{other}\n').understood, other


def test_a_signature_ssh_keygen_refuses_unread_is_not_verified_and_spares_the_rest(corpus):
    """A malformed signature on a payload larger than a pipe holds: ssh-keygen exits
    without reading it and git dies of SIGPIPE every time. That commit is "E", the
    others in the same batch keep git's verdicts, and nothing raises."""
    repo, allowed, cases, _ = corpus
    good_raw = git(repo, "cat-file", "commit", cases["good"])
    payload, signature, _ = sshsig.split_signed(good_raw, 40)
    big = payload.rstrip(b"\n") + b"\n\n" + b"isi panjang " * 20_000 + b"\n"
    lines = signature.split(b"\n")
    broken = store(repo, with_signature(big, b"\n".join(lines[:2] + lines[-2:])))
    assert subprocess.run(["git", "-c", f"gpg.ssh.allowedSignersFile={allowed}", "log", "--no-walk", "-z",
                           "--format=%G?", broken], cwd=repo, capture_output=True,
                          env=SAFE_ENV).returncode == -signal.SIGPIPE  # the race, won by SIGPIPE every time
    verdicts = gitio.Repository(repo)._signatures([cases["gpg"], broken, cases["rsa"]], allowed)
    assert verdicts[broken] == ("E", "", "")
    assert verdicts[cases["rsa"]][0] == "G"
    assert verdicts[cases["gpg"]][0] != "G"
