"""Screenshots of the main screens in Korean and English, for the README.

Run under a real X server: xvfb-run -s "-screen 0 1600x1000x24" .venv/bin/python
tools/screenshots.py docs/screenshots. It starts the real app on a fresh demo
database (first run, demo accepted), opens the screens and saves PNGs.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

OUT = Path(
    sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "docs/screenshots"
)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def settle(app: QApplication, ms: int = 300) -> None:
    """Let the window paint and the deferred work run (a local event loop: quitting the
    application's own loop would close the window)."""
    del app
    QTest.qWait(ms)


def shoot(widget: QWidget, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(OUT / name))
    print(OUT / name)


def dialogs(window: QWidget, app: QApplication, lang: str, assessment: str) -> None:
    """The dialogs of the assessor's journey, shown as the user sees them."""
    from certdesk.services.exchange import sending
    from certdesk.ui.field.kits import FingerprintDialog
    from certdesk.ui.field.send_dialog import SendDialog
    from certdesk.ui.keys_dialog import KeysDialog
    from certdesk.ui.settings import Settings

    ctx = window.ctx  # type: ignore[attr-defined]
    keys = KeysDialog(window, Settings(), "김심사")
    keys.make_keys()
    keys.show()
    settle(app)
    shoot(keys, f"keys-{lang}.png")
    keys.close()
    print_fp = "3f2a 91c0 5be7 0d44 a1c9 7e20 88b3 c5f1"
    kit = FingerprintDialog(window, Path("한빛정밀 2026-H2.cdkit"), print_fp, changed=False)
    kit.show()
    settle(app)
    shoot(kit, f"kit-fingerprint-{lang}.png")
    kit.close()
    summary = sending.summary(ctx, assessment)
    send = SendDialog(
        window, Settings(), summary, [], Path.home() / "한빛정밀 2026-H2 result.cdpkg"
    )
    send.show()
    settle(app)
    shoot(send, f"send-{lang}.png")
    send.close()
    questionnaire_preview(window, app, lang, assessment)
    responses(window, app, lang)


def questionnaire_preview(window: QWidget, app: QApplication, lang: str, assessment: str) -> None:
    """A filled questionnaire coming back: the preview before anything is written."""
    from openpyxl import load_workbook

    from certdesk.services.assessment import questionnaire
    from certdesk.services.assessment.workspace import Workspace
    from certdesk.ui.field.questionnaire_preview import QuestionnairePreview

    ws = Workspace(window.ctx, assessment)  # type: ignore[attr-defined]
    path = Path(tempfile.mkdtemp()) / "한빛정밀 2026-H2 questionnaire.xlsx"
    questionnaire.export_questionnaire(ws, path, lang)
    book = load_workbook(path)
    sheet = book[book["_certdesk"]["B1"].value]
    for row, answer in ((2, "partial"), (3, "met"), (60, "met"), (61, "partial"), (62, "met")):
        sheet.cell(row=row, column=6).value = answer
    book.save(path)
    dialog = QuestionnairePreview(window, questionnaire.preview(ws, path), path.name)
    dialog.show()
    settle(app)
    shoot(dialog, f"questionnaire-preview-{lang}.png")
    dialog.close()


def responses(window: QWidget, app: QApplication, lang: str) -> None:
    """The supplier's corrective actions, with two findings as a notice would bring them."""
    from certdesk.services.context import changing
    from certdesk.services.exchange import responding
    from certdesk.store.tables import ReceivedFinding
    from certdesk.ui.field.responses import ResponsesDialog
    from certdesk.ui.settings import Settings

    ctx = window.ctx  # type: ignore[attr-defined]
    texts = {
        "ko": ("퇴직자 3명의 계정이 퇴직 후 30일 넘게 남아 있음", "방문객 출입 기록에 서명 없음"),
        "en": ("Three leavers' accounts stayed open 30+ days", "Visitor log not signed"),
    }[lang]
    with changing(ctx) as unit:
        for n, (item, severity, text, due) in enumerate(
            (("3.3.5", "major", texts[0], "2027-01-31"), ("2.1.4", "minor", texts[1], "2027-03-31"))
        ):
            unit.session.add(
                ReceivedFinding(
                    id=f"5e0c{n}d1a-7b2f-4c3e-9a8d-{n}2f4b6c8d0e1",
                    assessment_id="a",
                    supplier_business_id="1248100998",
                    framework_id="industrial-security",
                    framework_version="1.0.0",
                    item_id=item,
                    severity=severity,
                    description=text,
                    due_date=due,
                )
            )
    first = responding.received(ctx)[0]
    action = "퇴직 당일 계정 삭제 절차 시행" if lang == "ko" else "Accounts removed on the last day"
    responding.save_response(ctx, first.id, action, "2026-12-01", [])
    dialog = ResponsesDialog(window, ctx, Settings())
    dialog.show()
    settle(app)
    shoot(dialog, f"responses-{lang}.png")
    dialog.close()


def keeping_dialogs(window: QWidget, app: QApplication, lang: str) -> None:
    """The register, a new assessment, a new database, the passphrase and the guide."""
    from certdesk.ui.field.new_assessment import NewAssessmentDialog
    from certdesk.ui.field.suppliers_dialog import SupplierEditor, SuppliersDialog
    from certdesk.ui.guide import GuideDialog
    from certdesk.ui.keeping import ChangePassphraseDialog
    from certdesk.ui.new_database import NewDatabaseDialog

    ctx = window.ctx  # type: ignore[attr-defined]
    register = SuppliersDialog(window, ctx)
    register.table.selectRow(0)
    register.show()
    settle(app)
    shoot(register, f"suppliers-{lang}.png")
    editor = SupplierEditor(register, ctx, register.rows[0])
    editor.show()
    settle(app)
    shoot(editor, f"supplier-edit-{lang}.png")
    editor.close()
    register.close()
    new = NewAssessmentDialog(ctx)
    new.supplier.setCurrentIndex(1)
    new.site.setText("구미 사업장" if lang == "ko" else "Gumi plant")
    new.processes.setText("설계, 사출, 조립" if lang == "ko" else "design, moulding, assembly")
    new.assessors.setText("김심사, 이평가" if lang == "ko" else "Kim, Lee")
    new.show()
    settle(app)
    shoot(new, f"new-assessment-{lang}.png")
    new.close()
    database = NewDatabaseDialog(window, Path.home())
    database.location.setText(str(Path.home() / "hq-security.db"))
    database.hq.setChecked(True)
    database.show()
    settle(app)
    shoot(database, f"new-database-{lang}.png")
    database.close()
    passphrase = window.keeping.passphrase()  # type: ignore[attr-defined]
    assert isinstance(passphrase, ChangePassphraseDialog)
    passphrase.current.setText("x" * 14)
    passphrase.first.setText("a long and new passphrase")
    settle(app)
    shoot(passphrase, f"change-passphrase-{lang}.png")
    passphrase.close()
    guide = GuideDialog(window)
    guide.show()
    settle(app)
    shoot(guide, f"guide-{lang}.png")
    guide.close()


def workbook_pages(window: QWidget, lang: str, assessment: str) -> None:
    """The gap workbook as LibreOffice prints it: its first pages as PNGs."""
    import shutil
    import subprocess

    from certdesk.services.assessment import reports

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("no LibreOffice: the workbook pages are left out")
        return
    folder = Path(tempfile.mkdtemp())
    book = folder / "gap.xlsx"
    reports.gap_workbook(window.ctx, assessment, book, lang)  # type: ignore[attr-defined]
    office = [soffice, "--headless", f"-env:UserInstallation=file://{folder}/lo"]
    convert = ["--convert-to", "pdf", "--outdir", str(folder), str(book)]
    subprocess.run([*office, *convert], check=True, capture_output=True)
    prefix = OUT / f"gap-workbook-{lang}"
    pages = ["-png", "-r", "80", "-f", "1", "-l", "3", str(folder / "gap.pdf"), str(prefix)]
    subprocess.run(["pdftoppm", *pages], check=True)
    for page in sorted(OUT.glob(f"gap-workbook-{lang}-*.png")):
        print(page)


def hq_screens(app: QApplication, lang: str, world: object) -> None:
    """Headquarters' screens over a portfolio of 50 suppliers and four cycles."""
    import keyring

    from certdesk.i18n import set_language
    from certdesk.ui.main_window import MainWindow
    from certdesk.ui.qt_language import use_qt_language
    from certdesk.ui.settings import Settings

    hq = world.hq  # type: ignore[attr-defined]
    keyring.set_keyring(hq.ring)
    os.environ["CERTDESK_HOME"] = str(hq.home)
    use_qt_language(set_language(lang))
    settings = Settings()
    settings.language = lang
    window = MainWindow(settings)
    window.resize(1500, 900)
    window.show()
    window.open_database(hq.home / "certdesk.db")
    settle(app)
    shoot(window, f"hq-start-{lang}.png")
    window.hq.show_portfolio()
    settle(app, 600)
    shoot(window, f"portfolio-{lang}.png")
    page = window.hq.portfolio
    assert page is not None
    supplier = page.open_supplier(page.proxy.index(0, 0))
    assert supplier is not None
    settle(app)
    shoot(supplier, f"supplier-page-{lang}.png")
    supplier.close()
    for name, show in (
        ("trust", window.hq.show_trust),
        ("kits", window.hq.show_kits),
        ("review", window.hq.show_review),
        ("certificates", window.hq.show_certificates),
        ("audit", window.audit),
    ):
        dialog = show()
        assert dialog is not None
        if name == "review":
            dialog.table.selectRow(0)  # type: ignore[attr-defined]
        settle(app)
        shoot(dialog, f"{name}-{lang}.png")
        dialog.close()
    packages = sorted(world.root.glob("p0000*.cdpkg"))[:3]  # type: ignore[attr-defined]
    broken = world.root / "damaged.cdpkg"  # type: ignore[attr-defined]
    broken.write_bytes(b"not a package")
    task = window.hq.import_packages([*packages, broken], show=True)
    assert task is not None
    while window.hq.last_import is None:
        settle(app, 100)
    settle(app)
    shoot(window.hq.last_import, f"import-{lang}.png")
    window.hq.last_import.close()
    window.close()
    settle(app, 100)


def main() -> None:
    os.environ.update(
        CERTDESK_DEMO="yes",
        CERTDESK_PASSPHRASE="screenshots passphrase",
        CERTDESK_KEY_PASSPHRASE="screenshots key passphrase",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    from certdesk.i18n import set_language
    from certdesk.ui.fonts import use_bundled_font
    from certdesk.ui.main_window import MainWindow
    from certdesk.ui.qt_language import use_qt_language
    from certdesk.ui.settings import Settings
    from certdesk.ui.style import STYLE

    app = QApplication(sys.argv[:1])
    use_bundled_font(app)
    app.setStyleSheet(STYLE)
    for lang in ("ko", "en"):
        os.environ["CERTDESK_HOME"] = tempfile.mkdtemp(prefix=f"certdesk-shots-{lang}-")
        use_qt_language(set_language(lang))
        settings = Settings()
        settings.language = lang
        window = MainWindow(settings)
        window.resize(1500, 900)
        window.show()
        window.open_startup_database()
        settle(app)
        shoot(window, f"start-{lang}.png")
        assert window.start is not None
        first = window.start.model.rows[0].id
        window.open_assessment(first)
        settle(app)
        page = window.page
        assert page is not None
        page.select("3.3.5")
        settle(app)
        shoot(window, f"workspace-{lang}.png")
        page.filter.setCurrentIndex(2)  # gaps
        page.select("1.2.3") if page.proxy.mapFromSource(
            page.model.index_of("1.2.3")
        ).isValid() else None
        settle(app)
        shoot(window, f"workspace-gaps-{lang}.png")
        pane = page.show_findings()
        pane.state_filter.setCurrentIndex(2)  # every finding, open and closed
        settle(app)
        shoot(pane, f"findings-{lang}.png")
        pane.close()
        dialogs(window, app, lang, first)
        keeping_dialogs(window, app, lang)
        from certdesk.services.assessment import status

        status.set_status(window.ctx, first, "final")  # type: ignore[arg-type]
        window.open_assessment(first)
        settle(app)
        shoot(window, f"workspace-final-{lang}.png")
        workbook_pages(window, lang, first)
        window.close()
        settle(app, 100)
    if "--no-hq" not in sys.argv:
        headquarters(app)


def headquarters(app: QApplication) -> None:
    """A portfolio of 50 suppliers over four cycles made through the real import path,
    then headquarters' screens over it in both languages."""
    import keyring

    from tests.support.memory_keyring import MemoryKeyring
    from tools.portfolio_world import build, desk

    keyring.set_keyring(MemoryKeyring())
    folder = Path(tempfile.mkdtemp(prefix="certdesk-portfolio-"))
    os.environ["CERTDESK_HOME"] = str(folder / "home")
    world = build(folder, 50)
    desk(world)
    assert world.hq.ctx is not None
    world.hq.ctx.close()
    world.hq.ctx = None
    for lang in ("ko", "en"):
        hq_screens(app, lang, world)


if __name__ == "__main__":
    main()
