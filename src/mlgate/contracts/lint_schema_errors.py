"""Raw `jsonschema` errors for an ODCS contract, turned into one finding per real problem.

They are accurate but noisy for this schema (Draft 2019-09 with `unevaluatedProperties`,
`oneOf` comparators and `if`/`then` per logical type): one typo typically yields three or four errors, two
of them about keys that are fine. `Translator` turns them into one finding per real problem:
- unknown keys are reported at the key itself, with the closest valid key (difflib);
- keys flagged only because a sibling subschema failed (jsonschema collects no annotations from failed
  subschemas) are dropped — the failure that caused them is reported instead;
- `oneOf`/`anyOf` failures become the message of the alternative the user evidently chose;
- a property without `logicalType` makes every `if: {properties: {logicalType: {const: …}}}` match
  vacuously; those consequences collapse into one "add `logicalType`" finding.
"""

from __future__ import annotations

import re
from typing import Any

from mlgate.contracts.comparators import OPERATORS as COMPARATORS
from mlgate.contracts.lint_findings import (
    Finding,
    closest,
    describe,
    is_number,
    node_at,
    show,
    type_word,
)
from mlgate.contracts.odcs_schema import discriminators, instance_steps, schema_index
from mlgate.yamlio import JsonPath

_BELONGS_TO = {
    "query": "quality rules with `type: sql`",
    "engine": "quality rules with `type: custom`",
    "implementation": "quality rules with `type: custom`",
    "metric": "library quality rules",
    "arguments": "library quality rules (`metric:`)",
    "rule": "library quality rules (deprecated: use `metric`)",
    **dict.fromkeys(COMPARATORS, "library rules (with `metric:`) and `type: sql` rules"),
    "items": "properties with `logicalType: array`",
    "map": "properties with `logicalType: map`",
}

_ROOT_REQUIRED_FIX = {
    "apiVersion": "add `apiVersion: v3.1.0` (the ODCS version the contract follows)",
    "kind": "add `kind: DataContract`",
    "id": "add `id:` with a unique identifier, e.g. a UUID",
    "version": "add `version: 1.0.0` (the contract's own version)",
}


class Translator:
    def __init__(self, validator: Any, data: dict[str, Any]) -> None:
        self.validator = validator
        self.data = data
        self.root = validator.schema
        self.then_owner, self.all_keys, self.enums = schema_index()
        # oneOf failures that only list missing keys: dropped when a typo of one of them is reported there.
        self.wanted_at: dict[JsonPath, set[str]] = {}
        self.typo_suggestions: dict[JsonPath, set[str]] = {}

    # -- driver ---------------------------------------------------------------------------------------------

    def translate_all(self, errors: list[Any]) -> list[Finding]:
        findings: list[Finding] = []
        for error in errors:
            findings.extend(self.translate(error))
        kept: list[Finding] = []
        seen: set[tuple[JsonPath, str, str]] = set()
        # An invalid `type:`/`logicalType:` value selects no `then` branch, so keys of the intended branch
        # look misplaced: the invalid value is the cause and the only finding kept for that object.
        invalid_at = {f.path[:-1] for f in findings if f.rule == "invalid-value" and f.path}
        for finding in findings:
            if finding.rule == "missing-comparator" and self.wanted_at.get(finding.path, set()) & (
                self.typo_suggestions.get(finding.path, set())
            ):
                continue  # `mustBeLessOrEqualsTo` was reported with its suggestion; that is the cause
            if finding.rule == "misplaced-key" and finding.path[:-1] in invalid_at:
                continue
            key = (finding.path, finding.rule, finding.message)
            if key not in seen:
                seen.add(key)
                kept.append(finding)
        return kept

    def translate(self, error: Any) -> list[Finding]:
        path: JsonPath = tuple(error.absolute_path)
        vacuous = self._vacuous_if(error, path)
        if vacuous is not None:
            return [vacuous]
        handler = getattr(self, f"_on_{error.validator}", None)
        if handler is not None:
            found: list[Finding] = handler(error, path)
            return found
        return [self._generic(error, path)]

    # -- helpers --------------------------------------------------------------------------------------------

    def _is_valid(self, instance: Any, schema: Any) -> bool:
        return bool(self.validator.evolve(schema=schema).is_valid(instance))

    def _resolve(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            return {}
        node: Any = self.root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            node = node.get(part) if isinstance(node, dict) else None
        return node if isinstance(node, dict) else {}

    def _known_keys(
        self, instance: dict[str, Any], schema: Any, seen: frozenset[int] = frozenset()
    ) -> set[str]:
        """Keys a schema defines for this instance, counting subschemas that apply even when they fail.

        jsonschema only credits keys evaluated by *passing* subschemas, so a failing comparator `oneOf`
        makes `metric` look unknown. Here every subschema that applies (allOf, $ref, the taken branch of
        if/then/else, the passing — or, when none passes, all — branches of oneOf/anyOf) counts.
        """
        if not isinstance(schema, dict) or id(schema) in seen:
            return set()
        seen = seen | {id(schema)}
        keys: set[str] = set()
        ref = schema.get("$ref")
        if isinstance(ref, str):
            keys |= self._known_keys(instance, self._resolve(ref), seen)
        props = schema.get("properties")
        if isinstance(props, dict):
            keys.update(props)
        for pattern in schema.get("patternProperties", {}) or {}:
            keys.update(k for k in instance if re.search(pattern, k))
        for keyword in ("additionalProperties", "unevaluatedProperties"):
            sub = schema.get(keyword)
            if sub is not None and sub is not False:
                keys.update(instance)
        for sub in schema.get("allOf", []):
            keys |= self._known_keys(instance, sub, seen)
        for keyword in ("oneOf", "anyOf"):
            branches = schema.get(keyword, [])
            passing = [b for b in branches if self._is_valid(instance, b)]
            for branch in passing or branches:
                keys |= self._known_keys(instance, branch, seen)
        if "if" in schema:
            taken = "then" if self._is_valid(instance, schema["if"]) else "else"
            keys |= self._known_keys(instance, schema.get(taken), seen)
        for prop, sub in (schema.get("dependentSchemas") or {}).items():
            if prop in instance:
                keys |= self._known_keys(instance, sub, seen)
        return keys

    def _vacuous_if(self, error: Any, path: JsonPath) -> Finding | None:
        """A `then` that applied only because the key its `if` tests is absent (no `logicalType`)."""
        if_schema = self.then_owner.get(id(error.schema))
        if if_schema is None:
            return None
        schema_path = list(error.absolute_schema_path)
        if "then" not in schema_path:
            return None
        last_then = len(schema_path) - 1 - schema_path[::-1].index("then")
        steps = instance_steps(schema_path[last_then + 1 : -1])
        if_path = path[: len(path) - steps] if steps else path
        instance = node_at(self.data, if_path)
        keys = discriminators(if_schema)
        if not isinstance(instance, dict) or not keys or any(k in instance for k in keys):
            return None
        key = sorted(keys)[0]
        options = ", ".join(str(v) for v in self.enums.get(key, ()))
        return Finding(
            if_path,
            "missing-key",
            f"{describe(self.data, if_path)} has no `{key}`; the ODCS schema needs it to know which rules apply",
            f"add `{key}:`" + (f" with one of {options}" if options else ""),
        )

    def _what(self, path: JsonPath) -> str:
        return describe(self.data, path)

    # -- one handler per JSON Schema keyword ----------------------------------------------------------------

    def _on_additionalProperties(self, error: Any, path: JsonPath) -> list[Finding]:
        if error.validator_value is not False or not isinstance(error.instance, dict):
            return [self._generic(error, path)]
        allowed = set(error.schema.get("properties", {}) or {})
        patterns = list(error.schema.get("patternProperties", {}) or {})
        extras = [
            k for k in error.instance if k not in allowed and not any(re.search(p, k) for p in patterns)
        ]
        return [self._unknown_key(path, key, allowed) for key in extras]

    def _on_unevaluatedProperties(self, error: Any, path: JsonPath) -> list[Finding]:
        if error.validator_value is not False or not isinstance(error.instance, dict):
            return [self._generic(error, path)]
        known = self._known_keys(error.instance, error.schema)
        return [self._unknown_key(path, key, known) for key in error.instance if key not in known]

    def _unknown_key(self, path: JsonPath, key: str, allowed: set[str]) -> Finding:
        what = self._what(path)
        suggestion = closest(key, allowed)
        if suggestion:
            self.typo_suggestions.setdefault(path, set()).add(suggestion)
        if path and path[-1] == "logicalTypeOptions":
            logical = node_at(self.data, (*path[:-1], "logicalType"))
            options = ", ".join(sorted(allowed)) or "none"
            message = f"`{key}` is not an option of logicalType `{logical}` (its options: {options})"
            fix = f"did you mean `{suggestion}`?" if suggestion else "remove it or change `logicalType`"
            return Finding((*path, key), "unknown-key", message, fix, at_key=True)
        if suggestion:
            message = f"unknown key `{key}` in {what}"
            fix = f"did you mean `{suggestion}`?"
        elif key in self.all_keys:
            belongs = _BELONGS_TO.get(key)
            fix = (
                f"`{key}` belongs to {belongs}"
                if belongs
                else "remove it or move it to where ODCS defines it"
            )
            return Finding(
                (*path, key), "misplaced-key", f"`{key}` is not allowed in {what}", fix, at_key=True
            )
        else:
            message = f"unknown key `{key}` in {what}"
            fix = "remove it; ODCS keeps extra information under `customProperties`"
        return Finding((*path, key), "unknown-key", message, fix, at_key=True)

    def _on_required(self, error: Any, path: JsonPath) -> list[Finding]:
        instance = error.instance if isinstance(error.instance, dict) else {}
        missing = [k for k in error.validator_value if k not in instance]
        findings = []
        for key in missing:
            fix = _ROOT_REQUIRED_FIX.get(key, f"add `{key}:`") if not path else f"add `{key}:`"
            findings.append(Finding(path, "missing-key", f"{self._what(path)} is missing `{key}`", fix))
        return findings

    def _on_enum(self, error: Any, path: JsonPath) -> list[Finding]:
        allowed = [str(v) for v in error.validator_value]
        field = path[-1] if path and isinstance(path[-1], str) else "value"
        suggestion = closest(str(error.instance), allowed)
        listed = ", ".join(allowed[:14]) + (", …" if len(allowed) > 14 else "")
        fix = f"did you mean `{suggestion}`?" if suggestion else f"use one of: {listed}"
        message = f"`{field}: {show(error.instance)}` is not a value ODCS allows"
        if suggestion:
            message += f" (allowed: {listed})"
        return [Finding(path, "invalid-value", message, fix)]

    def _on_const(self, error: Any, path: JsonPath) -> list[Finding]:
        field = path[-1] if path and isinstance(path[-1], str) else "value"
        return [
            Finding(
                path,
                "invalid-value",
                f"`{field}` is {show(error.instance)}",
                f"ODCS expects {show(error.validator_value)} here",
            )
        ]

    def _on_type(self, error: Any, path: JsonPath) -> list[Finding]:
        expected = (
            error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        )
        return [self._wrong_type(path, error.instance, [str(t) for t in expected])]

    def _wrong_type(self, path: JsonPath, value: Any, expected: list[str]) -> Finding:
        field = path[-1] if path and isinstance(path[-1], str) else describe(self.data, path)
        words = {"string": "text", "object": "a mapping", "array": "a list", "null": "empty"}
        wanted = " or ".join(
            dict.fromkeys(words.get(t, f"a {t}" if t != "integer" else "an integer") for t in expected)
        )
        message = f"`{field}` must be {wanted}, found {type_word(value)}" + (
            f" ({show(value)})" if value is not None and not isinstance(value, dict | list) else ""
        )
        return Finding(path, "wrong-type", message, _type_fix(value, expected))

    def _on_minItems(self, error: Any, path: JsonPath) -> list[Finding]:
        return [self._item_count(error, path, "at least")]

    def _on_maxItems(self, error: Any, path: JsonPath) -> list[Finding]:
        return [self._item_count(error, path, "at most")]

    def _item_count(self, error: Any, path: JsonPath, bound: str) -> Finding:
        field = path[-1] if path and isinstance(path[-1], str) else "list"
        rule = f"schema-{error.validator}"
        if field in ("mustBeBetween", "mustNotBeBetween"):
            message = f"`{field}` needs exactly 2 numbers, [low, high]: found {show(error.instance)}"
            return Finding(path, rule, message, f"write `{field}: [low, high]`")
        count = len(error.instance) if isinstance(error.instance, list) else 0
        message = f"`{field}` needs {bound} {error.validator_value} item(s), found {count}"
        return Finding(path, rule, message, "add items" if bound == "at least" else "remove items")

    def _on_uniqueItems(self, error: Any, path: JsonPath) -> list[Finding]:
        field = path[-1] if path and isinstance(path[-1], str) else "list"
        if field in ("mustBeBetween", "mustNotBeBetween"):
            message = f"`{field}` has the same bound twice: {show(error.instance)}"
            fix = "use `mustBe` for a single value, or give two different bounds"
        else:
            message, fix = f"`{field}` lists the same item more than once", "remove the duplicate"
        return [Finding(path, "schema-uniqueItems", message, fix)]

    def _on_oneOf(self, error: Any, path: JsonPath) -> list[Finding]:
        if not error.context:
            return [self._several_alternatives(error, path)]
        return self._no_alternative(error, path)

    def _on_anyOf(self, error: Any, path: JsonPath) -> list[Finding]:
        return self._no_alternative(error, path)

    def _several_alternatives(self, error: Any, path: JsonPath) -> Finding:
        """`oneOf` matched more than once: for ODCS that means several comparators in one rule."""
        instance = error.instance
        matched = [b for b in error.validator_value if self._is_valid(instance, b)]
        keys = [k for b in matched if isinstance(b, dict) for k in b.get("required", [])]
        if keys and isinstance(instance, dict) and all(k in COMPARATORS for k in keys):
            from mlgate.contracts.lint_quality import comparator_conflict

            listed = ", ".join(f"`{k}`" for k in keys)
            message = (
                f"{self._what(path)} has {len(keys)} comparators ({listed}), but ODCS allows exactly one"
            )
            contradiction = comparator_conflict({k: instance[k] for k in keys})
            if contradiction:
                message += f", and these contradict each other ({contradiction})"
            lower = [k for k in keys if k.startswith("mustBeGreater")]
            upper = [k for k in keys if k.startswith("mustBeLess")]
            if contradiction:
                fix = "correct the bounds, then keep one comparator per rule (two bounds fit one `mustBeBetween`)"
            elif len(keys) == 2 and lower and upper:
                low, high = instance[lower[0]], instance[upper[0]]
                fix = f"use one `mustBeBetween: [{low}, {high}]` (bounds included), or split into two rules"
            else:
                fix = "keep one comparator and write a second rule for the other condition"
            return Finding(path, "one-comparator", message, fix)
        return Finding(
            path,
            "schema-oneOf",
            f"{self._what(path)} matches more than one of the forms ODCS allows here",
            "keep only the keys of one form",
        )

    def _no_alternative(self, error: Any, path: JsonPath) -> list[Finding]:
        context = list(error.context)
        if context and all(e.validator == "type" and tuple(e.absolute_path) == path for e in context):
            expected = [str(t) for e in context for t in _as_list(e.validator_value)]
            return [self._wrong_type(path, error.instance, list(dict.fromkeys(expected)))]
        by_branch: dict[Any, list[Any]] = {}
        for sub in context:
            by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)

        def missing_only(errs: list[Any]) -> bool:
            return all(e.validator == "required" and tuple(e.absolute_path) == path for e in errs)

        chosen = [e for errs in by_branch.values() if not missing_only(errs) for e in errs]
        chosen = [e for e in chosen if not (e.validator == "required" and tuple(e.absolute_path) == path)]
        if chosen:
            deepest = max(chosen, key=lambda e: len(e.absolute_path))
            return self.translate(deepest)
        wanted = list(dict.fromkeys(k for e in context for k in _as_list(e.validator_value)))
        self.wanted_at[path] = set(wanted)
        listed = ", ".join(f"`{k}`" for k in wanted)
        if wanted and all(k in COMPARATORS for k in wanted):
            return [
                Finding(
                    path,
                    "missing-comparator",
                    f"{self._what(path)} has no comparator, but ODCS requires exactly one",
                    f"add one of {listed}, e.g. `mustBe: 0`",
                )
            ]
        return [Finding(path, "missing-key", f"{self._what(path)} needs one of {listed}", "add one of them")]

    def _generic(self, error: Any, path: JsonPath) -> Finding:
        field = path[-1] if path and isinstance(path[-1], str) else self._what(path)
        return Finding(
            path, f"schema-{error.validator}", f"`{field}`: {error.message}", "see the ODCS reference"
        )


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _type_fix(value: Any, expected: list[str]) -> str:
    """How to write the value so YAML gives the type ODCS wants (YAML 1.1 guesses types from the text)."""
    if value is None:
        return "write a value after the colon, or remove the key"
    if "string" in expected and (is_number(value) or isinstance(value, bool)):
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        return f'quote it: "{text}" (unquoted, YAML reads it as {type_word(value)})'
    if ("number" in expected or "integer" in expected) and isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return "write a number without quotes"
        plain = int(number) if number.is_integer() else number
        return f"write it as a plain number without quotes, e.g. {plain} (YAML reads `1e3` or quoted numbers as text)"
    if "integer" in expected and isinstance(value, float):
        return "write a whole number"
    if "boolean" in expected:
        return "write true or false"
    if "array" in expected:
        return "write a list: `[a, b]` or one `- item` per line"
    if "object" in expected:
        return "write a mapping: `key: value` lines indented under it"
    return "change the value's type"
