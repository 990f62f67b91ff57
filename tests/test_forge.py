"""Forge identities from recorded payloads in the documented formats (see
tests/forge/README.md): no forge runs here. The reviews API is served over real
HTTP on 127.0.0.1 from the recorded responses."""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

import pytest

from musrenbang import forge
from musrenbang.errors import MusrenbangError

RECORDED = Path(__file__).parent / "forge"
HEAD = "3f1c0de2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4"


def payload(name: str, tmp_path: Path) -> Path:
    text = (RECORDED / name).read_text("utf-8").replace("HEAD_SHA", HEAD)
    target = tmp_path / name
    target.write_text(text, "utf-8")
    return target


def test_github_pull_request_gives_its_author(tmp_path):
    pull = forge.from_event(payload("github-pull_request.json", tmp_path))
    assert (pull.number, pull.author, pull.head_sha, pull.repository) == (12, "camat-lumajang", HEAD, "kec-lumajang/musrenbang")
    assert pull.approvers == set()


def test_github_review_names_the_reviewer_in_review_user(tmp_path):
    pull = forge.from_event(payload("github-pull_request_review.json", tmp_path))
    assert pull.author == "op-denok" and pull.approvers == {"camat-lumajang"}


def test_gitea_review_names_the_reviewer_only_in_sender(tmp_path):
    pull = forge.from_event(payload("gitea-pull_request_review.json", tmp_path))
    assert pull.author == "op-denok" and pull.approvers == {"camat-lumajang"}


def test_a_push_event_has_no_pull_request(tmp_path):
    event = tmp_path / "push.json"
    event.write_text(json.dumps({"ref": "refs/heads/main", "after": HEAD, "pusher": {"name": "x"}}))
    assert forge.from_event(event).logins() == set()


def test_unreadable_event_is_an_error(tmp_path):
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(MusrenbangError, match="peristiwa CI"):
        forge.from_event(tmp_path / "bad.json")


@pytest.mark.parametrize("recording", ["github-reviews.json", "gitea-reviews.json"])
def test_only_current_approvals_count(recording):
    reviews = json.loads((RECORDED / recording).read_text().replace("HEAD_SHA", HEAD))
    assert forge.approvals_from_reviews(reviews, HEAD) == {"camat-lumajang"}


def test_a_later_change_request_withdraws_an_approval():
    reviews = [{"user": {"login": "camat-lumajang"}, "state": "APPROVED", "commit_id": HEAD},
               {"user": {"login": "camat-lumajang"}, "state": "CHANGES_REQUESTED", "commit_id": HEAD}]
    assert forge.approvals_from_reviews(reviews, HEAD) == set()


@pytest.fixture
def reviews_server():
    """A local HTTP server answering the reviews API path with a recorded response."""
    served = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            served["path"], served["auth"] = self.path, self.headers.get("Authorization")
            body = (RECORDED / "gitea-reviews.json").read_text().replace("HEAD_SHA", HEAD).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/api/v1", served
    server.shutdown()


def test_load_asks_the_reviews_api_when_there_is_a_token(tmp_path, reviews_server):
    api, served = reviews_server
    event = payload("gitea-pull_request_review.json", tmp_path)
    pull = forge.load(event, {"GITHUB_API_URL": api, "GITHUB_TOKEN": "rahasia"})
    assert served["path"] == "/api/v1/repos/kec-lumajang/musrenbang/pulls/14/reviews?per_page=100"
    assert served["auth"] == "token rahasia"
    assert pull.approvers == {"camat-lumajang"}


def test_unreachable_api_is_an_error():
    pull = forge.PullRequest(number=1, repository="a/b")
    with pytest.raises(MusrenbangError, match="tidak dapat diambil"):
        forge.fetch_reviews(pull, "http://127.0.0.1:9/api", "t")
