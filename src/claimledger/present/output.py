"""Rows out: a rich table for people, JSON, JSON Lines or CSV for programs.

Colour and boxes only when writing to a terminal; pipes get plain output.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

FORMATS = ("table", "json", "jsonl", "csv")
_CONTROL_PICTURES = {c: 0x2400 + c for c in range(0x20) if chr(c) not in "\n\t"}
_CONTROL_PICTURES |= {0x7F: 0x2421} | {c: 0xFFFD for c in range(0x80, 0xA0)}


def printable(text: str) -> str:
    """``text`` safe for a terminal: every control character (ESC, BEL, the C1 set) shown
    as its Unicode picture ("␛"), one character for one, so offsets into it still hold.
    Article text, titles and file names are hostile: raw, they could retitle the window,
    clear the screen or write to the clipboard."""
    return text.translate(_CONTROL_PICTURES)
CELL_CHARS = 80
PIPED_WIDTH = 200
"""Tables written to a pipe or file are not squeezed to a default 80 columns."""


def emit(rows: Iterable[dict[str, Any]], fmt: str, columns: Sequence[str],
         title: str | None = None, out: TextIO | None = None) -> int:
    """Write ``rows`` (only ``columns``) in ``fmt``; return how many were written."""
    stream = out or sys.stdout
    picked = ({c: row.get(c) for c in columns} for row in rows)
    if fmt == "jsonl":
        n = 0
        for row in picked:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
        return n
    if fmt == "json":
        data = list(picked)
        json.dump(data, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        return len(data)
    if fmt == "csv":
        writer = csv.DictWriter(stream, fieldnames=list(columns))
        writer.writeheader()
        n = 0
        for row in picked:
            writer.writerow(row)
            n += 1
        return n
    return _table(picked, columns, title, stream)


def _table(rows: Iterable[dict[str, Any]], columns: Sequence[str], title: str | None,
           stream: TextIO) -> int:
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    n = 0
    for row in rows:
        table.add_row(*(Text(_cell(row[c])) for c in columns))  # Text: no markup read
        n += 1
    console = Console(file=stream, highlight=False)
    if not console.is_terminal:
        console.width = PIPED_WIDTH
    console.print(table)
    return n


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.6g}"
    text = printable(str(value)).replace("\n", " ").replace("\t", " ")
    return text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"
