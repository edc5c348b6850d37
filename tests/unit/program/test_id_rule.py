"""The one rule of entry ids made from titles: the examples the Studio editor's tests use too
(tests/fixtures/studio_rules.json, read by tests/js/studio-util.test.js)."""

import json
import re
from pathlib import Path

import pytest

from mentoring_xblock.core import limits
from mentoring_xblock.program import config

RULES = json.loads((Path(__file__).resolve().parents[2] / "fixtures" / "studio_rules.json").read_text())


def test_the_examples_follow_the_servers_rule():
    assert RULES["ids"] == {"pattern": limits.ID_PATTERN, "max": limits.ID_MAX, "slug_max": limits.ID_SLUG_MAX}
    assert RULES["limits"] == limits.PROGRAM


@pytest.mark.parametrize(("title", "slug"), RULES["slugs"])
def test_a_title_makes_the_same_slug_as_in_the_editor(title, slug):
    assert config.slugify(title) == slug
    assert slug == "" or re.match(limits.ID_PATTERN, slug) and len(slug) <= limits.ID_SLUG_MAX


@pytest.mark.parametrize("example", RULES["unique_ids"], ids=lambda example: example["id"])
def test_an_entry_without_an_id_gets_the_same_id_as_in_the_editor(example):
    assert config.slugify_id(example["title"], set(example["taken"]), example["prefix"]) == example["id"]
