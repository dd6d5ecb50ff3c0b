"""`certdesk assess ...`: assessments, answers, findings, evidence and status."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from certdesk import labels
from certdesk.cli.context import opened
from certdesk.cli.output import emit_json, profile_help
from certdesk.domain.assessment import Mode, Status
from certdesk.domain.decision import Severity
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.assessment import (
    answers,
    create,
    evidence,
    findings,
    listing,
    questionnaire,
    status,
)
from certdesk.services.assessment.workspace import Workspace
from certdesk.services.library.scores import display_number


def register(commands: Any) -> None:
    group = commands.add_parser("assess", help=_("assessments and their answers"))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    new = sub.add_parser("new", help=_("start an assessment; prints its id"))
    new.add_argument("--supplier", required=True, metavar="NAME_OR_ID")
    new.add_argument("--framework", required=True, metavar="ID")
    new.add_argument("--mode", required=True, choices=[m.value for m in Mode])
    new.add_argument("--site")
    new.add_argument("--cycle", help=_("for example 2026-H2"))
    new.add_argument(
        "--profile",
        help=profile_help(),
    )
    new.add_argument("--assessor")
    new.add_argument(
        "--follows",
        metavar="SELF_ASSESSMENT_ID",
        help=_("the supplier's self-assessment whose answers become its claims"),
    )
    new.add_argument(
        "--scope",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help=_("a scope field; repeat it for a list"),
    )
    new.set_defaults(handler=new_assessment)
    listing = sub.add_parser("list", help=_("list assessments"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=list_assessments)
    show = sub.add_parser("show", help=_("an assessment with its live score"))
    show.add_argument("id", metavar="ID")
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(handler=show_assessment)
    answer = sub.add_parser("answer", help=_("answer one item"))
    answer.add_argument("id", metavar="ID")
    answer.add_argument("item", metavar="ITEM")
    answer.add_argument("value", metavar="VALUE")
    answer.add_argument("--note", help=_("a note; for 'na', the justification"))
    answer.set_defaults(handler=answer_item)
    imported = sub.add_parser("import-answers", help=_("answers from a CSV (item_id,answer,note)"))
    imported.add_argument("id", metavar="ID")
    imported.add_argument("file", type=Path, metavar="FILE.csv")
    imported.set_defaults(handler=import_answers)
    from_xlsx = sub.add_parser("import-xlsx", help=_("answers from a filled questionnaire"))
    from_xlsx.add_argument("id", metavar="ID")
    from_xlsx.add_argument("file", type=Path, metavar="FILE.xlsx")
    from_xlsx.set_defaults(handler=import_xlsx)
    change = sub.add_parser("status", help=_("set the status"))
    change.add_argument("id", metavar="ID")
    change.add_argument("status", choices=[s.value for s in Status])
    change.set_defaults(handler=set_status)
    archive = sub.add_parser("archive", help=_("take an assessment off the everyday list"))
    archive.add_argument("id", metavar="ID")
    archive.add_argument("--restore", action="store_true", help=_("bring it back instead"))
    archive.set_defaults(handler=archive_assessment)
    _register_finding(sub)
    _register_evidence(sub)


def _register_finding(sub: Any) -> None:
    finding = sub.add_parser("finding", help=_("findings and corrective actions"))
    actions = finding.add_subparsers(dest="finding_action", metavar=_("ACTION"), required=True)
    add = actions.add_parser("add", help=_("record a finding"))
    add.add_argument("id", metavar="ID")
    add.add_argument("--severity", required=True, choices=[s.value for s in Severity])
    add.add_argument("--description", required=True)
    add.add_argument("--item")
    add.add_argument("--action", dest="corrective_action", help=_("the corrective action"))
    add.add_argument("--owner")
    add.add_argument("--due", metavar="YYYY-MM-DD")
    add.set_defaults(handler=add_finding)


def _register_evidence(sub: Any) -> None:
    group = sub.add_parser("evidence", help=_("evidence files and sighted documents"))
    actions = group.add_subparsers(dest="evidence_action", metavar=_("ACTION"), required=True)
    add = actions.add_parser("add", help=_("copy a file into the encrypted store"))
    add.add_argument("id", metavar="ID")
    add.add_argument("item", metavar="ITEM")
    add.add_argument("file", type=Path, metavar="FILE")
    add.set_defaults(handler=add_evidence)
    sighted = actions.add_parser("sighted", help=_("record a document that was only seen"))
    sighted.add_argument("id", metavar="ID")
    sighted.add_argument("item", metavar="ITEM")
    sighted.add_argument("--title", required=True)
    sighted.add_argument("--version")
    sighted.add_argument("--where", dest="seen_where")
    sighted.add_argument("--shown-by")
    sighted.set_defaults(handler=add_sighted)


def _scope(pairs: list[str]) -> dict[str, Any]:
    scope: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UserError(_("--scope takes FIELD=VALUE, not '{pair}'").format(pair=pair))
        held = scope.get(key.strip())
        scope[key.strip()] = value if held is None else [*_as_list(held), value]
    return scope


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def new_assessment(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        print(
            create.new_assessment(
                ctx,
                args.supplier,
                args.framework,
                args.mode,
                site=args.site,
                cycle=args.cycle,
                profile=args.profile,
                assessor=args.assessor,
                scope=_scope(args.scope),
                follows=args.follows,
            ).id
        )
    return 0


def list_assessments(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        rows = listing.list_assessments(ctx)
    if args.json:
        emit_json(rows)
        return 0
    for row in rows:
        print(
            f"{row.id[:8]}  {row.supplier}  {row.framework}  {labels.mode(row.mode)}  "
            f"{row.cycle or '-'}  {labels.status(row.status)}  {row.answered}"
        )
    return 0


def show_assessment(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        data = listing.show(ctx, args.id)
    if args.json:
        emit_json(data)
        return 0
    score = data.score
    print(f"{data.supplier.name} ({data.supplier.business_id})  {data.id}")
    print(
        f"  {data.framework} {data.version}  {labels.mode(data.mode)}  {labels.status(data.status)}"
    )
    print("  " + _("Total: {total}").format(total=score.total))
    print(
        "  "
        + _("Outcome: {outcome} (decided by: {rule})").format(
            outcome=score.outcome, rule=score.decided_by
        )
    )
    if score.provisional:
        print(
            "  "
            + _("Provisional: {count} of {total} items are unanswered").format(
                count=score.unanswered, total=score.applicable
            )
        )
    return 0


def answer_item(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        done = answers.answer(ctx, args.id, args.item, args.value, args.note)
    print(
        _("answered {item}; total now {total}").format(
            item=args.item, total=display_number(done.result.total)
        )
    )
    return 0


def import_answers(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        done = answers.import_answers(ctx, args.id, args.file)
    print(_("imported {n} answers").format(n=done.count))
    return 0


def set_status(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        status.set_status(ctx, args.id, args.status)
    return 0


def archive_assessment(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        status.archive(ctx, args.id, archived=not args.restore)
    return 0


def add_finding(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        print(
            findings.add_finding(
                ctx,
                args.id,
                args.severity,
                args.description,
                item_id=args.item,
                corrective_action=args.corrective_action,
                owner=args.owner,
                due=args.due,
            ).id
        )
    return 0


def add_evidence(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        print(evidence.add_file(ctx, args.id, args.item, args.file).id)
    return 0


def add_sighted(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        print(
            evidence.add_sighted(
                ctx,
                args.id,
                args.item,
                title=args.title,
                version=args.version,
                seen_where=args.seen_where,
                shown_by=args.shown_by,
            ).id
        )
    return 0


def import_xlsx(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        done = questionnaire.import_questionnaire(Workspace(ctx, args.id), args.file)
    print(_("imported {n} answers").format(n=done.count))
    return 0
