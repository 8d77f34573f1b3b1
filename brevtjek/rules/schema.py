"""JSON Schema for rule files, built from the pydantic models of every registered type.

Editors (VS Code with the YAML extension, IntelliJ) use it for autocompletion and to
underline a misspelt field while legal staff type, before ``brevtjek rules validate`` runs:

    # yaml-language-server: $schema=./regel.schema.json

The schema is generated, never hand-written, so it cannot drift from what the loader
accepts. It is looser than the loader in one way only: checks across fields (conflicting
entries, regular expressions that can hang) are still the loader's job.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter

from brevtjek.rules.packs import PackManifest
from brevtjek.rules.types import REGISTRY

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _rule_adapter() -> TypeAdapter[Any]:
    specs = tuple(module.Spec for module in REGISTRY.values())
    union = Union[specs]  # type: ignore[valid-type]  # noqa: UP007  (built at run time)
    try:
        return TypeAdapter(Annotated[union, Field(discriminator="type")])
    except Exception:  # a type whose ``type`` field is not a Literal: plain union still works
        return TypeAdapter(union)


def _readable_names(schema: dict[str, Any]) -> dict[str, Any]:
    """Rename pydantic's module-qualified definitions ("brevtjek__…__existence__Spec")."""
    text = json.dumps(schema, ensure_ascii=False)
    for name, module in REGISTRY.items():
        qualified = f"{module.__name__.replace('.', '__')}__Spec"
        text = text.replace(f'"{qualified}"', f'"regel-{name}"')
        text = text.replace(f"/{qualified}\"", f"/regel-{name}\"")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def rule_schema() -> dict[str, Any]:
    """Schema for a rule file: one rule, or ``rules:`` with a list of rules."""
    rule = _readable_names(_rule_adapter().json_schema(ref_template="#/$defs/{model}"))
    defs = rule.pop("$defs", {})
    defs["Regel"] = rule
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "brevtjek regelfil",
        "description": "Én regel, eller en liste af regler under «rules». Regeltyper: "
                       + ", ".join(sorted(REGISTRY)) + ".",
        "anyOf": [
            {"$ref": "#/$defs/Regel"},
            {
                "type": "object",
                "properties": {"rules": {"type": "array", "items": {"$ref": "#/$defs/Regel"}}},
                "required": ["rules"],
                "additionalProperties": False,
            },
        ],
        "$defs": defs,
    }


def manifest_schema() -> dict[str, Any]:
    """Schema for a pack's ``pack.yaml``."""
    schema = PackManifest.model_json_schema()
    return {"$schema": SCHEMA_DIALECT, "title": "brevtjek pack.yaml", **schema}
