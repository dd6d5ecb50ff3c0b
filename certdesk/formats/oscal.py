"""OSCAL 1.2.1 JSON: assessment results, and a plan of action and milestones.

Each answered item becomes an observation; each answered item a finding whose
target is the item (an `objective-id`), satisfied or not; CertDesk's own facts
(scores, outcome, the rule that decided) are props in CertDesk's namespace.
Open corrective actions become POA&M items.
"""

from __future__ import annotations

import uuid
from typing import Any

from certdesk import __version__, clock
from certdesk.domain.assessment import FindingStatus
from certdesk.domain.numbers import rounded
from certdesk.domain.report import GapReport

OSCAL_VERSION = "1.2.1"
NS = "https://certdesk.invalid/ns/oscal"
_ROOT = uuid.UUID("6f1c2b7e-55a3-4c1e-9a55-3c0a1c2d9e10")


def _id(*parts: str) -> str:
    """A stable UUID for the same assessment, item and role, so exports compare."""
    return str(uuid.uuid5(_ROOT, "/".join(parts)))


def target_id(framework_id: str, item_id: str) -> str:
    """An OSCAL token for an item: item ids such as 1.1.1 may not start a token."""
    return f"{framework_id}_{item_id}"


def _time(day: str) -> str:
    return f"{day}T00:00:00Z"


def _prop(name: str, value: object) -> dict[str, str]:
    return {"name": name, "ns": NS, "value": str(value)}


def _metadata(report: GapReport, title: str, lang: str) -> dict[str, Any]:
    now = clock.now().replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return {
        "title": f"{title}: {report.supplier} — {report.framework.title.get(lang)}",
        "last-modified": now,
        "version": report.updated,
        "oscal-version": OSCAL_VERSION,
        "props": [
            _prop("generator", f"CertDesk {__version__}"),
            _prop("business-registration-number", report.business_id),
        ],
    }


def assessment_results(report: GapReport, lang: str) -> dict[str, Any]:
    fw, result, aid = report.framework, report.result, report.assessment_id
    observations, findings = [], []
    for item_id, score in result.items.items():
        if score.code is None:
            continue
        item = fw.item(item_id)
        assert item is not None
        observation = _id(aid, item_id, "observation")
        observations.append(
            {
                "uuid": observation,
                "title": item_id,
                "description": item.requirement.get(lang),
                "methods": ["EXAMINE", "INTERVIEW"],
                "props": [_prop("answer", score.code)],
                "collected": _time(report.updated),
            }
        )
        findings.append(
            {
                "uuid": _id(aid, item_id, "finding"),
                "title": item_id,
                "description": item.requirement.get(lang),
                "target": {
                    "type": "objective-id",
                    "target-id": target_id(fw.id, item_id),
                    "status": {"state": "not-satisfied" if score.gap else "satisfied"},
                },
                "related-observations": [{"observation-uuid": observation}],
            }
        )
    outcome = fw.outcome(result.outcome)
    props = [
        _prop("framework", f"{fw.id} {fw.version}"),
        _prop("content-hash", fw.content_hash),
        _prop("total", rounded(result.total, 4)),
        _prop("outcome", result.outcome),
        _prop("decided-by", result.decided_by),
        _prop("provisional", str(result.provisional).lower()),
    ]
    props += [
        _prop(f"area-{a}", rounded(n.score, 4))
        for a, n in result.areas.items()
        if n.score is not None
    ]
    body: dict[str, Any] = {
        "uuid": _id(aid, "results"),
        "title": outcome.title.get(lang) if outcome else result.outcome,
        "description": fw.title.get(lang),
        "start": _time(report.created),
        "end": _time(report.updated),
        "props": props,
        "reviewed-controls": {"control-selections": [{"include-all": {}}]},
    }
    if observations:
        body["observations"] = observations
        body["findings"] = findings
    return {
        "assessment-results": {
            "uuid": _id(aid, "assessment-results"),
            "metadata": _metadata(report, "CertDesk assessment results", lang),
            "import-ap": {"href": f"urn:certdesk:assessment:{aid}"},
            "results": [body],
        }
    }


def plan_of_action(report: GapReport, lang: str) -> dict[str, Any]:
    aid = report.assessment_id
    items = []
    for n, f in enumerate(report.findings):
        if f.status != FindingStatus.OPEN:
            continue
        props = [_prop("severity", f.severity)]
        props += [_prop("due-date", f.due)] if f.due else []
        props += [_prop("item", f.item_id)] if f.item_id else []
        items.append(
            {
                "uuid": _id(aid, "poam", str(n)),
                "title": f"{f.item_id or ''} {f.description}".strip()[:200],
                "description": f.action or f.description,
                "props": props,
            }
        )
    return {
        "plan-of-action-and-milestones": {
            "uuid": _id(aid, "poam"),
            "metadata": _metadata(report, "CertDesk plan of action and milestones", lang),
            "poam-items": items,
        }
    }
