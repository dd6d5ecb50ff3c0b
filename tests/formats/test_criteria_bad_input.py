"""Bad criteria files: each is a clear problem naming where, never a traceback or a hang."""

from __future__ import annotations

from pathlib import Path

import pytest

from certdesk.formats.criteria import InvalidFileError, load_framework, parse_framework
from tests.conftest import framework_file

GOOD = framework_file("conformity-small.yaml").read_text(encoding="utf-8")


def problems_of(text: str | bytes) -> list[str]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(InvalidFileError) as caught:
        parse_framework(raw, "bad.yaml")
    lines = [str(p) for p in caught.value.problems]
    assert lines
    for line in lines:
        assert "\n" not in line
        assert line.startswith("bad.yaml")
    return lines


def test_good_file_loads() -> None:
    assert parse_framework(GOOD.encode(), "good.yaml").id == "test-conformity"


def test_syntax_error_names_the_line() -> None:
    [line] = problems_of(GOOD.replace("weight: 2\n", "weight: [2\n", 1))
    assert line.startswith("bad.yaml:")
    assert "YAML syntax error" in line


def test_duplicate_ids() -> None:
    [line] = problems_of(GOOD.replace("id: A.1.2", "id: A.1.1"))
    assert "the id 'A.1.1' is used twice" in line
    assert "areas[0].criteria[0].items[1].id" in line
    assert "first at areas[0].criteria[0].items[0]" in line
    assert line.startswith("bad.yaml:50:")


def test_missing_english_text() -> None:
    bad = GOOD.replace('en: "Backups are tested."', 'fr: "Les sauvegardes sont testées."')
    [line] = problems_of(bad)
    assert "items[1].requirement.en: the required key 'en' is missing" in line


def test_unknown_scale_reference() -> None:
    bad = GOOD.replace(
        "            weight: 2\n", "            weight: 2\n            scale: fiver\n"
    )
    [line] = problems_of(bad)
    assert "the scale 'fiver' is not defined" in line


@pytest.mark.parametrize("weight", ["0", "-1"])
def test_weight_must_be_positive(weight: str) -> None:
    [line] = problems_of(GOOD.replace("weight: 2\n    minimum", f"weight: {weight}\n    minimum"))
    assert "areas[0].weight: must be greater than 0" in line


def test_empty_area() -> None:
    start = GOOD.index("    criteria:\n      - id: B.1")
    bad = GOOD[:start] + "    criteria: []\n"
    [line] = problems_of(bad)
    assert "areas[1].criteria: must not be empty" in line


def test_unknown_key_is_a_typo() -> None:
    [line] = problems_of(GOOD.replace("mandatory: true", "mandatroy: true"))
    assert "unknown key 'mandatroy' (a typo?)" in line


def test_every_problem_at_once() -> None:
    bad = GOOD.replace("mandatory: true", "mandatroy: true").replace("id: A.1.2", "id: A.1.1")
    bad = bad.replace('en: "Backups are tested."', 'fr: "x"')
    assert len(problems_of(bad)) == 3


def test_very_large_file_is_refused_before_parsing() -> None:
    huge = GOOD + "# " + "x" * (6 * 1024 * 1024) + "\n"
    [line] = problems_of(huge)
    assert "too large" in line


def test_alias_bomb_is_refused() -> None:
    # A hang would show as pytest's faulthandler dump; tests never time the code.
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for n in range(1, 12):
        prev, name = chr(ord("a") + n - 1), chr(ord("a") + n)
        bomb += f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    [line] = problems_of(bomb)
    assert "aliases" in line


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['touch /tmp/pwned']",
        "!!python/name:os.system",
        "!custom 1",
    ],
)
def test_tags_never_build_objects(tag: str, tmp_path: Path) -> None:
    [line] = problems_of(GOOD.replace('version: "1.0"', f"version: {tag}"))
    assert "is not allowed" in line


def test_merge_keys_are_refused() -> None:
    lines = problems_of("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert any("not allowed" in line for line in lines)


def test_not_utf8() -> None:
    [line] = problems_of(GOOD.encode("utf-8") + b"\n# \xff\xfe\n")
    assert "not UTF-8" in line


def test_a_list_is_not_a_framework() -> None:
    [line] = problems_of("- 1\n- 2\n")
    assert "does not hold a criteria document" in line


def test_duplicate_keys_are_refused() -> None:
    [line] = problems_of(GOOD.replace('version: "1.0"', 'version: "1.0"\nversion: "2.0"'))
    assert "the key 'version' appears twice" in line


def test_declared_hash_must_match() -> None:
    bad = GOOD.replace('version: "1.0"', 'version: "1.0"\ncontent_hash: "sha256:' + "0" * 64 + '"')
    [line] = problems_of(bad)
    assert "content_hash does not match" in line


def test_deep_nesting() -> None:
    lines = problems_of("a: " + "[" * 200 + "]" * 200 + "\n")
    assert lines


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 1000 + "]" * 1000 + "\n",
        "- " * 1000 + "x\n",
        "{a: " * 1000 + "1" + "}" * 1000 + "\n",
        "".join(" " * n + f"k{n}:\n" for n in range(1000)),
        "".join("  " * n + "- a:\n" for n in range(1000)),
    ],
    ids=["flow", "dashes", "flow-keys", "indent", "items"],
)
def test_deep_nesting_is_refused_before_libyaml_composes_it(text: str) -> None:
    # Refused on the text, at the line where it nests too deeply (the check on the
    # composed nodes would name a path); 100,000 levels run in tests/formats/test_bounded.
    [line] = problems_of(text)
    assert line.startswith("bad.yaml:")
    assert line.endswith(": the document nests too deeply")
    assert "[0]" not in line


def test_a_folder_is_not_read(tmp_path: Path) -> None:
    # Pipes and devices: tests/formats/test_bounded.py
    with pytest.raises(InvalidFileError) as caught:
        load_framework(tmp_path)
    message = "this is not a regular file (CertDesk reads no folders, devices or pipes)"
    assert str(caught.value) == f"{tmp_path}: {message}"


def test_a_large_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as file:
        file.truncate(6 * 1024 * 1024)  # sparse: six megabytes of nothing
    with pytest.raises(InvalidFileError) as caught:
        load_framework(path)
    assert str(caught.value) == f"{path}: the file is too large (6.0 MB; the limit is 5 MB)"
