"""The checked-in schema.graphql (used by the frontend's codegen) matches the code."""

from __future__ import annotations

import difflib
from pathlib import Path

from strawberry.printer import print_schema

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schema.graphql"


def test_checked_in_schema_matches_the_code() -> None:
    from partnercenter.schema import schema

    printed = print_schema(schema) + "\n"
    checked_in = SCHEMA_FILE.read_text(encoding="utf-8")
    if printed != checked_in:
        diff = "".join(
            difflib.unified_diff(
                checked_in.splitlines(keepends=True),
                printed.splitlines(keepends=True),
                fromfile="schema.graphql (checked in)",
                tofile="schema.graphql (from the code)",
                n=2,
            )
        )
        raise AssertionError(f"{SCHEMA_FILE} is out of date: run `make schema` and commit it.\n{diff[:4000]}")


def test_the_export_command_writes_the_same_text(tmp_path: Path) -> None:
    from partnercenter.cli import main

    out = tmp_path / "schema.graphql"
    main(["export-schema", "--output", str(out)])
    from partnercenter.schema import schema

    assert out.read_text(encoding="utf-8") == print_schema(schema) + "\n"
