"""The law registry: loaded once, names and appeal routes looked up as legal staff wrote them."""

from __future__ import annotations

import pytest

from brevtjek.errors import RulePackError
from brevtjek.facts.registry import load_registry, parse_registry, registry_path


def test_registry_is_loaded_once_per_process():
    assert load_registry() is load_registry()
    assert registry_path().name == "love.yaml"


def test_laws_are_found_by_id_and_name():
    registry = load_registry()
    sel = registry.by_id("sel")
    assert sel is not None and sel.name == "serviceloven"
    assert registry.by_name("serviceloven") is sel
    assert "servicelovens" in sel.genitive
    assert "SEL" in sel.abbreviations


def test_appeal_route_and_deadline_come_from_the_registry():
    sel = load_registry().by_name("serviceloven")
    assert sel is not None
    assert sel.appeal.body == "Ankestyrelsen"
    assert sel.appeal.deadline == "4 uger"
    assert sel.appeal.route == "via_afgoerende_myndighed"


def test_bodies_for_law_include_the_registry_appeal_bodies():
    registry = load_registry()
    folkeskole = registry.by_name("folkeskoleloven")
    assert folkeskole is not None
    assert "Klagenævnet for Specialundervisning" in registry.bodies_for_law(folkeskole)
    assert "Ankestyrelsen" not in registry.bodies_for_law(folkeskole)


def test_shared_abbreviations_list_every_law_that_uses_them():
    laws = {law.name for law in load_registry().laws_with_abbreviation("SL")}
    assert {"serviceloven", "sundhedsloven"} <= laws


def test_procedural_laws_are_marked():
    registry = load_registry()
    assert registry.by_name("forvaltningsloven").procedural  # type: ignore[union-attr]
    assert not registry.by_name("serviceloven").procedural  # type: ignore[union-attr]


def test_retired_paragraphs_point_to_their_new_place():
    sel = load_registry().by_name("serviceloven")
    assert sel is not None
    moved = {p.paragraph: (p.moved_to_law, p.moved_to_paragraph) for p in sel.retired_paragraphs}
    assert moved["41"] == ("barnets_lov", "86")


def test_malformed_registry_is_a_danish_error():
    with pytest.raises(RulePackError, match="laws"):
        parse_registry({"version": 1}, "love.yaml")
    with pytest.raises(RulePackError, match="«id» og «name»"):
        parse_registry({"laws": [{"title": "uden id"}]}, "love.yaml")


def test_missing_registry_file_is_a_danish_error(tmp_path):
    with pytest.raises(RulePackError, match="findes ikke"):
        load_registry(str(tmp_path / "love.yaml"))


def test_registry_from_the_cache_follows_edits(tmp_path):
    """The registry is kept in the compiled-pack cache; an edited file is read again."""
    import pickle

    file = tmp_path / "love.yaml"
    file.write_bytes(registry_path().read_bytes())
    first = load_registry(str(file))
    load_registry.cache_clear()
    again = load_registry(str(file))  # from the cache
    assert again == first and hash(again) == hash(first)
    assert hash(pickle.loads(pickle.dumps(again))) == hash(again)
    law = first.laws[0]
    text = file.read_text(encoding="utf-8").replace(f"name: {law.name}", "name: Lov om prøver", 1)
    assert "Lov om prøver" in text
    file.write_text(text, encoding="utf-8")
    load_registry.cache_clear()
    edited = load_registry(str(file))
    assert edited.by_name("Lov om prøver") is not None
    assert edited.by_name(law.name) is None
    load_registry.cache_clear()
