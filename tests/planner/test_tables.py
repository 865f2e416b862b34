"""Reading client tables: dialect detection, Russian number formats, XLSX, and error messages."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner.errors import InputError
from planner.tables import (
    detect_decimal,
    detect_delimiter,
    detect_encoding,
    read_header,
    read_table,
    to_bool,
    to_numeric,
)
from tests.paths import TABLES



def test_cp1251_semicolon_decimal_comma_is_detected_and_parsed():
    table = read_table(
        TABLES / "clients_cp1251.csv",
        text_columns=["client_id", "name", "region", "manager"],
        numeric_columns=["revenue_12m", "margin", "employees"],
        bool_columns=["locked"],
    )
    assert table.dialect is not None
    assert (table.dialect.encoding, table.dialect.delimiter, table.dialect.decimal) == ("cp1251", ";", ",")
    f = table.frame
    assert list(f["client_id"]) == ["K001", "K002", "K003", "K004"]
    assert list(f["name"]) == ["ООО Ромашка", "АО Вектор", "ИП Сидоров", "ООО Север"]
    assert list(f["region"]) == ["Москва", "Санкт-Петербург", "Казань", "Москва"]
    # "1 200 000,50" (thousands by spaces), "45 000", "0,5" and "30%" are numbers.
    assert list(f["revenue_12m"]) == [1_200_000.5, 800_000.0, 45_000.0, 0.5]
    assert list(f["margin"]) == [0.25, 0.2, 0.3, 0.1]
    assert f["employees"].iloc[3] == 49.5 and math.isnan(f["employees"].iloc[2])
    assert f["manager"].isna().tolist() == [False, False, True, False]
    assert list(f["locked"]) == [True, False, False, True]
    assert f["revenue_12m"].dtype == np.float64


def test_utf8_bom_comma_csv_with_quotes_and_a_blank_line():
    assert read_header(TABLES / "clients_bom.csv")[0] == "client_id"  # no BOM in the name
    table = read_table(
        TABLES / "clients_bom.csv", text_columns=["client_id", "name"], numeric_columns=["revenue_12m", "employees"]
    )
    assert table.dialect is not None
    assert (table.dialect.encoding, table.dialect.delimiter, table.dialect.decimal) == ("utf-8-sig", ",", ".")
    f = table.frame
    assert list(f["name"]) == ["Alpha, Ltd", "Beta", "Gamma", "Delta", "Epsilon"]
    # The blank line (line 4 of the file) keeps its place: Gamma is data row 4, line 5.
    assert list(f.index + 1) == [1, 2, 4, 5, 6]
    assert table.where(int(f.index[2])) == "line 5 of the file"


def test_tab_separated_with_decimal_comma():
    table = read_table(TABLES / "clients_tab.csv", text_columns=["client_id", "region"], numeric_columns=["revenue_12m"])
    assert table.dialect is not None and table.dialect.delimiter == "\t"
    assert list(table.frame["revenue_12m"]) == [10.5, 20.0]
    assert list(table.frame["client_id"]) == ["1", "2"]  # ids stay text


def test_non_numeric_value_names_row_line_column_and_value(tmp_path):
    p = tmp_path / "clients.csv"
    rows = ["client_id,revenue_12m"] + [f"C{i},{i * 10}" for i in range(1, 118)] + ["C118,abc", "C119,n/a", "C120,5"]
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_table(p, text_columns=["client_id"], numeric_columns=["revenue_12m"], column_paths={"revenue_12m": "clients.revenue_column"})
    (problem,) = exc.value.problems
    assert problem.path == "clients.revenue_column"
    assert problem.message == (
        "clients.csv row 118 (line 119 of the file), column revenue_12m: 'abc' is not a number; "
        "1 more such values in this column (rows 119)"
    )


def test_explicit_dialect_is_honoured(tmp_path):
    p = tmp_path / "t.csv"
    p.write_bytes("id|x\n".replace("|", ";").encode() + "a;1,5\n".encode())
    # decimal "." forbids a decimal comma: "1,5" is then not a number of the file's convention.
    with pytest.raises(InputError, match=r"'1,5' does not follow the file's decimal point"):
        read_table(p, text_columns=["id"], numeric_columns=["x"], decimal=".")
    # An explicit encoding that does not fit is reported, not guessed around.
    q = tmp_path / "c.csv"
    q.write_bytes("id;город\n1;Москва\n".encode("cp1251"))
    with pytest.raises(InputError, match="not readable as utf-8"):
        read_table(q, text_columns=["id"], encoding="utf-8")
    t = read_table(q, text_columns=["id", "город"], encoding="cp1251", delimiter=";")
    assert list(t.frame["город"]) == ["Москва"]


def test_xlsx_sheet_by_name_and_first_sheet(tmp_path):
    t = read_table(
        TABLES / "clients.xlsx",
        sheet="Clients",
        text_columns=["client_id", "region", "manager"],
        numeric_columns=["revenue_12m", "margin", "employees"],
    )
    f = t.frame
    assert t.excel and t.dialect is None
    assert list(f["client_id"]) == ["101", "102", "103", "104"]  # whole numbers lose ".0"
    assert list(f["revenue_12m"]) == [500.0, 300.0, 100.0, 1234.5]
    assert math.isnan(f["employees"].iloc[3]) and f["manager"].isna().iloc[2]
    # By position, and the default first sheet (which lacks the columns: only the header is read).
    t1 = read_table(TABLES / "clients.xlsx", sheet=1, text_columns=["client_id"])
    assert len(t1.frame) == 4
    assert read_header(TABLES / "clients.xlsx") == ["This workbook's first sheet is not the table"]
    with pytest.raises(InputError, match=r"has no sheet 'Kunden' \(sheets: Notes, Clients\)"):
        read_table(TABLES / "clients.xlsx", sheet="Kunden", text_columns=["client_id"])


def test_xlsx_bad_number_names_the_sheet_row():
    with pytest.raises(InputError) as exc:
        read_table(TABLES / "bad_number.xlsx", text_columns=["client_id"], numeric_columns=["revenue_12m"])
    assert exc.value.problems[0].message == (
        "bad_number.xlsx row 2 (row 3 of the sheet), column revenue_12m: 'abc' is not a number"
    )


def test_detectors():
    assert detect_encoding("id;имя\n".encode("cp1251")) == "cp1251"
    assert detect_encoding("id;имя\n".encode("utf-8")) == "utf-8"
    assert detect_encoding("\ufeffid\n".encode("utf-8")) == "utf-8-sig"
    assert detect_delimiter("a;b;c\n1,5;2;3\n") == ";"
    assert detect_delimiter("a,b,c\n1,2,3\n") == ","
    assert detect_delimiter("a\tb\n1\t2\n") == "\t"
    assert detect_delimiter('a,b\n"1,5",2\n') == ","
    assert detect_decimal("a;b\n1,5;2\n", ";") == ","
    assert detect_decimal("a;b\n1.5;2\n", ";") == "."
    assert detect_decimal("a,b\n1,5\n", ",") == "."


def test_to_numeric_and_to_bool():
    values, bad = to_numeric(pd.Series(["1 234,5", "\u00a012", "7%", "", None, "x", "1e3", "inf", "1.234,5"], dtype="str"))
    assert values.iloc[:3].tolist() == [1234.5, 12.0, 0.07]
    assert values.iloc[6] == 1000.0
    assert values.iloc[8] == 1234.5  # a thousands dot before a decimal comma is unambiguous
    assert bad.tolist() == [False, False, False, False, False, True, False, True, False]
    flags, bad = to_bool(pd.Series(["да", "Нет", "TRUE", "0", None, "maybe"], dtype="str"))
    assert flags.tolist() == [True, False, True, False, False, False]
    assert bad.tolist() == [False, False, False, False, False, True]


def test_missing_file_and_garbage_file(tmp_path):
    with pytest.raises(InputError, match="not found"):
        read_table(tmp_path / "nope.csv", text_columns=["a"])
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="not a readable Excel workbook"):
        read_table(junk, text_columns=["a"])


# ----- property: any export dialect reads back the same numbers and text ---------------------------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

WORDS = st.sampled_from(["Москва", "Санкт-Петербург", "Kazan", "ООО «Вектор»", "a;b", 'quote "x"', "007"])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(st.one_of(st.none(), st.floats(-1e9, 1e9, allow_nan=False).map(lambda x: round(x, 2))), WORDS),
        min_size=1, max_size=30,
    ),
    dialect=st.sampled_from([(";", ",", "cp1251"), (";", ",", "utf-8-sig"), (",", ".", "utf-8"), ("\t", ",", "cp1251")]),
)
def test_exports_round_trip(tmp_path, rows, dialect):
    sep, decimal, encoding = dialect
    frame = pd.DataFrame(
        {"client_id": [f"id{k}" for k in range(len(rows))], "revenue": [r[0] for r in rows], "city": [r[1] for r in rows]}
    )
    path = tmp_path / "export.csv"
    frame.to_csv(path, sep=sep, decimal=decimal, encoding=encoding, index=False)
    table = read_table(path, text_columns=["client_id", "city"], numeric_columns=["revenue"])
    assert table.dialect is not None and table.dialect.delimiter == sep
    got = table.frame
    assert got["city"].tolist() == frame["city"].tolist()
    expected = frame["revenue"].to_numpy(dtype=float)
    assert np.allclose(got["revenue"].to_numpy(), expected, equal_nan=True, rtol=0, atol=1e-9)


# ----- read exactly or refused (issue 12) --------------------------------------------------------
@pytest.mark.parametrize(
    "cells, decimal, expected",
    [
        (["1.000,50", "1.000", "0,5"], ",", [1000.5, 1000.0, 0.5]),  # decimal comma: the dot groups thousands
        (["1,000.50", "1,000", "0.5"], ".", [1000.5, 1000.0, 0.5]),
        (["1.000.000", "1,000,000"], None, [1e6, 1e6]),  # two groups can only be thousands
        (["12,5", "12.5", "0,207", "1 000,5"], None, [12.5, 12.5, 0.207, 1000.5]),
    ],
)
def test_thousands_separators_follow_the_file_convention(cells, decimal, expected):
    values, bad = to_numeric(pd.Series(cells, dtype="str"), decimal=decimal)
    assert not bad.any() and values.tolist() == expected


def test_thousands_ambiguous_or_against_the_convention_are_refused(tmp_path):
    from planner.tables import number_convention

    assert number_convention([pd.Series(["1.000", "2,5"], dtype="str")]) == ","
    assert number_convention([pd.Series(["1.000", "2.000"], dtype="str")]) is None
    p = tmp_path / "t.csv"
    p.write_text("id;x\na;1.000\nb;2\n", encoding="utf-8")  # one thousand, or one?
    with pytest.raises(InputError, match=r"'1.000' is ambiguous .*set `decimal:`"):
        read_table(p, text_columns=["id"], numeric_columns=["x"])
    assert read_table(p, text_columns=["id"], numeric_columns=["x"], decimal=",").frame["x"].tolist() == [1000.0, 2.0]
    q = tmp_path / "q.csv"
    q.write_text("id;x\na;1,5\nb;12.5\n", encoding="utf-8")  # a decimal comma, then a decimal point
    with pytest.raises(InputError, match=r"'12.5' does not follow the file's decimal comma"):
        read_table(q, text_columns=["id"], numeric_columns=["x"], decimal=",")


@pytest.mark.parametrize(
    "text, line, n",
    [("id;x;y\na;1;2\nb;3;4;5\n", 3, 4), ("id;x;y\na;1;2\nb;3\n", 3, 2), ("id;x;y\n\na;1;2\n\nb;3;4;x;\n", 5, 4)],
)
def test_a_row_with_the_wrong_number_of_fields_is_refused_with_its_line(tmp_path, text, line, n):
    p = tmp_path / "t.csv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=rf"t.csv line {line}: {n} fields, but the header has 3"):
        read_table(p, text_columns=["id"], numeric_columns=["x", "y"])


@pytest.mark.parametrize("header_end", ["", ";"])
def test_trailing_delimiters_are_read_as_nothing(tmp_path, header_end):
    p = tmp_path / "t.csv"
    p.write_text(f"id;x;y{header_end}\na;1;2;\nb;3;4;;\n", encoding="utf-8")
    frame = read_table(p, text_columns=["id"], numeric_columns=["x", "y"]).frame
    assert frame["id"].tolist() == ["a", "b"] and frame["y"].tolist() == [2.0, 4.0]


def test_a_table_over_the_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    import planner.tables as tables

    p = tmp_path / "t.csv"
    p.write_text("id;x\n" + "a;1\n" * 100, encoding="utf-8")
    monkeypatch.setattr(tables, "MAX_TABLE_BYTES", 50)
    with pytest.raises(InputError, match="more than the limit of 50 bytes"):
        read_table(p, text_columns=["id"], numeric_columns=["x"])
