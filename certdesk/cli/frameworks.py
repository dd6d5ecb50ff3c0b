"""`certdesk frameworks list|show|validate|install`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from certdesk import labels
from certdesk.cli.output import emit_json
from certdesk.domain.framework import Framework
from certdesk.i18n import _, current_language
from certdesk.services.library import frameworks, xlsx


def register(commands: Any) -> None:
    group = commands.add_parser("frameworks", help=_("list, show, validate and install frameworks"))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    listing = sub.add_parser("list", help=_("the frameworks you can assess against"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=list_frameworks)
    show = sub.add_parser("show", help=_("one framework's identity and size"))
    show.add_argument("ref", metavar="ID_OR_PATH")
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(handler=show_framework)
    check = sub.add_parser("validate", help=_("check criteria files and report every problem"))
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    check.set_defaults(handler=validate)
    install = sub.add_parser("install", help=_("add a criteria file to your library"))
    install.add_argument("file", type=Path, metavar="FILE")
    install.set_defaults(handler=install_file)
    to_xlsx = sub.add_parser("export-xlsx", help=_("write a framework as an Excel workbook"))
    to_xlsx.add_argument("ref", metavar="ID_OR_PATH")
    to_xlsx.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlsx")
    to_xlsx.set_defaults(handler=export_xlsx)
    from_xlsx = sub.add_parser(
        "import-xlsx", help=_("turn a framework workbook into a criteria file")
    )
    from_xlsx.add_argument("workbook", type=Path, metavar="FILE.xlsx")
    from_xlsx.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.yaml")
    from_xlsx.set_defaults(handler=import_xlsx)


def describe(framework: Framework) -> dict[str, Any]:
    areas, criteria, items = framework.counts
    return {
        "id": framework.id,
        "version": framework.version,
        "content_hash": framework.content_hash,
        "title": framework.title.as_dict(),
        "areas": areas,
        "criteria": criteria,
        "items": items,
        "scoring_method": framework.scoring.method.value,
        "profiles": [p.id for p in framework.profiles],
        "legal_baseline": framework.legal_baseline,
        "upgrades_from": [u.from_version for u in framework.upgrades],
    }


def list_frameworks(args: argparse.Namespace) -> int:
    entries = frameworks.Library().entries()
    if args.json:
        emit_json(
            [{**describe(e.framework), "bundled": e.bundled, "path": str(e.path)} for e in entries]
        )
        return 0
    lang = current_language()
    for entry in entries:
        fw = entry.framework
        areas, criteria, items = fw.counts
        counts = _("{areas} areas, {criteria} criteria, {items} items").format(
            areas=areas, criteria=criteria, items=items
        )
        print(f"{fw.id:<24} {fw.version:<8} {fw.title.get(lang)}  ({counts})")
    return 0


def show_framework(args: argparse.Namespace) -> int:
    framework = frameworks.Library().find(args.ref)
    data = describe(framework)
    if args.json:
        emit_json(data)
        return 0
    lang = current_language()
    print(f"{framework.title.get(lang)}")
    print(f"  id: {framework.id}  version: {framework.version}")
    print(f"  {framework.content_hash}")
    print("  " + _("{areas} areas, {criteria} criteria, {items} items").format(**data))
    print("  " + _("scoring: {method}").format(method=labels.method(framework.scoring.method)))
    if framework.legal_baseline:
        print("  " + _("laws as in force on {day}").format(day=framework.legal_baseline))
    if framework.upgrades:
        versions = ", ".join(data["upgrades_from"])
        print("  " + _("answers move here from: {versions}").format(versions=versions))
    return 0


def validate(args: argparse.Namespace) -> int:
    loaded, problems = frameworks.validate(args.paths)
    for framework in loaded:
        print(
            _("ok: {id} {version} ({hash})").format(
                id=framework.id, version=framework.version, hash=framework.content_hash
            )
        )
    for problem in problems:
        print(str(problem), file=sys.stderr)
    return 1 if problems else 0


def install_file(args: argparse.Namespace) -> int:
    done = frameworks.Library().install(args.file)
    framework = done.framework
    if done.copied:
        print(_("installed {id} {version}").format(id=framework.id, version=framework.version))
    else:
        print(
            _("{id} {version} is already installed").format(
                id=framework.id, version=framework.version
            )
        )
    return 0


def export_xlsx(args: argparse.Namespace) -> int:
    written = xlsx.export_xlsx(args.ref, args.output)
    print(
        _("wrote {file} ({id} {version})").format(
            file=args.output, id=written.framework_id, version=written.version
        )
    )
    return 0


def import_xlsx(args: argparse.Namespace) -> int:
    written = xlsx.import_xlsx(args.workbook, args.output)
    print(_("wrote {file} ({hash})").format(file=args.output, hash=written.content_hash))
    return 0
