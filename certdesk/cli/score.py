"""`certdesk score FRAMEWORK ANSWERS.csv`: scoring with no database."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from certdesk.cli.output import emit_json, profile_help
from certdesk.i18n import _, current_language
from certdesk.services.library.frameworks import Library
from certdesk.services.library.scores import score_file, summary


def register(commands: Any) -> None:
    cmd = commands.add_parser("score", help=_("score a CSV of answers against a framework"))
    cmd.add_argument("framework", metavar="FRAMEWORK", help=_("framework id or file"))
    cmd.add_argument("answers", type=Path, metavar="ANSWERS.csv")
    cmd.add_argument(
        "--profile",
        help=profile_help(),
    )
    cmd.add_argument("--json", action="store_true", help=_("print JSON"))
    cmd.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    framework = Library().find(args.framework)
    result = score_file(framework, args.answers, args.profile)
    data = summary(framework, result, args.profile)
    if args.json:
        emit_json(data)
        return 0
    lang = current_language()
    outcome = framework.outcome(result.outcome)
    print(f"{framework.title.get(lang)} ({framework.id} {framework.version})")
    print(_("Total: {total}").format(total=data.total))
    title = outcome.title.get(lang) if outcome else result.outcome
    print(
        _("Outcome: {outcome} (decided by: {rule})").format(outcome=title, rule=result.decided_by)
    )
    if result.provisional:
        print(
            _("Provisional: {count} of {total} items are unanswered").format(
                count=result.unanswered, total=result.applicable
            )
        )
    for area in framework.areas:
        value = data.areas[area.id]
        print(f"  {area.id:<8} {area.title.get(lang):<40} {'-' if value is None else value}")
    return 0
