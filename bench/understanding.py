"""Score mailbot's understanding on a folder of labelled mails, the way a user sees it.

    .venv/bin/python bench/understanding.py DIR [--labels DIR/labels.yaml] [--config FILE]
                                             [--misses] [--json]

Every mail goes through ``mailbot preview --json`` (the real decision, in a rolled-back
transaction, judged at its arrival time: the label's ``at``, else its Date header), and
the output is compared with the label (schema: tests/data/README.md). Fields:

- intent: the label's intent; ``automatic``, ``spam``, ``thanks`` and ``out_of_scope``
  count as right when mailbot does not answer the sender (and, for automatic, marks the
  mail automatic). A label ``unclear`` without an event also accepts a cancel or status
  question without an event (both are asked back).
- event, sessions, attendees, seats, language: compared where the label gives them and
  the mail is one mailbot should act on.
- unanswered: mails that must get no reply (automatic, spam, out_of_scope, thanks).
- privacy: a request to see or erase one's data (label ``privacy``, DSGVO Art. 15/17)
  counts as right when the mail is held for a person and nothing is booked or cancelled
  and the sender gets no reply (also scored under intent).
- not asked back: clear registrations (label register with an event) that got the "which
  event do you mean?" reply instead of a booking. The issue's gate is <= 2 %.

The module is also imported by tests/unit/test_corpus.py, so the gates there and the
figures printed here are computed the same way.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("intent", "event", "sessions", "attendees", "seats", "language", "unanswered",
          "not asked back", "privacy")
QUIET = {"automatic", "spam", "thanks", "out_of_scope"}


def load_labels(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if isinstance(data, dict):
        data = [dict(v or {}, file=k) for k, v in data.items()]
    return [dict(item) for item in data]


def _norm(name: Any) -> str:
    return re.sub(r"\s+", " ", str(name or "")).strip().casefold()


def people_match(got: list[dict[str, Any]], want: list[Any]) -> bool:
    if len(want) != len(got):
        return False
    if sorted(_norm(p.get("name")) for p in got) != sorted(
            _norm(w.get("name") if isinstance(w, dict) else w) for w in want):
        return False
    by_name = {_norm(p.get("name")): p for p in got}
    for w in want:
        if isinstance(w, dict) and w.get("email"):
            person = by_name.get(_norm(w.get("name")))
            if person is None or (person.get("email") or "").lower() != str(w["email"]).lower():
                return False
    return True


@dataclass
class Score:
    tally: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})
    misses: list[str] = field(default_factory=list)

    def check(self, name: str, fieldname: str, ok: bool, got: Any, want: Any) -> None:
        self.tally[fieldname][1] += 1
        if ok:
            self.tally[fieldname][0] += 1
        else:
            self.misses.append(f"{name}: {fieldname}: got {got!r}, want {want!r}")

    def share(self, fieldname: str) -> float:
        ok, total = self.tally[fieldname]
        return ok / total if total else 1.0

    def table(self) -> str:
        lines = [f"{'field':<11} {'right':>6} {'of':>5} {'share':>8}"]
        for name, (ok, total) in self.tally.items():
            share = f"{100 * ok / total:7.1f}%" if total else "      -"
            lines.append(f"{name:<11} {ok:>6} {total:>5} {share}")
        return "\n".join(lines)


def _all_sessions(settings: Any, event_id: str | None) -> tuple[str, ...]:
    event = settings.event(event_id) if event_id else None
    return tuple(s.id for s in event.sessions) if event else ()


def score_one(score: Score, name: str, label: dict[str, Any], got: dict[str, Any],
              settings: Any) -> None:
    want = str(label.get("intent", "")).lower()
    answered = got.get("reply") is not None
    auto = got.get("automatic") is not None
    if want == "privacy":  # held for a person: no booking change, no reply
        ok = got.get("outcome") == "held" and not answered
        detail = f"{got.get('intent')} ({got.get('outcome')}: {got.get('reason')})"
        score.check(name, "privacy", ok, detail, "held, nothing booked, no reply")
        score.check(name, "intent", ok, detail, want)
        return
    if want in QUIET:
        ok = not answered and (want != "automatic" or auto)
        score.check(name, "unanswered", ok, got.get("outcome"), f"{want}, no reply")
        score.check(name, "intent", ok, f"{got.get('intent')} ({got.get('outcome')}: "
                    f"{got.get('reason')})", want)
        return
    asks_back = (want == "unclear" and label.get("event") is None and not auto
                 and got.get("event") is None and got.get("intent") in ("cancel", "status"))
    got_intent = got.get("intent") if not auto else f"automatic ({got['automatic']['reason']})"
    score.check(name, "intent", (got_intent == want or asks_back) and answered == bool(
        label.get("reply", True)), got_intent if answered else f"{got_intent}, no reply", want)
    if want == "register" and label.get("event"):
        score.check(name, "not asked back", got.get("intent") != "unclear", got.get("intent"),
                    "a booking")
    if asks_back:
        return
    if "event" in label:
        score.check(name, "event", got.get("event") == label["event"], got.get("event"),
                    label["event"])
    if label.get("sessions") is not None and label.get("event"):
        everything = _all_sessions(settings, got.get("event"))
        got_s = tuple(got.get("sessions") or ())
        got_s = () if everything and got_s == everything else got_s
        want_s = tuple(label["sessions"])
        want_s = () if everything and want_s == everything else want_s
        score.check(name, "sessions", got_s == want_s, got.get("sessions"), label["sessions"])
    if want in ("register", "cancel", "status"):
        if label.get("attendees") is not None:
            score.check(name, "attendees", people_match(got.get("attendees") or [],
                                                        label["attendees"]),
                        [(p.get("name"), p.get("email")) for p in got.get("attendees") or []],
                        label["attendees"])
        if label.get("seats") is not None:
            score.check(name, "seats", got.get("seats") == label["seats"], got.get("seats"),
                        label["seats"])
    lang = label.get("lang") or label.get("language")
    if lang and answered:
        score.check(name, "language", got.get("language") == lang, got.get("language"), lang)


def preview_all(folder: Path, config: Path, labels: list[dict[str, Any]]) -> dict[str, Any]:
    """What ``mailbot preview FILE --json`` prints for every labelled file: the same
    functions, one throwaway database for the whole folder (each mail is rolled back)."""
    from mailbot.cli import _arrival
    from mailbot.config import load_config
    from mailbot.preview import previewer

    settings = load_config(config, env={})
    out: dict[str, Any] = {}
    with previewer(settings, database="sqlite://") as preview:
        for label in labels:
            raw = (folder / str(label["file"])).read_bytes()
            at = _arrival(raw, str(label["at"]) if label.get("at") else None, settings)
            out[str(label["file"])] = preview(raw, at)
    return out


def evaluate(folder: Path, labels_path: Path | None = None,
             config: Path | None = None) -> Score:
    from mailbot.config import load_config

    config = config or (folder / "config.yaml" if (folder / "config.yaml").is_file()
                        else ROOT / "config" / "mailbot.yaml")
    settings = load_config(config, env={})
    labels = load_labels(labels_path or folder / "labels.yaml")
    results = preview_all(folder, config, labels)
    score = Score()
    for label in labels:
        score_one(score, str(label["file"]), label, results[str(label["file"])], settings)
    return score


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--labels", type=Path)
    ap.add_argument("--config", type=Path)
    ap.add_argument("--misses", action="store_true", help="list every miss")
    ap.add_argument("--json", action="store_true", help="the tally as JSON")
    args = ap.parse_args(argv)
    import logging
    logging.disable(logging.WARNING)
    score = evaluate(args.folder, args.labels, args.config)
    if args.json:
        print(json.dumps(score.tally))
    else:
        print(score.table())
    if args.misses:
        print("\n".join(score.misses))
    return 0


if __name__ == "__main__":
    sys.path.append(str(ROOT))  # an installed (or PYTHONPATH) mailbot comes first
    sys.exit(main())
