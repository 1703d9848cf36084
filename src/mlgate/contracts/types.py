"""ODCS types → DuckDB types: what a column should be stored as, and how to read text as that type.

ODCS declares a portable `logicalType` (integer, number, string, date, timestamp...) and an optional
engine-specific `physicalType` (INT, BIGINT, VARCHAR(18), DECIMAL(10,2)...). Stored data (Parquet) is
checked against the physical type when mlgate knows it, so a column that became int64 where the
contract says int32 is caught; otherwise against the logical family. Text data (CSV, JSON read as
text) is checked value by value: a value that parses as the declared type is valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# physicalType spellings (any engine) → DuckDB type name. Parameters (VARCHAR(18)) are stripped first.
_PHYSICAL_ALIASES: dict[str, str] = {
    "tinyint": "TINYINT",
    "int1": "TINYINT",
    "int8": "BIGINT",  # PostgreSQL int8 = 8 bytes
    "byte": "TINYINT",
    "smallint": "SMALLINT",
    "int2": "SMALLINT",
    "short": "SMALLINT",
    "int16": "SMALLINT",
    "int": "INTEGER",
    "integer": "INTEGER",
    "int4": "INTEGER",
    "int32": "INTEGER",
    "signed": "INTEGER",
    "bigint": "BIGINT",
    "long": "BIGINT",
    "int64": "BIGINT",
    "hugeint": "HUGEINT",
    "int128": "HUGEINT",
    "utinyint": "UTINYINT",
    "uint8": "UTINYINT",
    "usmallint": "USMALLINT",
    "uint16": "USMALLINT",
    "uinteger": "UINTEGER",
    "uint32": "UINTEGER",
    "ubigint": "UBIGINT",
    "uint64": "UBIGINT",
    "float": "FLOAT",
    "float4": "FLOAT",
    "float32": "FLOAT",
    "real": "FLOAT",
    "double": "DOUBLE",
    "double precision": "DOUBLE",
    "float8": "DOUBLE",
    "float64": "DOUBLE",
    "decimal": "DECIMAL",
    "numeric": "DECIMAL",
    "number": "DECIMAL",
    "varchar": "VARCHAR",
    "string": "VARCHAR",
    "text": "VARCHAR",
    "char": "VARCHAR",
    "character": "VARCHAR",
    "character varying": "VARCHAR",
    "nvarchar": "VARCHAR",
    "nchar": "VARCHAR",
    "bpchar": "VARCHAR",
    "utf8": "VARCHAR",
    "bool": "BOOLEAN",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "date32": "DATE",
    "time": "TIME",
    "timestamp": "TIMESTAMP",
    "datetime": "TIMESTAMP",
    "timestamp without time zone": "TIMESTAMP",
    "timestamp_ntz": "TIMESTAMP",
    "timestamp_ms": "TIMESTAMP_MS",
    "timestamp_ns": "TIMESTAMP_NS",
    "timestamp_s": "TIMESTAMP_S",
    "timestamp_us": "TIMESTAMP",
    "timestamptz": "TIMESTAMP WITH TIME ZONE",
    "timestamp with time zone": "TIMESTAMP WITH TIME ZONE",
    "timestamp_tz": "TIMESTAMP WITH TIME ZONE",
    "timestamp_ltz": "TIMESTAMP WITH TIME ZONE",
    "uuid": "UUID",
    "blob": "BLOB",
    "binary": "BLOB",
    "bytea": "BLOB",
    "varbinary": "BLOB",
    "json": "JSON",
    "interval": "INTERVAL",
}

# logicalType → the DuckDB type text is cast to when no physical type says more.
_LOGICAL_DEFAULT: dict[str, str] = {
    "integer": "BIGINT",
    "number": "DOUBLE",
    "string": "VARCHAR",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "time": "TIME",
    "boolean": "BOOLEAN",
}

_FAMILY_BY_TYPE: dict[str, str] = {
    **dict.fromkeys(
        [
            "TINYINT",
            "SMALLINT",
            "INTEGER",
            "BIGINT",
            "HUGEINT",
            "UTINYINT",
            "USMALLINT",
            "UINTEGER",
            "UBIGINT",
            "UHUGEINT",
        ],
        "integer",
    ),
    **dict.fromkeys(["FLOAT", "DOUBLE", "DECIMAL"], "number"),
    **dict.fromkeys(["VARCHAR", "UUID", "ENUM"], "string"),
    "DATE": "date",
    **dict.fromkeys(
        ["TIMESTAMP", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP_S", "TIMESTAMP WITH TIME ZONE"], "timestamp"
    ),
    **dict.fromkeys(["TIME", "TIME WITH TIME ZONE"], "time"),
    "BOOLEAN": "boolean",
    "JSON": "object",
    "BLOB": "string",
    "INTERVAL": "string",
}

# The logical families a stored type may satisfy (an integer column satisfies `number`).
_COMPATIBLE: dict[str, frozenset[str]] = {
    "integer": frozenset({"integer"}),
    "number": frozenset({"integer", "number"}),
    "string": frozenset({"string"}),
    "date": frozenset({"date"}),
    "timestamp": frozenset({"timestamp"}),
    "time": frozenset({"time"}),
    "boolean": frozenset({"boolean"}),
    "array": frozenset({"array"}),
    "object": frozenset({"object", "map"}),
    "map": frozenset({"map", "object"}),
}


def base_type(duckdb_type: str) -> str:
    """`DECIMAL(10,2)` → `DECIMAL`, `VARCHAR[]` stays a list, `STRUCT(...)` → `STRUCT`."""
    text = duckdb_type.strip().upper()
    if text.endswith("]"):
        return "LIST"
    return text.split("(", 1)[0].strip()


def family(duckdb_type: str) -> str:
    """The ODCS logical family of a DuckDB type: integer, number, string, date, timestamp, time..."""
    base = base_type(duckdb_type)
    if base in ("LIST", "ARRAY"):
        return "array"
    if base in ("STRUCT", "UNION"):
        return "object"
    if base == "MAP":
        return "map"
    return _FAMILY_BY_TYPE.get(base, "other")


def physical_to_duckdb(physical: str) -> str | None:
    """A physicalType as DuckDB spells it (parameters kept for DECIMAL), or None when unknown."""
    text = " ".join(physical.strip().lower().split())
    match = re.fullmatch(r"([a-z_ ]+?)\s*(\(([^)]*)\))?", text)
    if not match:
        return None
    name, params = match.group(1).strip(), match.group(3)
    duck = _PHYSICAL_ALIASES.get(name)
    if duck is None:
        return None
    if duck == "DECIMAL" and params:
        parts = [p.strip() for p in params.split(",")]
        if all(p.isdigit() for p in parts) and 1 <= len(parts) <= 2:
            return f"DECIMAL({','.join(parts)})" if len(parts) == 2 else f"DECIMAL({parts[0]},0)"
    if name == "float" and params:  # FLOAT(p): p > 24 bits of precision is a double in SQL
        first = params.split(",")[0].strip()
        if first.isdigit() and int(first) > 24:
            return "DOUBLE"
    return duck


@dataclass(frozen=True)
class DeclaredType:
    """What a property declares: its logical family and the DuckDB type text is read as."""

    logical: str | None  # ODCS logicalType (lower case) or None
    physical: str | None  # physicalType as written, or None
    physical_duckdb: str | None  # physicalType mapped to DuckDB, None when unknown
    cast_type: str | None  # DuckDB type values are cast to; None = keep as stored (array, object...)
    timezone: bool = False

    @property
    def family(self) -> str | None:
        if self.physical_duckdb is not None:
            return family(self.physical_duckdb)
        return self.logical

    def describe(self) -> str:
        parts = []
        if self.physical:
            parts.append(f"physicalType {self.physical}")
        if self.logical:
            parts.append(f"logicalType {self.logical}")
        return ", ".join(parts)


def declared_type(prop: dict[str, object]) -> DeclaredType:
    logical = prop.get("logicalType")
    logical_text = logical.lower() if isinstance(logical, str) else None
    physical = prop.get("physicalType")
    physical_text = physical if isinstance(physical, str) and physical.strip() else None
    physical_duck = physical_to_duckdb(physical_text) if physical_text else None
    options = prop.get("logicalTypeOptions")
    timezone = isinstance(options, dict) and options.get("timezone") is True
    # A physical type that contradicts the logical one (logicalType integer, physicalType VARCHAR)
    # is a contract problem; the logical type decides how values are read.
    if physical_duck is not None and (logical_text is None or family(physical_duck) == logical_text):
        cast: str | None = physical_duck
    else:
        cast = _LOGICAL_DEFAULT.get(logical_text or "")
        if cast == "TIMESTAMP" and timezone:
            cast = "TIMESTAMP WITH TIME ZONE"
    return DeclaredType(logical_text, physical_text, physical_duck, cast, timezone)


def stored_type_matches(stored: str, declared: DeclaredType) -> bool:
    """Does a typed (Parquet, typed JSON) column's stored type satisfy the declaration?"""
    if stored.strip('"').upper() == "NULL":
        return True  # a JSON column holding only nulls: no value contradicts any declared type
    if declared.physical_duckdb is not None:
        want = declared.physical_duckdb.upper().replace(" ", "")
        have = stored.upper().replace(" ", "")
        if base_type(want) == "DECIMAL" and "(" not in want:
            return base_type(have) == "DECIMAL"
        if base_type(want) == "VARCHAR":
            return base_type(have) == "VARCHAR"
        if want == "TIMESTAMP":  # a plain `timestamp` says nothing about the unit writers pick (ns, ms...)
            return have in ("TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S")
        return have == want
    if declared.logical is not None:
        allowed = _COMPATIBLE.get(declared.logical)
        return allowed is None or family(stored) in allowed
    return True


def integer_format_range(fmt: str) -> tuple[int, int] | None:
    """ODCS integer `format` (Rust names: i8..i128, u8..u128) → inclusive value range."""
    match = re.fullmatch(r"([iu])(8|16|32|64|128)", fmt)
    if not match:
        return None
    bits = int(match.group(2))
    if match.group(1) == "i":
        return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    return 0, 2**bits - 1


# Java DateTimeFormatter letters → strptime; enough for the formats contracts use.
_JAVA_TOKENS: list[tuple[str, str]] = [
    ("yyyy", "%Y"),
    ("uuuu", "%Y"),
    ("yy", "%y"),
    ("MMMM", "%B"),
    ("MMM", "%b"),
    ("MM", "%m"),
    ("dd", "%d"),
    ("HH", "%H"),
    ("hh", "%I"),
    ("mm", "%M"),
    ("ss", "%S"),
    ("SSSSSS", "%f"),
    ("SSS", "%g"),
    ("a", "%p"),
    ("XXX", "%z"),
    ("Z", "%z"),
    ("z", "%Z"),
]


def java_to_strptime(fmt: str) -> str | None:
    """`yyyy-MM-dd HH:mm:ss` → `%Y-%m-%d %H:%M:%S`; None when the format uses letters we do not map."""
    out: list[str] = []
    i = 0
    while i < len(fmt):
        if fmt[i] == "'":  # quoted literal
            end = fmt.find("'", i + 1)
            if end == -1:
                return None
            out.append(fmt[i + 1 : end].replace("%", "%%") or "'")
            i = end + 1
            continue
        for token, replacement in _JAVA_TOKENS:
            if fmt.startswith(token, i):
                out.append(replacement)
                i += len(token)
                break
        else:
            if fmt[i].isalpha():
                return None
            out.append("%%" if fmt[i] == "%" else fmt[i])
            i += 1
    return "".join(out)


# String `format`s DuckDB can test with a regular expression (RE2 syntax).
STRING_FORMAT_PATTERNS: dict[str, str] = {
    "email": r"[^@\s]+@[^@\s]+\.[^@\s]+",
    "uuid": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
    "uri": r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+",
    "hostname": r"[A-Za-z0-9]([A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*",
    "ipv4": r"((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])",
    "ipv6": r"[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*",
    "byte": r"([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?",
}
