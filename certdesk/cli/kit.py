"""`certdesk kit issue|import`: assessment kits from headquarters."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from certdesk.cli.context import opened
from certdesk.cli.output import profile_help
from certdesk.domain.assessment import Mode
from certdesk.i18n import _
from certdesk.services.exchange import kit_in, kit_out


def register(commands: Any) -> None:
    group = commands.add_parser("kit", help=_("assessment kits from headquarters"))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    issue = sub.add_parser("issue", help=_("write a signed assessment kit (headquarters)"))
    issue.add_argument("--supplier", required=True, metavar="BUSINESS_NUMBER")
    issue.add_argument("--framework", required=True, metavar="ID")
    issue.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.ONSITE.value)
    issue.add_argument("--site")
    issue.add_argument(
        "--profile",
        help=profile_help(),
    )
    issue.add_argument("--due", metavar="YYYY-MM-DD", help=_("when the result is due"))
    issue.add_argument(
        "--to",
        metavar="FINGERPRINT",
        help=_("the trusted key the kit is for: encrypted to it, and only it may answer"),
    )
    issue.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    issue.set_defaults(handler=issue_kit)
    into = sub.add_parser("import", help=_("start the assessment a kit describes"))
    into.add_argument("file", type=Path, metavar="FILE")
    into.add_argument(
        "--accept-fingerprint",
        metavar="FINGERPRINT",
        help=_("headquarters' fingerprint, confirmed with them (first kit only)"),
    )
    into.set_defaults(handler=import_kit)


def issue_kit(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        issued = kit_out.issue_kit(
            ctx,
            args.supplier,
            args.framework,
            args.output,
            mode=args.mode,
            site=args.site,
            profile=args.profile,
            due=args.due,
            to=args.to,
        )
    print(
        _("wrote {file}; fingerprint {fingerprint}").format(
            file=args.output, fingerprint=issued.fingerprint
        )
    )
    return 0


def import_kit(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        print(kit_in.import_kit(ctx, args.file, args.accept_fingerprint).id)
    return 0
