"""Build criteria/nist-sp800-171r2.yaml from the reference CSV and the Korean texts.

Usage: python tools/make_nist.py REFERENCE.csv TEXTS.yaml > criteria/nist-sp800-171r2.yaml

REFERENCE.csv is shared/reference/nist-sp800-171r2-dod.csv (requirements and
DoD points); TEXTS.yaml holds the family names, the Korean requirement texts and
the evidence guidance in both languages (families: {"3.1": {en, ko}},
requirements: {"3.1.1": {en, ko, evidence_en, evidence_ko}}).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import yaml

# The last basic requirement of each family (NIST SP 800-171 Rev. 2, chapter 3);
# the rest are derived requirements.
LAST_BASIC = {
    "3.1": 2,
    "3.2": 2,
    "3.3": 2,
    "3.4": 2,
    "3.5": 2,
    "3.6": 2,
    "3.7": 2,
    "3.8": 3,
    "3.9": 2,
    "3.10": 2,
    "3.11": 1,
    "3.12": 4,
    "3.13": 2,
    "3.14": 3,
}

HEADER = Path(__file__).with_name("nist_header.yaml")


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def item_lines(row: dict[str, str], texts: dict[str, Any]) -> list[str]:
    rid = row["requirement"]
    t = texts[rid]
    lines = [
        f'          - id: "{rid}"',
        f"            requirement: {{ko: {q(t['ko'])}, en: {q(t['en'])}}}",
        f"            evidence: {{ko: {q(t['evidence_ko'])}, en: {q(t['evidence_en'])}}}",
        f"            points: {int(row['dod_points'])}",
    ]
    if row["dod_partial_points"]:
        lines.append("            scale: dod-partial")
        lines.append(f"            partial_points: {int(row['dod_partial_points'])}")
    return lines


def main(csv_path: str, texts_path: str) -> None:
    texts = yaml.safe_load(Path(texts_path).read_text(encoding="utf-8"))
    with Path(csv_path).open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = [HEADER.read_text(encoding="utf-8").rstrip("\n"), "areas:"]
    for family, names in texts["families"].items():
        out += [
            f'  - id: "{family}"',
            f"    title: {{ko: {q(names['ko'])}, en: {q(names['en'])}}}",
            "    criteria:",
        ]
        members = [r for r in rows if r["requirement"].rsplit(".", 1)[0] == family]
        for kind, ko, en in (
            ("basic", "기본 보안 요구사항", "Basic security requirements"),
            ("derived", "파생 보안 요구사항", "Derived security requirements"),
        ):
            last = LAST_BASIC[family]
            chosen = [
                r
                for r in members
                if (int(r["requirement"].rsplit(".", 1)[1]) <= last) == (kind == "basic")
            ]
            if not chosen:
                continue
            out += [
                f'      - id: "{family}-{kind}"',
                f"        title: {{ko: {q(names['ko'] + ': ' + ko)}, "
                f"en: {q(names['en'] + ': ' + en)}}}",
                "        items:",
            ]
            for row in chosen:
                out += item_lines(row, texts["requirements"])
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
