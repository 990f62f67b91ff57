"""What the forge says about a pull request: its author and approving reviewers.

Read from the CI event payload (`$GITHUB_EVENT_PATH`; GitHub and Gitea/Forgejo
Actions write one) and, when a token is available, from the pull request
reviews API (`GET {api}/repos/{owner}/{repo}/pulls/{number}/reviews`, the same
path and shape on GitHub and Gitea). Payloads differ: GitHub names a reviewer in
`review.user`, Gitea only in `sender`.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass, field, replace
from pathlib import Path

import jsonschema

from .errors import MusrenbangError


@dataclass
class PullRequest:
    number: int | None = None
    author: str | None = None
    head_sha: str | None = None
    repository: str | None = None  # owner/name
    approvers: set[str] = field(default_factory=set)

    def logins(self) -> set[str]:
        return ({self.author} if self.author else set()) | self.approvers

    def at_head(self, sha: str) -> PullRequest:
        """The pull request as it vouches for `sha`: an approval given to another
        head commit (the event's head is not the one checked) counts for nothing."""
        if self.head_sha is None or self.head_sha == sha:
            return self
        return replace(self, approvers=set())


_LOGIN = {"type": "object", "required": ["login"], "properties": {"login": {"type": "string", "minLength": 1}}}
_SHA = {"type": "string", "pattern": "^([0-9a-f]{40}|[0-9a-f]{64})$"}
# The part of a CI event payload (GitHub, Gitea/Forgejo Actions) that `check` reads.
EVENT_SCHEMA = {
    "type": "object",
    "properties": {
        "number": {"type": "integer"},
        "pull_request": {"type": "object", "required": ["user", "head"], "properties": {
            "number": {"type": "integer"}, "user": _LOGIN,
            "head": {"type": "object", "required": ["sha"], "properties": {"sha": _SHA}}}},
        "review": {"type": "object", "properties": {
            "state": {"type": ["string", "null"]}, "type": {"type": ["string", "null"]},
            "commit_id": {"anyOf": [_SHA, {"type": "null"}]}, "user": {"anyOf": [_LOGIN, {"type": "null"}]}}},
        "sender": _LOGIN,
        "repository": {"type": "object", "properties": {"full_name": {"type": "string"}}},
    },
}


def _approval_from_event(event: dict, head_sha: str | None) -> str | None:
    """The reviewer whose approval this event reports, if it approves the head commit."""
    review = event.get("review") or {}
    if review.get("commit_id") and review["commit_id"] != head_sha:
        return None  # an approval of an older commit does not vouch for the head
    state = str(review.get("state") or "").lower()
    kind = str(review.get("type") or "").lower()
    if state == "approved":  # GitHub: review.user is the reviewer
        return ((review.get("user") or {}).get("login")) or (event.get("sender") or {}).get("login")
    if kind.endswith("approved"):  # Gitea/Forgejo: review.type, reviewer only in sender
        return (event.get("sender") or {}).get("login")
    return None


def _read_event(path: Path) -> dict:
    try:
        event = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise MusrenbangError(f"Berkas peristiwa CI {path} tidak dapat dibaca: {error}.") from None
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(EVENT_SCHEMA).iter_errors(event))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(akar)"
        raise MusrenbangError(
            f"Berkas peristiwa CI {path} tidak sah di '{where}': {error.message}. Berkas ini dibuat forge "
            "(GITHUB_EVENT_PATH); pastikan alur kerja meneruskan berkas peristiwa pull request apa adanya.")
    return event


def from_event(path: Path) -> PullRequest:
    event = _read_event(path)
    pull = event.get("pull_request")
    if not isinstance(pull, dict):
        return PullRequest()  # a push: no forge identity beyond the commits themselves
    request = PullRequest(
        number=pull.get("number") or event.get("number"),
        author=(pull.get("user") or {}).get("login"),
        head_sha=(pull.get("head") or {}).get("sha"),
        repository=(event.get("repository") or {}).get("full_name"),
    )
    approver = _approval_from_event(event, request.head_sha)
    if approver:
        request.approvers.add(approver)
    return request


def approvals_from_reviews(reviews: list[dict], head_sha: str | None) -> set[str]:
    """Logins whose latest review approves the head commit (an approval of an
    older commit, or one later withdrawn, does not count)."""
    latest: dict[str, dict] = {}
    for review in reviews:
        login = (review.get("user") or {}).get("login")
        state = str(review.get("state", "")).upper()
        if login and state in ("APPROVED", "CHANGES_REQUESTED", "REQUEST_CHANGES", "DISMISSED"):
            latest[login] = review
    return {
        login for login, review in latest.items()
        if str(review.get("state", "")).upper() == "APPROVED"
        and not review.get("stale") and not review.get("dismissed")  # Gitea marks these
        and (head_sha is None or review.get("commit_id") in (None, "", head_sha))
    }


def fetch_reviews(request: PullRequest, api_url: str, token: str | None) -> list[dict]:
    url = f"{api_url.rstrip('/')}/repos/{request.repository}/pulls/{request.number}/reviews?per_page=100"
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"token {token}"
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=20) as response:
            data = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise MusrenbangError(f"Ulasan pull request tidak dapat diambil dari {url}: {error}.") from None
    if not isinstance(data, list):
        raise MusrenbangError(f"Jawaban API ulasan dari {url} bukan daftar.")
    return data


def load(event_path: Path | None, environ: dict[str, str] | None = None) -> PullRequest:
    """The pull request of a CI run, with approvers from the reviews API when the
    run has an API address and a token (`GITHUB_API_URL`, `GITHUB_TOKEN`)."""
    if event_path is None:
        return PullRequest()
    environ = os.environ if environ is None else environ
    request = from_event(event_path)
    api, token = environ.get("GITHUB_API_URL"), environ.get("GITHUB_TOKEN") or environ.get("GITEA_TOKEN")
    if request.number and request.repository and api and token:
        request.approvers |= approvals_from_reviews(fetch_reviews(request, api, token), request.head_sha)
    return request
