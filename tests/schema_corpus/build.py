"""Write the hand-made JSON corpus the Ajv agreement test reads (``python tests/schema_corpus/build.py``).

Each case is a document for one public class, built from a valid base
document with one change: the classes of cases where a JSON Schema validator
in another language and Python's ``re``/``str`` are known to read a rule
differently (trailing newlines before ``$``, Unicode digits for ``\\d``,
Unicode whitespace and control characters, zero and huge windows, calendar
edges, numbers at their bounds, cross-field rules). The test checks that Ajv
and :func:`custinteract.from_dict` give the same verdict on every case; the
corpus is committed, so a change of verdict shows in review.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

TIME = "2026-03-04T10:00:00+00:00"

BASES: dict[str, dict[str, Any]] = {
    "Interaction": {
        "id": "i-1",
        "customer_id": "c-1",
        "timestamp": TIME,
        "sentiment": "negative",
        "channel": "email",
        "kind": "complaint",
        "direction": "inbound",
        "staff_id": "s-1",
        "rating": {"scale": "csat", "value": 2},
        "category": "billing",
        "gesture": None,
        "resolved": None,
        "metadata": {"ticket": "T-1"},
    },
    "Customer": {
        "id": "c-1",
        "created": "2025-02-13T17:00:00+00:00",
        "name": "Customer 1",
        "source": "purchased_list",
        "list_name": "mortgage",
        "consent": True,
        "do_not_contact": False,
        "became_customer": None,
        "churned": None,
        "attributes": {"region": "south"},
    },
    "StaffMember": {
        "id": "s-1",
        "name": "Ada",
        "hired": "2023-08-07T17:00:00+00:00",
        "team": "support",
    },
    "Reason": {"code": "recovery.negative", "message": "A negative experience opened a debt."},
    "Rating": {"scale": "csat", "value": 4},
    "RecoveryGesture": {"kind": "refund", "value": 10.0, "answers": "i-1"},
    "RecoveryPolicy": {
        "positives_per_negative": 6,
        "loss_after_silence": "P90D",
        "negative_memory": None,
        "gesture_credit": {"apology": 0.0, "refund": 1.0},
    },
    "MoralePolicy": {"window": "P30D", "baseline": 60.0},
    "LeadPolicy": {"touch_window": "P30D", "cold_until_engaged": ["cold_outreach"]},
    "WordOfMouthPolicy": {"positive_audience": 5.0, "negative_multiplier": 2.0},
    "SatisfactionPolicy": {"confidence": 0.95, "minimum_count": 30},
    "ConversionPolicy": {"decision_window": "P180D", "attributes": ["region"]},
}

# Text that Python and ECMA-262 regular expressions, or ``str.strip`` and ``\S``, read differently.
TRICKY_TEXT = {
    "plain": "abc",
    "trailing newline": "abc\n",
    "only a newline": "\n",
    "only spaces": "   ",
    "empty": "",
    "byte order mark": "\ufeff",
    "unit separator U+001F": "\u001f",
    "file separator U+001C": "\u001c",
    "next line U+0085": "\u0085",
    "no-break space": "\u00a0",
    "ideographic space": "\u3000",
    "zero width space U+200B": "\u200b",
    "letter with a BOM": "a\ufeff",
    "Arabic-Indic digits": "\u0669\u0660",
    "accented": "caf\u00e9",
    "emoji": "\U0001f600",
}

WINDOWS = {
    "ninety days": "P90D",
    "trailing newline": "P90D\n",
    "Arabic-Indic digits": "P\u0669\u0660D",
    "zero days": "P0D",
    "zero seconds": "PT0S",
    "all zero": "P0Y0M0D",
    "fraction of a second": "PT0.5S",
    "weeks": "P2W",
    "mixed": "P1Y2M3DT4H5M6S",
    "negative": "-P1D",
    "lower case": "p90d",
    "no amount": "P",
    "T without time": "P1DT",
    "ten thousand years": "P10000Y",
    "a million days": "P1000000D",
    "twenty digits": "P99999999999999999999D",
    "a century": "P100Y",
    "a century and a year": "P101Y",
    "1200 months": "P1200M",
    "1201 months": "P1201M",
    "5217 weeks": "P5217W",
    "5218 weeks": "P5218W",
    "36525 days": "P36525D",
    "36526 days": "P36526D",
    "99999 days": "P99999D",
    "876600 hours": "PT876600H",
    "876601 hours": "PT876601H",
    "52596000 minutes": "PT52596000M",
    "52596001 minutes": "PT52596001M",
    "3155760000 seconds": "PT3155760000S",
    "3155760001 seconds": "PT3155760001S",
    "leading zeros within the width": "P00090D",
    "leading zeros beyond the width": "P000090D",
}

TIMESTAMPS = {
    "utc offset": "2026-03-04T10:00:00+00:00",
    "Z": "2026-03-04T10:00:00Z",
    "fraction": "2026-03-04T10:00:00.123456+01:00",
    "seven fraction digits": "2026-03-04T10:00:00.1234567+01:00",
    "naive": "2026-03-04T10:00:00",
    "trailing newline": "2026-03-04T10:00:00+00:00\n",
    "year 0000": "0000-01-01T00:00:00+00:00",
    "year 0001 east of UTC": "0001-01-01T00:00:00+01:00",
    "year 9999 west of UTC": "9999-12-31T23:00:00-12:00",
    "year 0002 east of UTC": "0002-01-01T00:00:00+14:00",
    "year 9998 west of UTC": "9998-12-31T23:00:00-12:00",
    "the first instant of year 9999": "9999-01-01T00:00:00+00:00",
    "the last instant of year 0001": "0001-12-31T23:59:59.999999+00:00",
    "February 30": "2026-02-30T10:00:00+00:00",
    "hour 24": "2026-03-04T24:00:00+00:00",
    "offset with seconds": "2026-03-04T10:00:00+01:00:30",
    "Arabic-Indic digits": "\u0662\u0660\u0662\u0666-03-04T10:00:00+00:00",
    "space for T": "2026-03-04 10:00:00+00:00",
}

CODES = {
    "code": "recovery.negative",
    "trailing newline": "recovery.negative\n",
    "upper case": "Recovery.negative",
    "digit first": "1recovery",
    "dot at end": "recovery.",
    "snake parts": "lead.advice.nurture_later",
}


def case(cls: str, change: dict[str, Any], note: str) -> dict[str, Any]:
    document = copy.deepcopy(BASES[cls])
    for key, value in change.items():
        if value is _DELETE:
            document.pop(key, None)
        else:
            document[key] = value
    return {"class": cls, "document": document, "note": note}


_DELETE = object()


def cases() -> list[dict[str, Any]]:
    """Every corpus case, in a stable order."""
    out = [case(name, {}, "the valid base document") for name in BASES]
    for note, text in TRICKY_TEXT.items():
        out.append(case("Interaction", {"id": text}, f"id: {note}"))
        out.append(case("Interaction", {"customer_id": text}, f"customer_id: {note}"))
        out.append(case("Interaction", {"category": text}, f"category: {note}"))
        out.append(case("Interaction", {"metadata": {text: "x"}}, f"metadata key: {note}"))
        out.append(case("Customer", {"name": text}, f"name: {note}"))
        out.append(case("Customer", {"attributes": {"region": text}}, f"attribute value: {note}"))
        out.append(case("StaffMember", {"team": text}, f"team: {note}"))
        out.append(case("Reason", {"message": text}, f"message: {note}"))
        out.append(case("RecoveryGesture", {"answers": text}, f"answers: {note}"))
        out.append(case("ConversionPolicy", {"attributes": [text]}, f"attribute key: {note}"))
    for note, text in WINDOWS.items():
        out.append(case("RecoveryPolicy", {"loss_after_silence": text}, f"window: {note}"))
        out.append(case("RecoveryPolicy", {"negative_memory": text}, f"memory: {note}"))
        out.append(case("MoralePolicy", {"window": text}, f"morale window: {note}"))
        out.append(case("LeadPolicy", {"touch_window": text}, f"touch window: {note}"))
    for note, text in TIMESTAMPS.items():
        out.append(case("Interaction", {"timestamp": text}, f"timestamp: {note}"))
        out.append(case("StaffMember", {"hired": text}, f"hired: {note}"))
    for note, text in CODES.items():
        out.append(case("Reason", {"code": text}, f"reason code: {note}"))
    numbers: list[tuple[str, dict[str, Any], str]] = [
        ("RecoveryPolicy", {"positives_per_negative": 0}, "no positives per negative"),
        ("RecoveryPolicy", {"positives_per_negative": -1}, "negative ratio"),
        ("RecoveryPolicy", {"positives_per_negative": 2.5}, "fractional ratio"),
        ("RecoveryPolicy", {"positives_per_negative": True}, "a bool for a count"),
        ("RecoveryPolicy", {"positives_per_negative": "6"}, "a string for a count"),
        ("RecoveryPolicy", {"gesture_credit": {"refund": -1.0}}, "a negative gesture credit"),
        ("RecoveryPolicy", {"gesture_credit": {"gift": 1.0}}, "an unknown gesture"),
        ("RecoveryPolicy", {"gesture_credit": []}, "credit as a list"),
        ("Rating", {"value": 6}, "csat above 5"),
        ("Rating", {"value": 0}, "csat below 1"),
        ("Rating", {"value": 4.5}, "a fractional csat"),
        ("Rating", {"scale": "nps", "value": 10}, "nps 10"),
        ("Rating", {"scale": "nps", "value": 11}, "nps 11"),
        ("Rating", {"scale": "ces", "value": 7}, "ces 7"),
        ("Rating", {"scale": "ces", "value": 0}, "ces 0"),
        ("Rating", {"scale": "stars"}, "an unknown scale"),
        ("RecoveryGesture", {"value": -5.0}, "a negative gesture value"),
        ("RecoveryGesture", {"value": None}, "no gesture value"),
        ("WordOfMouthPolicy", {"negative_multiplier": 0.5}, "a multiplier below one"),
        ("WordOfMouthPolicy", {"positive_audience": -1.0}, "a negative audience"),
        ("SatisfactionPolicy", {"confidence": 1.0}, "confidence of one"),
        ("SatisfactionPolicy", {"confidence": 0.0}, "confidence of zero"),
        ("SatisfactionPolicy", {"minimum_count": 0}, "no minimum count"),
        ("MoralePolicy", {"baseline": 101.0}, "a baseline above 100"),
        ("MoralePolicy", {"baseline": -0.5}, "a baseline below 0"),
        ("Interaction", {"sentiment": "angry"}, "an unknown sentiment"),
        ("Interaction", {"sentiment": "NEGATIVE"}, "an upper-case sentiment"),
        ("Interaction", {"rating": None}, "no rating"),
        ("Interaction", {"rating": {"scale": "nps", "value": 3}}, "an nps rating"),
        ("Interaction", {"extra": 1}, "an unknown field"),
        ("Interaction", {"id": _DELETE}, "no id"),
        ("Interaction", {"metadata": {"a": 1}}, "a number in metadata"),
        ("Interaction", {"schema_version": 1}, "the schema version"),
        ("Interaction", {"schema_version": 2}, "a later schema version"),
        ("Customer", {"churned": TIME, "became_customer": None}, "churned but never a customer"),
        (
            "LeadPolicy",
            {"max_touches": {"cold": 1, "warm": 2, "qualified": 3, "current": 3}},
            "a complete table: every temperature",
        ),
        (
            "LeadPolicy",
            {"max_touches": {"cold": 1, "warm": 2, "qualified": 3}},
            "a complete table missing a member",
        ),
        ("LeadPolicy", {"stop_after_unanswered": {}}, "a complete table with no members"),
        (
            "LeadPolicy",
            {"max_touches": {"cold": 1, "warm": 2, "qualified": 3, "current": 3, "hot": 4}},
            "a complete table with an unknown member",
        ),
        (
            "LeadPolicy",
            {"max_touches": {"cold": 0, "warm": 2, "qualified": 3, "current": 3}},
            "a complete table with a value out of range",
        ),
        ("RecoveryPolicy", {"positives_per_negative": 2**53 - 1}, "the largest safe integer"),
        ("RecoveryPolicy", {"positives_per_negative": 2**53}, "beyond the safe integers"),
        ("RecoveryPolicy", {"positives_per_negative": 10**30}, "a huge integer"),
        (
            "Interaction",
            {"rating": {"schema_version": 1, "scale": "csat", "value": 2}},
            "a whole document nested, with its version",
        ),
        (
            "Interaction",
            {"rating": {"schema_version": 2, "scale": "csat", "value": 2}},
            "a nested document of a later version",
        ),
    ]
    out += [case(cls, change, note) for cls, change, note in numbers]
    return out


def main() -> None:
    """Write ``corpus.json`` beside this file."""
    text = json.dumps(cases(), indent=1, ensure_ascii=True) + "\n"
    (HERE / "corpus.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
