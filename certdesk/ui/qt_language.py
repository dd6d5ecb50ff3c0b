"""Qt's own words (Yes/No, Cancel, the file dialogs, the context menus) in the app's language.

CertDesk's texts come from its gettext catalogue; the texts Qt draws itself come
from Qt's catalogue, which PySide6 ships (qtbase_ko.qm). One translator is
installed at a time and replaced when the language changes.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator


class _Installed:
    translator: QTranslator | None = None


def use_qt_language(language: str) -> bool:
    """Install Qt's catalogue for `language` ("en" needs none); True when one is in force."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    if _Installed.translator is not None:
        QCoreApplication.removeTranslator(_Installed.translator)
        _Installed.translator = None
    QLocale.setDefault(
        QLocale(QLocale.Language.Korean if language == "ko" else QLocale.Language.English)
    )
    if language == "en":
        return False
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{language}", folder):
        return False
    QCoreApplication.installTranslator(translator)
    _Installed.translator = translator
    return True
