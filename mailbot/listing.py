"""Plain-text layouts of the reports and of a preview, as the ``mailbot`` command prints
them: each function returns the lines, the command prints them."""

from __future__ import annotations

from typing import Any

REGISTRATION_COLUMNS = ["status", "waitlist_position", "seats", "name", "email",
                        "organisation", "arrived_at", "undeliverable"]
# Evidence rules that vote for an event (the rest vote for an intent), for --explain
EVENT_RULES = {"word", "stem", "compound", "modified", "head", "fuzzy", "acronym", "phrase",
               "date", "weekday", "month", "time", "plus-address"}


def registrations(rows: list[dict[str, Any]]) -> list[str]:
    cols = REGISTRATION_COLUMNS
    table = [[_cell(r.get(c)) for c in cols] for r in rows]
    widths = [max([len(c)] + [len(t[i]) for t in table]) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(t, widths, strict=True)) for t in table]
    return [*lines, f"({len(rows)} registrations)"]


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    return "" if value is None else str(value)


def inbox(rows: list[dict[str, Any]]) -> list[str]:
    lines = []
    for r in rows:
        replies = ", ".join(f"{x['kind']}->{x['to']} ({x['state']})" for x in r["replies"])
        lines.append(f"{r['id']:>5}  {r['arrived_at']}  {r['state']:<4}  "
                     f"{r['outcome'] or '-':<8}  {(r['from'] or '?')[:40]:<40}  "
                     f"{r['reason'] or ''}" + (f"  [{replies}]" if replies else ""))
    return [*lines, f"({len(rows)} mails)"]


def preview(r: dict[str, Any]) -> list[str]:
    lines = [f"== {r['file']}"] if "file" in r else []
    auto = r["automatic"]
    lines.append(f"intent:     {r['intent']}"
                 + (f"  (automatic: {auto['reason']})" if auto else ""))
    lines.append(f"event:      {r['event']}" + (f"  sessions: {', '.join(r['sessions'])}"
                                                if r["sessions"] else ""))
    people = ", ".join(f"{p['name'] or '?'}" + (f" <{p['email']}>" if p["email"] else "")
                       for p in r["attendees"])
    lines.append(f"attendees:  {people or '-'}  (seats: {r['seats']})")
    lines.append(f"outcome:    {r['outcome']}: {r['reason']}")
    if r["reply"]:
        lines.append(f"reply to:   {r['reply']['to']}\nsubject:    {r['reply']['subject']}\n")
        lines.append(r["reply"]["text"])
    else:
        lines.append("reply:      (none)")
    return [*lines, ""]


def explain(r: dict[str, Any]) -> list[str]:
    """What decided: the sender's own words, then every piece of evidence by question."""
    text = " ".join((r.get("new_text") or "").split())
    lines = ["why:", f"  the sender's own words: {text[:300]!r}"
             + (" …" if len(text) > 300 else "")]
    groups: dict[str, list[dict[str, Any]]] = {}
    for e in r.get("evidence") or []:
        kind = ("event" if e["source"] == "decision" or e["rule"].split(":")[0] in EVENT_RULES
                else "spam" if e["rule"] == "spam-signal"
                else "people" if e["source"] == "people" else "intent")
        groups.setdefault(kind, []).append(e)
    for kind in ("intent", "event", "people", "spam"):
        if kind not in groups:
            continue
        lines.append(f"  {kind}:")
        if kind == "people":
            lines += [f"    {e['span']}: {e['target']}" for e in groups[kind]]
            continue
        for e in sorted(groups[kind], key=lambda e: (e["source"] == "decision", -e["weight"])):
            if e["source"] == "decision":
                lines.append(f"    => {e['target']} (decided by: {e['span']})")
            else:
                lines.append(f"    {e['weight']:6.2f}  {e['target']:<28} {e['rule']:<28} "
                             f"[{e['source']}] {e['span']!r}")
    return [*lines, ""]
