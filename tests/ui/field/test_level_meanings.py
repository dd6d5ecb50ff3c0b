"""Where a framework says what each level means for an item, the item pane shows it under
the answer buttons and on each button, in the chosen language; a file naming a level its
scale does not have is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from certdesk.formats.criteria import find_problems
from certdesk.services import context
from certdesk.services.assessment.workspace import Workspace
from certdesk.ui.field.workspace_page import WorkspacePage
from tests.support.frameworks import framework_data, written
from tests.support.workspace import supplier_and_assessment

MEANINGS = {
    "5": {"ko": "전 공정에서 측정하고 개선한다", "en": "Measured and improved in every process"},
    "0": {"ko": "정책이 없다", "en": "There is no policy"},
}


def _maturity(meanings: dict[str, Any]) -> dict[str, Any]:
    data = framework_data("maturity-small.yaml")
    data["version"] = "1.1"
    data["areas"][0]["criteria"][0]["items"][0]["level_descriptors"] = meanings
    return data


def test_the_pane_says_what_each_level_means(
    ctx: context.Context, qtbot: QtBot, tmp_path: Path
) -> None:
    data = _maturity(MEANINGS)
    ctx.library.install(written(data, tmp_path / "maturity.yaml"))
    aid = supplier_and_assessment(ctx, data["id"])
    page = WorkspacePage(Workspace(ctx, aid))
    qtbot.addWidget(page)
    page.show()
    first = data["areas"][0]["criteria"][0]["items"][0]["id"]
    page.select(first)
    shown = page.pane.levels.text()
    assert page.pane.levels.isVisible()
    assert shown.index("There is no policy") < shown.index("Measured and improved")  # scale order
    tips = {b.property("code"): b.toolTip() for b in page.pane.buttons.buttons()}
    assert tips["5"] == "Measured and improved in every process"
    assert tips["3"] == ""
    second = data["areas"][0]["criteria"][0]["items"][1]["id"]
    page.select(second)
    assert not page.pane.levels.isVisible()  # an item without meanings shows none


def test_a_level_the_scale_does_not_have_is_a_problem() -> None:
    problems = find_problems(_maturity({"9": {"ko": "가", "en": "a"}}))
    assert any("has no level '9'" in message for _path, message in problems)
