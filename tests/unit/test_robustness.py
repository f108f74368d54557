"""understand(parse(raw)) never raises on real-world mail, and marks bounces and
auto-replies as automatic.

Runs over ../shared/corpora (bounces, torture MIME, mbox; see its README) and CPython's
own ``test_email`` samples. A missing folder is skipped locally but fails under CI=true.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mailbot.config import load_config
from mailbot.understand.mime import parse
from mailbot.understand.pipeline import understand
from mailbot.understand.request import Context

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("MAILBOT_CORPORA",
                             Path(__file__).resolve().parents[3] / "shared" / "corpora"))
SKIP_DIRS = {"_licenses"}
SKIP_FILES = {"README.md", "MANIFEST.sha256"}
# Samples of mail-deliverystatus-bounceparser that its own tests say are not bounces:
# plain spam and a virus mail sent by a person's account (nothing marks them automatic).
BOUNCEPARSER_NOT_BOUNCES = {
    "non-autoreply.msg", "spam-with-image.msg", "spam-lots-of-bogus-addresses.msg",
    "spam-bogus-email-in-report.msg", "spam-with-badly-parsed-email.msg",
    "virus-caused-multiple-weird-reports.msg",
}


def _cpython_email_data() -> Path | None:
    try:
        import test.test_email as t  # noqa: PLC0415 - optional part of the stdlib
    except ImportError:
        return None
    return Path(t.__file__).parent / "data"


def _require(folder: Path | None) -> Path:
    if folder is None or not folder.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"sample folder missing under CI: {folder}")
        pytest.skip(f"sample folder not present: {folder}")
    return folder


def _files(folder: Path) -> list[Path]:
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        out += [Path(dirpath) / f for f in sorted(filenames) if f not in SKIP_FILES]
    return out


def _expect_automatic(path: Path) -> bool:
    name = path.name.lower()
    if "sisimai" in path.parts[-4:-1] or any("sisimai" in p for p in path.parts):
        if name.startswith("rfc3834"):
            return True
    if "vacation" in name or "autoreply" in name:
        return name != "non-autoreply.msg"
    if any("bounceparser" in p for p in path.parts):
        return path.name not in BOUNCEPARSER_NOT_BOUNCES
    return False


@pytest.fixture(scope="module")
def settings():
    return load_config(ROOT / "config" / "mailbot.yaml")


@pytest.fixture(scope="module")
def ctx():
    return Context(arrived_at=datetime(2027, 1, 10, 9, 0, tzinfo=UTC),
                   is_own_message_id=lambda m: m.startswith("<mailbot."))


def _run(files: list[Path], settings, ctx) -> list[str]:
    missed = []
    for path in files:
        raw = path.read_bytes()
        try:
            request = understand(parse(raw), settings, ctx)
        except Exception as exc:  # noqa: BLE001 - the point of the test
            pytest.fail(f"{path}: {type(exc).__name__}: {exc}")
        if _expect_automatic(path) and request.automatic is None:
            missed.append(str(path))
    return missed


def test_shared_corpora(settings, ctx):
    folder = _require(SHARED if SHARED.is_dir() else None)
    files = _files(folder)
    assert len(files) > 1000
    missed = _run(files, settings, ctx)
    assert not missed, "bounces/auto-replies not marked automatic:\n" + "\n".join(missed)


def test_cpython_email_samples(settings, ctx):
    data = _cpython_email_data()
    folder = _require(data if data is not None and data.is_dir() else None)
    files = [p for p in sorted(folder.glob("msg_*.txt"))]
    assert files
    _run(files, settings, ctx)


def test_large_body_is_linear(settings, ctx):
    """200 KB of repeated words (and of quote-like lines) must not backtrack."""
    bodies = [
        ("Hiermit melde ich mich an und komme gerne " * 5000)[:200_000],
        ("Am 1.2.2027 um 10:00 schrieb Max Muster\n" * 5000)[:200_000],
        ("Von: a\n" * 30000)[:200_000],
        ("> " + "x" * 98 + "\n") * 2000,
        ("Frau Dr. Anna Maria Schmidt von der Stadt " * 5000)[:200_000],
        ("1.2.3.4.5.6.7.8.9.10.11.12 " * 8000)[:200_000],
        ("a" * 200_000),
    ]
    for body in bodies:
        raw = ("From: X <x@stadt.de>\nTo: smartcity@example.org\nSubject: Anmeldung\n"
               "Content-Type: text/plain; charset=utf-8\n\n" + body).encode()
        start = time.perf_counter()
        understand(parse(raw), settings, ctx)
        elapsed = time.perf_counter() - start
        # not a benchmark: only catch super-linear behaviour (seconds, not milliseconds)
        assert elapsed < 10, f"{elapsed:.1f}s for {body[:40]!r}"
