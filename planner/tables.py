"""Reading client and prospect tables: CSV (comma, semicolon or tab; UTF-8, UTF-8 with BOM or
Windows-1251; decimal point or decimal comma) and XLSX (first sheet, or the source's `sheet`).

Russian CRM and 1C exports use all three CSV variations, so each is detected unless the table
source sets it (`delimiter`, `encoding`, `decimal`):

- encoding: a UTF-8 byte-order mark gives `utf-8-sig`; text that decodes as UTF-8 is UTF-8;
  anything else is read as Windows-1251 (`cp1251`).
- delimiter: of `;`, tab and `,`, the one that splits the header and the first rows into the same
  number (> 1) of fields; on a tie the most fields win, then `;` before tab before `,`.
- decimal: a comma when the delimiter is not a comma and sampled fields look like `12,5`.

Numbers are read exactly or refused, never guessed (`to_numeric`). The file's number convention
is the source's `decimal`, else what its number columns show: a value such as `12,5`, `0,207` or
`1.000,50` shows a decimal comma, `12.5` or `1,000.50` a decimal point. Under a decimal comma the
dot separates thousands (`1.000,50` is 1000.5, `1.000` is 1000), under a decimal point the comma
does; a value that breaks the convention (`12.5` in a decimal-comma file) is refused. A file that
shows no convention reads every value by its own form, and refuses the ambiguous ones (`1.000`:
one thousand or one?) asking for `decimal:`. Spaces (also non-breaking) and apostrophes always
separate thousands; a trailing `%` divides by 100. Empty cells are missing values. Anything else
is an error naming the row, column and value.

A CSV row must have as many fields as the header (empty trailing fields, from a delimiter at the
end of each row, excepted): a row with more or fewer is refused with its line number, so no
field is ever read under another column's name. A table over MAX_TABLE_BYTES is refused before
anything is parsed.

Row numbers in messages are data rows counted from 1 under the header row, so data row 118 is
line 119 of a CSV file (and row 119 of a spreadsheet), blank lines included.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from models.limits import MAX_TABLE_BYTES
from planner.containment import read_regular, shown
from planner.errors import InputError, Problem
from planner.i18n import N_, catalogue, tr

# User-facing text (kept in one place for the Russian edition).
TEXT = catalogue({
    "not_found": N_("'{file}' not found"),
    "unreadable": N_("cannot read '{file}': {reason}"),
    "bad_encoding": N_("'{file}' is not readable as {encoding} (byte {pos}); set `encoding:` of the table source"),
    "bad_csv": N_("'{file}' is not a readable CSV table: {reason}"),
    "bad_xlsx": N_("'{file}' is not a readable Excel workbook: {reason}"),
    "no_sheet": N_("'{file}' has no sheet {sheet!r} (sheets: {sheets})"),
    "no_header": N_("'{file}' has no header row: the first row must name the columns"),
    "not_number": N_("{file} row {row} ({where}), column {column}: {value!r} is not a number"),
    "more_bad": N_("; {n} more such values in this column (rows {rows})"),
    "not_bool": N_("{file} row {row} ({where}), column {column}: {value!r} is not yes/no (use 1/0, true/false, yes/no, да/нет)"),
    "old_excel": N_("'{file}' is an old .xls workbook: save it as .xlsx or CSV"),
    "fields": N_("{file} line {line}: {n} fields, but the header has {header}: a delimiter too many or too few in this row?"),
    "more_lines": N_("; {n} more such rows (lines {lines})"),
    "long_cell": N_("{file} line {line}: a cell longer than {limit:,} characters (an unclosed quote?)"),
    "ambiguous": N_("{file} row {row} ({where}), column {column}: {value!r} is ambiguous (a thousands separator or a decimal mark?): set `decimal:` of the table source to \",\" or \".\""),
    "convention": N_("{file} row {row} ({where}), column {column}: {value!r} does not follow the file's decimal {mark}: write it as the other numbers are, or set `decimal:` of the table source"),
    "line": N_("line {line} of the file"),
    "sheet_row": N_("row {line} of the sheet"),
})

TEXT_MARKS = catalogue({",": N_("comma"), ".": N_("point")})

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
DELIMITERS = (";", "\t", ",")  # tie-break order
SAMPLE_BYTES = 64 * 1024
SAMPLE_LINES = 50
TRUE_WORDS = {"1", "true", "yes", "y", "x", "да", "д", "истина", "+"}
FALSE_WORDS = {"0", "false", "no", "n", "нет", "н", "ложь", "-"}
_DECIMAL_COMMA_FIELD = r"^\s*[+-]?\d[\d\s\u00a0\u202f]*,\d+\s*%?\s*$"


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file was read: detected, or as the table source says."""

    encoding: str
    delimiter: str
    decimal: str


@dataclass(frozen=True)
class Table:
    """A table as read: `frame` keeps the file's row positions in its index (0 = first data row).

    Text columns are pandas strings (missing = NA), numeric columns float64 (missing = NaN).
    """

    frame: pd.DataFrame
    file: str  # the file name as shown in messages
    excel: bool
    dialect: CsvDialect | None = None
    decimal: str | None = None  # the number convention its numbers were read with (None: unknown)

    def where(self, position: int) -> str:
        """`line 119 of the file` for data row 118 (position 117)."""
        key = "sheet_row" if self.excel else "line"
        return TEXT[key].format(line=position + 2)


# ----- detection ------------------------------------------------------------------------------
def detect_encoding(data: bytes) -> str:
    """`utf-8-sig` with a BOM, `utf-8` if the bytes decode as UTF-8, else `cp1251`."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def _sample_lines(text: str) -> list[str]:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    # The sample may cut the last line in half: drop it unless it is the whole file.
    return lines[: SAMPLE_LINES + 1][:-1] if len(lines) > SAMPLE_LINES else lines


def detect_delimiter(sample: str) -> str:
    """The delimiter that splits the header and sampled rows into equal field counts (> 1)."""
    lines = _sample_lines(sample)
    if not lines:
        return ","
    best: tuple[int, int, int] | None = None
    chosen = DELIMITERS[0]
    for rank, delim in enumerate(DELIMITERS):
        rows = list(csv.reader(lines, delimiter=delim))
        widths = [len(r) for r in rows]
        header = widths[0]
        if header <= 1:
            continue
        consistent = int(all(w == header for w in widths))
        score = (consistent, header, -rank)
        if best is None or score > best:
            best, chosen = score, delim
    return chosen


def detect_decimal(sample: str, delimiter: str) -> str:
    """`,` if the delimiter is not a comma and some sampled field looks like `12,5`."""
    if delimiter == ",":
        return "."
    lines = _sample_lines(sample)[1:]
    if not lines:
        return "."
    fields = pd.Series([f for row in csv.reader(lines, delimiter=delimiter) for f in row], dtype=object)
    if fields.empty:
        return "."
    return "," if fields.astype(str).str.match(_DECIMAL_COMMA_FIELD).any() else "."


# ----- reading --------------------------------------------------------------------------------
def read_table(
    path: Path,
    *,
    text_columns: Iterable[str] = (),
    numeric_columns: Iterable[str] = (),
    bool_columns: Iterable[str] = (),
    sheet: str | int | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    decimal: str | None = None,
    problem_path: str = "file",
    column_paths: dict[str, str] | None = None,
) -> Table:
    """Read the named columns of a CSV or XLSX table.

    Only the listed columns are kept (all of them must exist: check with `read_header` first).
    A column listed as text and as numeric is kept as text; convert it with `to_numeric`.
    Rows in which every kept column is empty (blank lines, trailing separators) are dropped.
    Bad numbers and yes/no values raise `InputError`; `column_paths` maps a column to the
    scenario path that named it (`clients.revenue_column`), used as the problem's path.
    """
    path = Path(path)
    _refuse_xls(path, problem_path)
    text_set = set(text_columns)
    numeric_set = set(numeric_columns) - text_set
    bool_set = set(bool_columns)
    wanted = set(text_set | numeric_set | bool_set)
    excel = _is_excel(path)
    if excel:
        frame = _read_excel(path, wanted, sheet, problem_path)
        table = Table(frame, shown(path.name), excel=True)
    else:
        data = _read_bytes(path, problem_path)
        dialect = _dialect(data, path.name, delimiter, encoding, decimal, problem_path)
        check_field_counts(data, dialect, shown(path.name), problem_path)
        try:
            frame = pd.read_csv(
                io.BytesIO(data),
                sep=dialect.delimiter,
                encoding=dialect.encoding,
                usecols=lambda c: str(c).strip() in wanted,
                dtype="str",  # numbers are read by `to_numeric`, in the file's convention
                index_col=False,  # a delimiter at the end of every row is no index column
                skip_blank_lines=False,
                keep_default_na=False,
                na_values=[""],
                skipinitialspace=True,
            )
        except (pd.errors.ParserError, ValueError, UnicodeDecodeError) as exc:
            raise InputError(Problem(problem_path, TEXT["bad_csv"].format(file=shown(path.name), reason=safe_reason(exc, path)))) from None
        frame.columns = [str(c).strip() for c in frame.columns]
        table = Table(frame, shown(path.name), excel=False, dialect=dialect)
    frame = table.frame
    frame = frame.dropna(how="all") if len(frame.columns) else frame
    paths = column_paths or {}
    problems: list[Problem] = []
    out: dict[str, pd.Series] = {}
    convention = decimal or number_convention([frame[c] for c in frame.columns if c in numeric_set])
    table = Table(frame, table.file, table.excel, table.dialect, convention)
    for col in frame.columns:
        series = frame[col]
        if col in numeric_set:
            values, bad = to_numeric(series, decimal=convention)
            if bad.any():
                problems.append(number_problem(table, col, series, bad, paths.get(col, problem_path)))
            out[col] = values
        elif col in bool_set:
            values, bad = to_bool(series)
            if bad.any():
                problems.append(bad_values_problem(table, col, series, bad, "not_bool", paths.get(col, problem_path)))
            out[col] = values
        else:
            out[col] = _as_text(series)
    if problems:
        raise InputError(problems)
    frame = pd.DataFrame(out, index=frame.index)
    return Table(frame, table.file, table.excel, table.dialect, convention)


def read_header(
    path: Path,
    *,
    sheet: str | int | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    problem_path: str = "file",
) -> list[str]:
    """The column names of a table (stripped of surrounding spaces), without reading its rows."""
    path = Path(path)
    _refuse_xls(path, problem_path)
    if _is_excel(path):
        frame = _read_excel(path, None, sheet, problem_path, nrows=0)
        return [str(c).strip() for c in frame.columns]
    data = _read_bytes(path, problem_path, limit=SAMPLE_BYTES)
    dialect = _dialect(data, path.name, delimiter, encoding, None, problem_path, partial=True)
    text = data.decode(dialect.encoding, errors="ignore")
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if not first:
        raise InputError(Problem(problem_path, TEXT["no_header"].format(file=path.name)))
    return [c.strip() for c in next(csv.reader([first], delimiter=dialect.delimiter))]


def _is_excel(path: Path) -> bool:
    """An .xlsx/.xlsm name, or a workbook saved under another name (a zip file)."""
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return True
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _refuse_xls(path: Path, problem_path: str) -> None:
    if path.suffix.lower() == ".xls":
        raise InputError(Problem(problem_path, TEXT["old_excel"].format(file=path.name)))


def _read_bytes(path: Path, problem_path: str, limit: int | None = None) -> bytes:
    """The file's bytes (or its first `limit`): a regular file of at most MAX_TABLE_BYTES."""
    try:
        return read_regular(path, field=problem_path, limit=MAX_TABLE_BYTES, max_read=limit)
    except OSError as exc:
        raise InputError(Problem(problem_path, TEXT["unreadable"].format(file=shown(path.name), reason=exc.strerror))) from None


def safe_reason(exc: BaseException, path: Path) -> str:
    """A library's error message as a user may see it: the server's folders replaced by the file's
    name, at most 200 characters."""
    text = str(exc).replace(str(path), path.name).replace(str(path.parent), "")
    return shown(text, 200)


def check_field_counts(data: bytes, dialect: CsvDialect, file: str, problem_path: str) -> None:
    """Every row has as many fields as the header (trailing empty fields aside; blank lines
    allowed), else an InputError naming the first such line and a few more."""
    # Decoded as a stream: a 200 MB table is not copied into one more 200 MB string.
    text = io.TextIOWrapper(io.BytesIO(data), encoding=dialect.encoding, errors="replace", newline="")
    reader = csv.reader(text, delimiter=dialect.delimiter, skipinitialspace=True)
    header = -1
    bad: list[tuple[int, int]] = []
    count = 0
    try:
        for row in reader:
            n = len(row)
            if n == 0 or (n == 1 and not row[0].strip()):
                continue
            if header < 0:
                while n > 1 and not row[n - 1].strip():
                    n -= 1
                header = n
                continue
            if n != header:
                while n > header and not row[n - 1].strip():
                    n -= 1
                if n != header:
                    count += 1
                    if len(bad) < 6:
                        bad.append((reader.line_num, n))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            message = TEXT["long_cell"].format(file=file, line=reader.line_num, limit=csv.field_size_limit())
        else:
            message = TEXT["bad_csv"].format(file=file, reason=shown(str(exc), 200))
        raise InputError(Problem(problem_path, message)) from None
    if bad:
        line, n = bad[0]
        message = TEXT["fields"].format(file=file, line=line, n=n, header=header)
        if count > 1:
            lines = ", ".join(str(ln) for ln, _ in bad[1:]) + (", ..." if count > len(bad) else "")
            message += TEXT["more_lines"].format(n=count - 1, lines=lines)
        raise InputError(Problem(problem_path, message))


def _dialect(
    data: bytes,
    file: str,
    delimiter: str | None,
    encoding: str | None,
    decimal: str | None,
    problem_path: str,
    partial: bool = False,
) -> CsvDialect:
    if encoding is None:
        # A cut sample may end inside a UTF-8 character: detect on whole characters only.
        encoding = detect_encoding(data if not partial else _trim_utf8(data))
    else:
        try:
            (data if not partial else _trim_utf8(data)).decode(encoding)
        except LookupError:
            raise InputError(Problem(problem_path, tr("unknown encoding {encoding!r}", encoding=encoding))) from None
        except UnicodeDecodeError as exc:
            raise InputError(
                Problem(problem_path, TEXT["bad_encoding"].format(file=file, encoding=encoding, pos=exc.start))
            ) from None
    sample = data[:SAMPLE_BYTES].decode(encoding, errors="ignore")
    delimiter = delimiter or detect_delimiter(sample)
    decimal = decimal or detect_decimal(sample, delimiter)
    return CsvDialect(encoding=encoding, delimiter=delimiter, decimal=decimal)


def _trim_utf8(data: bytes) -> bytes:
    """Drop a partial UTF-8 character at the end of a sample."""
    for cut in range(0, min(4, len(data))):
        try:
            (data[: len(data) - cut] if cut else data).decode("utf-8")
            return data[: len(data) - cut] if cut else data
        except UnicodeDecodeError:
            continue
    return data


def _read_excel(
    path: Path, wanted: Sequence[str] | None, sheet: str | int | None, problem_path: str, nrows: int | None = None
) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(Problem(problem_path, TEXT["not_found"].format(file=shown(path.name))))
    _read_bytes(path, problem_path, limit=0)  # a regular file within the size limit
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError(Problem(problem_path, TEXT["bad_xlsx"].format(file=shown(path.name), reason=safe_reason(exc, path)))) from None
    with book:
        names = list(book.sheet_names)
        if sheet is None:
            sheet_name: str | int = 0
        elif isinstance(sheet, int):
            if not 0 <= sheet < len(names):
                raise InputError(
                    Problem(problem_path, TEXT["no_sheet"].format(file=path.name, sheet=sheet, sheets=", ".join(names)))
                )
            sheet_name = sheet
        else:
            if sheet not in names:
                raise InputError(
                    Problem(problem_path, TEXT["no_sheet"].format(file=path.name, sheet=sheet, sheets=", ".join(names)))
                )
            sheet_name = sheet
        try:
            frame = pd.read_excel(book, sheet_name=sheet_name, nrows=nrows, dtype=object)
        except Exception as exc:
            raise InputError(Problem(problem_path, TEXT["bad_xlsx"].format(file=shown(path.name), reason=safe_reason(exc, path)))) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if wanted is not None:
        frame = frame[[c for c in frame.columns if c in wanted]]
        frame = frame.loc[:, ~frame.columns.duplicated()]
    return frame


# ----- conversions ----------------------------------------------------------------------------
def _as_text(series: pd.Series) -> pd.Series:
    """Values as pandas strings, stripped; empty -> missing. Whole numbers from Excel lose `.0`."""
    if series.dtype == object:
        series = pd.Series([_cell_text(v) for v in series.to_numpy()], index=series.index, dtype=object)
    text = series.astype("str").str.strip()
    return text.where(text != "")


def _cell_text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_SEPARATORS = r"[\s\u00a0\u202f']"  # always thousands separators, never decimal marks
_GROUPED = {m: rf"[1-9]\d{{0,2}}(?:{re.escape(m)}\d{{3}})+" for m in ",."}  # 1.000 / 12,345,678
_EXPONENT = r"(?:[eE][+-]?\d+)?"


def _decimal_form(mark: str) -> str:
    """A number whose only mark is `mark`, as a decimal mark: 12,5  0,207  ,5  12,"""
    m = re.escape(mark)
    return rf"^[+-]?(?:\d+{m}?\d*|{m}\d+){_EXPONENT}$"


def _cleaned(series: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(text without separators and `%`, mask of present cells, mask of percentages)."""
    text = series.astype("str").str.strip()
    present = text.notna() & (text != "")
    text = text.where(present).str.replace(_SEPARATORS, "", regex=True)
    percent = text.str.endswith("%").fillna(False).astype(bool)
    return text.str.removesuffix("%"), present, percent


def number_convention(columns: Sequence[pd.Series]) -> str | None:
    """The decimal mark a table's number columns show, or None when they show none (or both).

    A comma shows itself in `12,5`, `0,207` or `1.000,50`; a point in `12.5` or `1,000.50`.
    `1.000` and `1,000` show nothing: either could be a thousands separator."""
    votes = {",": False, ".": False}
    for series in columns:
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        text, present, _ = _cleaned(series)
        text = text[present]
        if text.empty:
            continue
        for mark, other in ((",", "."), (".", ",")):
            if votes[mark]:
                continue
            alone = text.str.match(_decimal_form(mark)) & ~text.str.fullmatch(r"[+-]?" + _GROUPED[mark])
            both = text.str.fullmatch(rf"[+-]?{_GROUPED[other]}{re.escape(mark)}\d*")
            votes[mark] = bool((alone | both).any())
    if votes[","] == votes["."]:
        return None
    return "," if votes[","] else "."


def to_numeric(series: pd.Series, decimal: str | None = None) -> tuple[pd.Series, pd.Series]:
    """(float64 values, mask of cells that are not numbers). Missing cells are NaN, not bad.

    `decimal` is the file's decimal mark (`","` or `"."`); the other mark then separates
    thousands, in groups of three. With `decimal=None` (the file shows no convention) a value is
    read by its own form and refused when its form is ambiguous (`1.000`, `1,000`): see
    `bad_numbers` for the reason of each refused cell."""
    values, bad, _ambiguous = _parse_numbers(series, decimal)
    return values, bad


def _parse_numbers(series: pd.Series, decimal: str | None) -> tuple[pd.Series, pd.Series, pd.Series]:
    if pd.api.types.is_bool_dtype(series):
        series = series.astype(object)
    if pd.api.types.is_numeric_dtype(series):
        values = series.astype("float64")
        bad = pd.Series(~np.isfinite(values.to_numpy()) & values.notna().to_numpy(), index=series.index)
        return values.where(~bad), bad, pd.Series(False, index=series.index)
    if series.dtype == object:  # a spreadsheet column mixes numbers and text cells
        numbers = pd.to_numeric(series.where(series.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))), errors="coerce")
    else:
        numbers = pd.Series(np.nan, index=series.index)
    text, present, percent = _cleaned(series)
    present &= numbers.isna()
    normal = pd.Series(pd.NA, index=series.index, dtype=object)
    ambiguous = pd.Series(False, index=series.index)
    marks = text.where(present)
    has = {m: marks.str.contains(m, regex=False).fillna(False).astype(bool) for m in ",."}
    plain = present & ~has[","] & ~has["."]
    normal[plain] = marks[plain]
    for mark, other in ((",", "."), (".", ",")):
        only = present & has[mark] & ~has[other]
        if not only.any():
            continue
        grouped = marks[only].str.fullmatch(r"[+-]?" + _GROUPED[mark]).astype(bool)
        as_decimal = marks[only].str.match(_decimal_form(mark)).astype(bool)
        if decimal == mark:  # the file's decimal mark
            ok = as_decimal
            normal[ok[ok].index] = marks[ok[ok].index].str.replace(mark, ".", regex=False)
        elif decimal == other:  # the file's thousands separator
            ok = grouped
            normal[ok[ok].index] = marks[ok[ok].index].str.replace(mark, "", regex=False)
        else:  # no convention: the form decides, unless it could be either
            several = marks[only].str.count(re.escape(mark)) > 1
            thousands = grouped & several
            one_group = grouped & ~several
            ambiguous[one_group[one_group].index] = True
            normal[thousands[thousands].index] = marks[thousands[thousands].index].str.replace(mark, "", regex=False)
            dec = as_decimal & ~grouped
            normal[dec[dec].index] = marks[dec[dec].index].str.replace(mark, ".", regex=False)
    both = present & has[","] & has["."]
    if both.any():
        for mark, other in ((",", "."), (".", ",")):  # `mark` the decimal, `other` the thousands
            if decimal is not None and decimal != mark:
                continue
            form = marks[both].str.fullmatch(rf"[+-]?{_GROUPED[other]}{re.escape(mark)}\d*").astype(bool)
            hit = form[form].index
            normal[hit] = marks[hit].str.replace(other, "", regex=False).str.replace(mark, ".", regex=False)
    parsed = pd.to_numeric(normal, errors="coerce").astype("float64")
    parsed = parsed.where(~percent, parsed / 100.0)
    values = numbers.astype("float64").where(numbers.notna(), parsed)
    arr = values.to_numpy()
    cells = present | numbers.notna()
    bad = cells & ~pd.Series(np.isfinite(arr), index=series.index)
    return values.where(~bad), bad, ambiguous & bad


def number_problem(table: Table, column: str, original: pd.Series, bad: pd.Series, path: str) -> Problem:
    """The problem of a number column's bad cells: ambiguous, against the convention, or no number."""
    _values, _bad, ambiguous = _parse_numbers(original, table.decimal)
    first = np.flatnonzero(bad.to_numpy())[0]
    key = "not_number"
    if ambiguous.iloc[first]:
        key = "ambiguous"
    elif table.decimal is not None:
        text = str(original.iloc[first])
        other = "." if table.decimal == "," else ","
        if other in text and re.fullmatch(r"[\s+-]*[\d\s.,'\u00a0\u202f]+%?\s*", text):
            key = "convention"
    return bad_values_problem(table, column, original, bad, key, path)


def to_bool(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(bool values, mask of cells that are not yes/no). Missing cells are False."""
    if pd.api.types.is_bool_dtype(series):
        return series.astype(bool), pd.Series(False, index=series.index)
    text = _as_text(series).str.lower()
    present = text.notna()
    true = text.isin(TRUE_WORDS).fillna(False).astype(bool)
    false = text.isin(FALSE_WORDS).fillna(False).astype(bool)
    bad = present & ~true & ~false
    return true, bad.astype(bool)


def bad_values_problem(
    table: Table, column: str, original: pd.Series, bad: pd.Series, key: str, path: str
) -> Problem:
    positions = np.flatnonzero(bad.to_numpy())
    index = original.index.to_numpy()
    first = int(index[positions[0]])
    mark = TEXT_MARKS.get(table.decimal or "", "")
    message = TEXT[key].format(
        file=table.file, row=first + 1, where=table.where(first), column=shown(column, 40),
        value=shown(str(original.iloc[positions[0]]), 40), mark=mark,
    )
    if len(positions) > 1:
        rows = ", ".join(str(int(index[p]) + 1) for p in positions[1:6]) + (", ..." if len(positions) > 6 else "")
        message += TEXT["more_bad"].format(n=len(positions) - 1, rows=rows)
    return Problem(path, message)


__all__ = [
    "CsvDialect",
    "Table",
    "detect_decimal",
    "detect_delimiter",
    "detect_encoding",
    "bad_values_problem",
    "check_field_counts",
    "number_convention",
    "number_problem",
    "read_header",
    "read_table",
    "to_bool",
    "to_numeric",
]
