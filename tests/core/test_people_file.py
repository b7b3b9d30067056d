"""Reading a people file: rows out, or every problem named by line and column."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrs.core import people_file
from okrs.core.errors import FieldError, InvalidInput
from okrs.core.people_file import PersonRow, parse_people

HEADER = "name,email,unit,role\n"


def problems(data):
    with pytest.raises(InvalidInput) as refused:
        parse_people(data)
    return [str(error) for error in refused.value.errors]


def test_it_reads_rows_with_a_bom_and_tidy_cells():
    data = (
        "\ufeffName,Email,Unit,Role,Access\n"
        " Ada Lovelace , ada@example.com,Engineering / Web App,Lead,ADMIN\n"
    )
    assert parse_people(data.encode()) == [
        PersonRow(2, "Ada Lovelace", "ada@example.com", ("Engineering", "Web App"), "lead", "admin")
    ]


def test_it_leaves_access_unset_when_the_file_does_not_give_it():
    [row] = parse_people(HEADER + "Bob,bob@example.com,Engineering,member\n")
    assert row.access is None


def test_it_names_the_line_and_column_of_each_problem():
    lines = [HEADER] + [f"P{n},p{n}@example.com,Engineering,member\n" for n in range(2, 17)]
    lines.append("Bob,bob@,Engineering//Web,boss\n")  # line 17
    assert problems("".join(lines)) == [
        "line 17, column email: 'bob@' is not an email address",
        "line 17, column unit: 'Engineering//Web' has an empty part; write Engineering/Web App",
        "line 17, column role: 'boss' is not a role; use lead or member",
    ]


def test_it_names_missing_and_unknown_header_columns():
    assert problems("name,mail,unit\n") == [
        "line 1, header: unknown column 'mail'; the columns are name, email, unit, role "
        "and optionally access",
        "line 1, header: column 'email' is missing",
        "line 1, header: column 'role' is missing",
    ]
    assert problems("") == ["line 1: the file is empty; it needs a header row"]


def test_it_refuses_one_person_written_two_ways_naming_both_lines():
    data = HEADER.replace("\n", ",access\n") + (
        "Bob,bob@example.com,Engineering,lead,admin\n"
        "Bob,bob@example.com,Sales,member,\n"  # another unit, access left out: fine
        "Bobby,BOB@example.com,engineering,member,viewer\n"
    )
    assert problems(data) == [
        "line 4, column name: 'Bobby' differs from 'Bob' on line 2 for BOB@example.com",
        "line 4, column access: 'viewer' differs from 'admin' on line 2 for BOB@example.com",
        "line 4, column role: 'member' differs from 'lead' on line 2 for BOB@example.com",
    ]


def test_a_persons_access_given_on_one_line_holds_on_all():
    data = HEADER.replace("\n", ",access\n") + (
        "Bob,bob@example.com,Engineering,lead,\nBob,bob@example.com,Sales,member,viewer\n"
    )
    assert [row.access for row in parse_people(data)] == ["viewer", "viewer"]


# A table: its rows and columns line up to be read across.
# fmt: off
BAD_CELLS = [
    ("," * 3, None),  # a blank row is skipped
    ("Bob,bob@example.com,Eng,lead,extra", "line 2: has 5 cells; the header has 4"),
    (",bob@example.com,Eng,lead", "line 2, column name: is required"),
    ("Bob,,Eng,lead", "line 2, column email: is required"),
    ("Bob,bob@example.com,,lead", "line 2, column unit: is required: a path such as "
     "Engineering/Web App"),
    ("Bob,bob@example.com,Eng,", "line 2, column role: is required: lead or member"),
    ("Bob,bob @example.com,Eng,lead", "line 2, column email: 'bob @example.com' is not "
     "an email address"),
    (f"{'n' * 151},bob@example.com,Eng,lead", "line 2, column name: is 151 characters; "
     "keep it to 150"),
    (f"Bob,bob@example.com,{'u' * 201},lead", "line 2, column unit: a unit name is 201 "
     "characters; keep it to 200"),
    ("Bob,bob@example.com," + "/".join("u" * 11) + ",lead", "line 2, column unit: "
     "'u/u/u/u/u/u/u/u/u/u/u' is 11 levels deep; 10 at most"),
    ("B\x00b,bob@example.com,Eng,lead", "line 2, column name: has a control character"),
]
# fmt: on


@pytest.mark.parametrize(("cells", "problem"), BAD_CELLS)
def test_it_refuses_each_bad_cell(cells, problem):
    data = HEADER + cells + "\n"
    if problem is None:
        assert parse_people(data) == []
    else:
        assert problems(data) == [problem]


def test_it_refuses_what_is_not_utf8_or_not_csv():
    assert problems("naïve".encode("latin-1")) == [
        "file: is not UTF-8 text (byte 3); save it as CSV UTF-8"
    ]
    assert problems(HEADER + 'Bob,"bob@example.com,Eng,lead\n') == [
        "line 2: is not CSV from here on (unexpected end of data)"
    ]


def test_a_quoted_cell_over_two_lines_keeps_the_line_numbers_right():
    data = HEADER + '"Ada\nLovelace",ada@example.com,Eng,lead\nBob,bob@,Eng,lead\n'
    assert problems(data) == [
        "line 2, column name: has a control character",  # a line break in a name
        "line 4, column email: 'bob@' is not an email address",
    ]


def test_it_caps_the_errors_and_the_rows(monkeypatch):
    data = HEADER + "".join(f"P{n},bad{n},Eng,lead\n" for n in range(25))
    found = problems(data)
    assert len(found) == 21
    assert found[-1] == "file: and 5 more errors"
    monkeypatch.setattr(people_file, "MAX_ROWS", 3)
    data = HEADER + "".join(f"P{n},p{n}@example.com,Eng,lead\n" for n in range(5))
    assert problems(data) == ["line 5: more than 3 people; split the file"]


def test_it_refuses_a_file_too_large_before_reading_it(monkeypatch):
    monkeypatch.setattr(people_file, "MAX_BYTES", 10)
    assert problems(HEADER.encode()) == ["file: is 21 bytes; 0 MB at most"]


@given(st.text() | st.binary())
def test_any_input_gives_rows_or_invalid_input(data):
    for found in _rows_or_errors(data):
        assert isinstance(found, FieldError) or found.line >= 2  # rows follow the header


@given(
    st.lists(
        st.tuples(
            st.text(min_size=1, max_size=20),
            st.sampled_from(["a@example.com", "b@example.org", "c.d@example.net"]),
            st.text(max_size=20),
            st.sampled_from(["lead", "member", "boss", ""]),
        ),
        max_size=10,
    )
)
def test_any_table_of_cells_gives_rows_or_invalid_input(table):
    out = io.StringIO()
    csv.writer(out).writerows([("name", "email", "unit", "role"), *table])
    for found in _rows_or_errors(out.getvalue()):
        assert isinstance(found, PersonRow) or str(found).startswith(("line ", "file"))


def _rows_or_errors(data):
    """The rows, or the errors; anything but InvalidInput escapes and fails the test."""
    try:
        return parse_people(data)
    except InvalidInput as error:
        assert error.errors  # noqa: PT017 (hypothesis draws both outcomes; raises cannot)
        return error.errors
