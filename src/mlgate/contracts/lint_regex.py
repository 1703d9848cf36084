"""Regex lint: does a contract's pattern compile, and can DuckDB's engine (RE2) run it?

ODCS patterns follow ECMA-262; `contract test` runs them with DuckDB's `regexp_full_match`, i.e. RE2.
Python's `re` is a fair approximation of both for "does it compile". RE2 deliberately lacks lookaround,
backreferences and atomic groups, which Python accepts, so those are reported separately: they would
compile here and then fail when the contract is tested.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_GROUP_OPENERS = {
    "(?=": "a lookahead `(?=…)`",
    "(?!": "a negative lookahead `(?!…)`",
    "(?<=": "a lookbehind `(?<=…)`",
    "(?<!": "a negative lookbehind `(?<!…)`",
    "(?>": "an atomic group `(?>…)`",
    "(?P=": "a named backreference `(?P=…)`",
}


class PatternProblem(NamedTuple):
    message: str
    fix: str
    offset: int | None  # where in the pattern, when known


def pattern_problem(pattern: str) -> PatternProblem | None:
    """What keeps the pattern from running (and where), or None."""
    try:
        re.compile(pattern)
    except re.error as exc:
        where = f" at position {exc.pos}" if exc.pos is not None else ""
        return PatternProblem(
            f"pattern {pattern!r} does not compile: {exc.msg}{where}",
            "fix the regular expression (escape literal characters such as `(`, `[`, `+` with `\\`)",
            exc.pos,
        )
    unsupported = _re2_unsupported(pattern)
    if unsupported:
        name, offset = unsupported
        return PatternProblem(
            f"pattern {pattern!r} uses {name}, which DuckDB's regex engine (RE2) does not support",
            "rewrite it without lookaround, backreferences or atomic groups",
            offset,
        )
    return None


def _re2_unsupported(pattern: str) -> tuple[str, int] | None:
    """The first construct RE2 rejects and its offset, skipping escapes and character classes."""
    i, in_class = 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            following = pattern[i + 1 : i + 2]
            if not in_class and following.isdigit() and following != "0":
                return f"a backreference `\\{following}`", i
            i += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
            # a `]` right after `[` or `[^` is a literal member, not the end of the class
            if pattern[i + 1 : i + 2] == "^":
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif char == "(":
            for opener, name in _GROUP_OPENERS.items():
                if pattern.startswith(opener, i):
                    return name, i
        i += 1
    return None
