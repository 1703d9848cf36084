"""A dependency-free structural check of a quality rule's SQL.

ODCS says the query is written "in the dialect of the provided server", so lint cannot use one
dialect's grammar without rejecting valid queries of another (and a SQL parser is not a core
dependency: `sqlglot` would add ~60 ms of import to a pre-commit hook). Instead this tokenizer finds
what is wrong in every dialect: unterminated strings, identifiers or comments; unbalanced brackets;
several statements; a statement that writes; a misspelt first keyword; a clause with nothing after it;
trailing commas; placeholders ODCS does not define. The engine reports anything subtler at test time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mlgate.contracts.lint_findings import closest

# `{object}` / `{property}` (ODCS v3.1), `${table}` / `${column}` (older examples) and the aliases
# `contract test` substitutes (mlgate.contracts.quality): table-level and column-level names.
TABLE_PLACEHOLDERS = ("object", "table", "model")
COLUMN_PLACEHOLDERS = ("property", "column", "field")
PLACEHOLDERS = TABLE_PLACEHOLDERS + COLUMN_PLACEHOLDERS
_PLACEHOLDER = re.compile(r"\$?\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}")
_READ_STARTS = ("select", "with", "from", "values", "table", "(")
_WRITE_STARTS = (
    "insert", "update", "delete", "merge", "upsert", "drop", "create", "alter", "truncate",
    "copy", "attach", "detach", "install", "load", "pragma", "set", "call", "grant", "revoke",
    "export", "import", "vacuum", "checkpoint", "use",
)  # fmt: skip
# A clause keyword must be followed by something; these end it instead.
_CLAUSE_KEYWORDS = {"select", "from", "where", "join", "on", "having", "and", "or", "by"}
_CLAUSE_ENDERS = {
    "from",
    "where",
    "group",
    "order",
    "having",
    "limit",
    "union",
    "and",
    "or",
    ")",
    "]",
    "}",
    "",
}
_LIST_ENDERS = {"from", "where", "group", "order", "having", "limit", "union", ")", "]", "}", ""}


@dataclass(frozen=True)
class _Token:
    kind: str  # word | number | string | ident | placeholder | op | open | close | comma | semicolon
    text: str
    offset: int


@dataclass(frozen=True)
class SqlProblem:
    offset: int  # character offset into the query
    message: str
    fix: str


class _Unterminated(Exception):
    def __init__(self, offset: int, what: str) -> None:
        super().__init__(what)
        self.offset = offset
        self.what = what


def _tokens(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        if char.isspace():
            i += 1
        elif query.startswith("--", i):
            end = query.find("\n", i)
            i = n if end < 0 else end + 1
        elif query.startswith("/*", i):
            end = query.find("*/", i + 2)
            if end < 0:
                raise _Unterminated(i, "block comment `/*`")
            i = end + 2
        elif char in "'\"`":
            end = _closing_quote(query, i, char)
            if end < 0:
                what = {"'": "string", '"': "quoted identifier", "`": "quoted identifier"}[char]
                raise _Unterminated(i, f"{what} {char}")
            tokens.append(_Token("string" if char == "'" else "ident", query[i : end + 1], i))
            i = end + 1
        elif (match := _PLACEHOLDER.match(query, i)) is not None:
            tokens.append(_Token("placeholder", match.group(1), i))
            i = match.end()
        elif char == "$" and (match := re.match(r"\$([A-Za-z_]\w*)?\$", query[i:])) is not None:
            tag = match.group(0)
            end = query.find(tag, i + len(tag))
            if end < 0:
                raise _Unterminated(i, f"dollar-quoted string {tag}")
            tokens.append(_Token("string", query[i : end + len(tag)], i))
            i = end + len(tag)
        elif char.isalpha() or char == "_":
            match = re.compile(r"[\w$]+").match(query, i)
            assert match is not None
            tokens.append(_Token("word", match.group(0), i))
            i = match.end()
        elif char.isdigit() or (char == "." and query[i + 1 : i + 2].isdigit()):
            match = re.compile(r"[\d.]+(?:[eE][+-]?\d+)?").match(query, i)
            assert match is not None
            tokens.append(_Token("number", match.group(0), i))
            i = match.end()
        elif char in "([{":
            tokens.append(_Token("open", char, i))
            i += 1
        elif char in ")]}":
            tokens.append(_Token("close", char, i))
            i += 1
        elif char == ",":
            tokens.append(_Token("comma", char, i))
            i += 1
        elif char == ";":
            tokens.append(_Token("semicolon", char, i))
            i += 1
        else:
            tokens.append(_Token("op", char, i))
            i += 1
    return tokens


def _closing_quote(query: str, start: int, quote: str) -> int:
    """Index of the closing quote (a doubled quote is an escaped one), or -1."""
    i = start + 1
    while i < len(query):
        if query[i] == quote:
            if query[i + 1 : i + 2] == quote:
                i += 2
                continue
            return i
        if query[i] == "\\" and quote == "'" and query[i + 1 : i + 2] == "'":
            i += 2  # backslash-escaped quote (MySQL, Spark, DuckDB E'' strings)
            continue
        i += 1
    return -1


def sql_problems(query: str, *, has_property: bool) -> list[SqlProblem]:
    """Problems any SQL engine would reject, each with where (offset) and how to fix it."""
    if not query.strip():
        return [SqlProblem(0, "the query is empty", "write a SELECT that returns one number")]
    try:
        tokens = _tokens(query)
    except _Unterminated as exc:
        return [SqlProblem(exc.offset, f"unterminated {exc.what}", "close it")]
    if not tokens:
        return [SqlProblem(0, "the query contains only comments", "write a SELECT that returns one number")]
    problems = _brackets(tokens)
    problems += _statements(tokens)
    problems += _dangling(tokens)
    problems += _placeholders(tokens, has_property)
    return problems


def _brackets(tokens: list[_Token]) -> list[SqlProblem]:
    pairs = {")": "(", "]": "[", "}": "{"}
    stack: list[_Token] = []
    for token in tokens:
        if token.kind == "open":
            stack.append(token)
        elif token.kind == "close":
            if not stack or stack[-1].text != pairs[token.text]:
                return [
                    SqlProblem(
                        token.offset,
                        f"`{token.text}` has no matching opening bracket",
                        "remove it or add the opening bracket",
                    )
                ]
            stack.pop()
    if stack:
        return [
            SqlProblem(stack[-1].offset, f"`{stack[-1].text}` is never closed", "add the closing bracket")
        ]
    return []


def _statements(tokens: list[_Token]) -> list[SqlProblem]:
    problems: list[SqlProblem] = []
    for index, token in enumerate(tokens):
        if token.kind == "semicolon" and any(t.kind != "semicolon" for t in tokens[index + 1 :]):
            problems.append(
                SqlProblem(token.offset, "the query holds more than one statement", "keep a single SELECT")
            )
            break
    first = tokens[0]
    word = first.text.lower() if first.kind in ("word", "open") else ""
    if word in _WRITE_STARTS:
        problems.append(
            SqlProblem(
                first.offset,
                f"a quality query must only read data, but it starts with `{word.upper()}`",
                "write a SELECT that returns one number",
            )
        )
    elif word not in _READ_STARTS:
        shown = first.text if first.kind != "placeholder" else "{" + first.text + "}"
        guess = closest(shown.lower(), ("select", "with"))
        fix = f"did you mean `{guess.upper()}`?" if guess else "start the query with SELECT (or WITH)"
        problems.append(SqlProblem(first.offset, f"the query starts with `{shown}`, not SELECT or WITH", fix))
    return problems


def _dangling(tokens: list[_Token]) -> list[SqlProblem]:
    """A clause keyword with nothing after it, a trailing comma, SELECT with no columns."""
    body = [t for t in tokens if t.kind != "semicolon"]
    for index, token in enumerate(body):
        following = body[index + 1] if index + 1 < len(body) else None
        # what comes next: a keyword, a closing bracket, the end (""), or the start of an expression ("?")
        upcoming = "?"
        if following is None:
            upcoming = ""
        elif following.kind in ("word", "close"):
            upcoming = following.text.lower()
        if token.kind == "word":
            keyword = token.text.lower()
            previous = body[index - 1].text.lower() if index else ""
            if keyword == "by" and previous not in ("group", "order", "partition"):
                continue
            if keyword == "select" and upcoming == "from":
                return [
                    SqlProblem(
                        token.offset,
                        "SELECT has no columns before FROM",
                        "write what to select, e.g. `SELECT COUNT(*) FROM …`",
                    )
                ]
            if keyword in _CLAUSE_KEYWORDS and upcoming in _CLAUSE_ENDERS:
                shown = f"{previous} {keyword}".upper() if keyword == "by" else keyword.upper()
                return [
                    SqlProblem(
                        token.offset,
                        f"`{shown}` is not followed by anything",
                        f"complete the `{shown}` clause or remove it",
                    )
                ]
        elif token.kind == "op" and token.text != "*" and upcoming in _LIST_ENDERS:
            # `*` is excepted: SELECT * FROM and COUNT(*) end that way legitimately.
            return [
                SqlProblem(
                    token.offset,
                    f"the operator `{token.text}` has nothing on its right",
                    "complete the comparison or expression, e.g. `amount < 0`",
                )
            ]
        elif token.kind == "comma":
            if upcoming in _LIST_ENDERS:
                return [
                    SqlProblem(token.offset, "trailing comma", "remove the comma or add the missing item")
                ]
            if following is not None and following.kind == "comma":
                return [
                    SqlProblem(following.offset, "two commas in a row", "remove one or add the missing item")
                ]
    return []


def _placeholders(tokens: list[_Token], has_property: bool) -> list[SqlProblem]:
    for token in tokens:
        if token.kind != "placeholder":
            continue
        if token.text not in PLACEHOLDERS:
            guess = closest(token.text, ("object", "property"))
            fix = (
                f"did you mean `{{{guess}}}`?"
                if guess
                else "use `{object}` (the table) or `{property}` (the column)"
            )
            return [SqlProblem(token.offset, f"unknown placeholder `{{{token.text}}}`", fix)]
        if token.text in COLUMN_PLACEHOLDERS and not has_property:
            return [
                SqlProblem(
                    token.offset,
                    f"`{{{token.text}}}` is only defined for rules under a property, and this rule is on the schema object",
                    "name the column in the query, or move the rule under the property",
                )
            ]
    return []
