"""Issue 15 item 6: UK dates typed as dd/mm/yyyy are read day first and kept; every time
is shown dd/mm/yyyy HH:MM in local time, never with a zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from misuse_responder.ui.timefmt import local_time
from misuse_responder.ui.widgets.dates import UkDateField, parse_uk, show_date


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("01/09/2026", datetime(2026, 9, 1)),
        ("01/09/2026 14:30", datetime(2026, 9, 1, 14, 30)),
        ("1/9/26 9.05", datetime(2026, 9, 1, 9, 5)),
        ("01.09.2026", datetime(2026, 9, 1)),
        ("01-09-2026", datetime(2026, 9, 1)),
        ("2026-09-01 14:30", datetime(2026, 9, 1, 14, 30)),
        ("12/03/2012", datetime(2012, 3, 12)),  # 12 March, never 3 December
    ],
)
def test_read_day_first(typed: str, expected: datetime) -> None:
    assert parse_uk(typed) == expected


@pytest.mark.parametrize("typed", ["31/02/2026", "13/13/2026", "01/09/2026 25:00", "soon"])
def test_not_a_date_is_said_plainly(typed: str) -> None:
    with pytest.raises(ValueError, match="day/month/year"):
        parse_uk(typed)


def test_date_only_field_refuses_a_time() -> None:
    with pytest.raises(ValueError):
        parse_uk("12/03/2012 10:00", with_time=False)
    assert parse_uk("", with_time=False) is None


def test_typed_digits_stay(qtbot: QtBot) -> None:
    field = UkDateField("When it happened")
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClicks(field, "01/09/2026")
    assert field.text() == "01/09/2026"
    assert field.value() == datetime(2026, 9, 1)
    assert field.problem() == ""
    field.clear()
    assert "type a date" in field.problem()
    dob = UkDateField("Date of birth", with_time=False, optional=True)
    qtbot.addWidget(dob)
    qtbot.keyClicks(dob, "12/03/2012")
    assert dob.iso() == "2012-03-12" and dob.problem() == ""


def test_shown_dd_mm_yyyy_local_without_a_zone() -> None:
    moment = datetime(2026, 9, 1, 7, 45, tzinfo=UTC)
    local = moment.astimezone()
    text = local_time(moment)
    assert text == local.strftime("%d/%m/%Y %H:%M")
    assert "UTC" not in text and "+" not in text
    assert show_date(moment) == text
    assert show_date(local.date()) == local.strftime("%d/%m/%Y")


def test_leaving_the_field_tidies_a_date_without_inventing_a_time(qtbot: QtBot) -> None:
    field = UkDateField("When it happened")
    qtbot.addWidget(field)
    for typed, shown in (
        ("1/9/26 9.05", "01/09/2026 09:05"),
        ("01/09/2026", "01/09/2026"),
        ("2026-09-01 14:30", "01/09/2026 14:30"),
        ("not a date", "not a date"),
    ):
        field.setText(typed)
        field.editingFinished.emit()
        assert field.text() == shown
