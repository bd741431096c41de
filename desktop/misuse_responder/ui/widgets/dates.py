"""UK date fields: typed as dd/mm/yyyy (and HH:MM), kept exactly as typed, one Tab stop.

Qt's QDateTimeEdit edits one section at a time, so typing "01/09/2026" into it was ignored
or changed (02/09/2026) and a date of birth typed 12/03/2012 was refused. These fields are
plain line edits: the text typed stays, it is read as day/month/year (never month first),
and a calendar opens from the button inside the field or with Alt+Down / F4 (the button
takes no focus, so the field is a single Tab stop). Values are local times: no time zone
is ever shown.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QWidget

from misuse_responder.i18n import _

_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})(?!\d)\s*")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+|$)")
_TIME = re.compile(r"^\s*(?:at\s*)?(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*$", re.IGNORECASE)


def show_date(value: date | datetime | None, *, with_time: bool = True) -> str:
    """A date as staff read it: dd/mm/yyyy, and HH:MM (24-hour, local) for a time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone().replace(tzinfo=None)
        return value.strftime("%d/%m/%Y %H:%M") if with_time else value.strftime("%d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def parse_uk(text: str, *, with_time: bool = True) -> datetime | None:
    """Read a typed date (day first) and, if asked for, a time; None for an empty field.

    Accepts 01/09/2026, 1/9/26, 01-09-2026, 01.09.2026 and 2026-09-01, each optionally
    followed by 14:30 or 14.30. Raises ValueError with a plain sentence otherwise."""
    text = text.strip()
    if not text:
        return None
    example = "01/09/2026 14:30" if with_time else "12/03/2012"
    problem = ValueError(
        _("Type the date as day/month/year, like {example}.").format(example=example)
    )
    match = _DATE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000 if year <= datetime.now().year % 100 + 1 else 1900
    else:
        match = _ISO.match(text)
        if not match:
            raise problem
        year, month, day = (int(g) for g in match.groups())
    rest = text[match.end() :].strip()
    hour = minute = second = 0
    if rest:
        time_match = _TIME.match(rest)
        if not with_time or not time_match:
            raise problem
        hour, minute = int(time_match.group(1)), int(time_match.group(2))
        second = int(time_match.group(3) or 0)
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise ValueError(
            _("{text} is not a real date: type it as day/month/year, like {example}.").format(
                text=text, example=example
            )
        ) from None


def iso_local(value: datetime | None) -> str:
    """The wizard's stored form: a local time without a zone (yyyy-mm-ddTHH:MM:SS)."""
    return "" if value is None else value.replace(microsecond=0).isoformat(timespec="seconds")


def from_iso_local(text: str) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    return value


class UkDateField(QLineEdit):
    """A date (or date and time) typed as dd/mm/yyyy [HH:MM]; see the module docstring.

    ``value()`` is the naive local datetime (None when empty or not a date), ``problem()``
    the sentence to show when the text is not a date, ``changed`` fires on every edit."""

    changed = Signal()

    def __init__(
        self,
        name: str,
        *,
        with_time: bool = True,
        optional: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.with_time = with_time
        self.optional = optional
        self.name = name
        self.setAccessibleName(name)
        self.setPlaceholderText(_("dd/mm/yyyy hh:mm") if with_time else _("dd/mm/yyyy"))
        self.setAccessibleDescription(
            _("Type the date as day/month/year{time}. Alt+Down opens a calendar.").format(
                time=_(" and the time") if with_time else ""
            )
        )
        from misuse_responder.ui.icons import icon

        self.calendar_action = QAction(icon("calendar"), _("Choose from a calendar"), self)
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar: QCalendarWidget | None = None
        self.textChanged.connect(self._edited)
        self.editingFinished.connect(self._tidy)
        width = self.fontMetrics().horizontalAdvance(
            "00/00/0000 00:00" if with_time else "00/00/0000"
        )
        self.setMinimumWidth(width + self.fontMetrics().height() * 3)

    # --- values ---------------------------------------------------------------------------
    def problem(self) -> str:
        """ "" when the field holds a date (or is empty and optional), else what to fix."""
        try:
            value = parse_uk(self.text(), with_time=self.with_time)
        except ValueError as exc:
            return _("{name}: {problem}").format(name=self.name, problem=exc)
        if value is None and not self.optional:
            return _("{name}: type a date, like {example}.").format(
                name=self.name, example="01/09/2026 14:30" if self.with_time else "12/03/2012"
            )
        return ""

    def value(self) -> datetime | None:
        try:
            return parse_uk(self.text(), with_time=self.with_time)
        except ValueError:
            return None

    def date_value(self) -> date | None:
        value = self.value()
        return None if value is None else value.date()

    def set_value(self, value: date | datetime | None) -> None:
        self.setText(show_date(value, with_time=self.with_time))

    def iso(self) -> str:
        """The value as the wizard keeps it: ISO (local, no zone), or "" when empty."""
        value = self.value()
        if value is None:
            return ""
        return value.date().isoformat() if not self.with_time else iso_local(value)

    def set_iso(self, text: str) -> None:
        self.set_value(from_iso_local(text))

    # --- behaviour ------------------------------------------------------------------------
    def _edited(self, _text: str) -> None:
        self.setProperty("invalid", bool(self.text().strip()) and self.value() is None)
        self.setToolTip(self.problem())
        self.changed.emit()

    def _tidy(self) -> None:
        """When the field is left, show a valid date in the one form (1/9/26 9.05 becomes
        01/09/2026 09:05). A date typed without a time keeps no made-up time."""
        value = self.value()
        if value is None:
            return
        typed_time = bool(re.search(r"\d[:.]\d\d(?::\d\d)?\s*$", self.text()))
        tidy = show_date(value, with_time=self.with_time and typed_time)
        if tidy != self.text():
            self.setText(tidy)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and (
            event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def open_calendar(self) -> None:
        calendar = QCalendarWidget(self)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        calendar.setGridVisible(True)
        calendar.setAccessibleName(_("Calendar: {name}").format(name=self.name))
        current = self.value() or datetime.now()
        calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        calendar.clicked.connect(self._picked)
        calendar.activated.connect(self._picked)
        calendar.move(self.mapToGlobal(self.rect().bottomLeft()))
        self.calendar = calendar
        calendar.show()
        calendar.setFocus()

    def _picked(self, picked: QDate) -> None:
        old = self.value() or datetime.now().replace(second=0, microsecond=0)
        chosen = datetime(picked.year(), picked.month(), picked.day(), old.hour, old.minute)
        self.set_value(chosen)
        if self.calendar is not None:
            self.calendar.close()
            self.calendar.deleteLater()
            self.calendar = None
        self.setFocus()
