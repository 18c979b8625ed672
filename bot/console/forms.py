"""The console's forms (WTForms through Flask-WTF: every form carries a CSRF token).

`ScheduleForm` is a centre's service days for one provider: weekly or monthly by position
("2nd Tuesday"), every so many weeks or months, or explicit dates; the time (required); the first
and last day and the dates it does not happen (for a repeat); the dates the centre cancelled.
`fields_for(pattern)` are the fields a kind of repeat needs; `value()` turns a valid form into
the published value (bot.content.published), `fill(value)` opens the form with one.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import phonenumbers
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..cleaning import lines, one_line
from ..i18n import LANGUAGES, WEEKDAY_KEYS, WEEKDAYS
from .accounts import MIN_PASSWORD
from .texts import _, l_


def ONE_LINE(value: Any) -> Any:
    """A field's text cleaned as one line (bot.cleaning: no control or bidi character)."""
    return one_line(value) if isinstance(value, str) else value


def LINES(value: Any) -> Any:
    """A field's text cleaned line by line (bot.cleaning)."""
    return lines(value) if isinstance(value, str) else value


# What a citizen's answer can carry: at most this many phones, dates in a list, hours characters.
MAX_PHONES = 5
MAX_DATES = 60
HOURS_CHARS = 20


def choices(pairs: list[tuple[str, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


WEEKDAY_NAMES = dict(
    zip(
        WEEKDAYS,
        [l_("Monday"), l_("Tuesday"), l_("Wednesday"), l_("Thursday"), l_("Friday"), l_("Saturday"), l_("Sunday")],
        strict=True,
    )
)
POSITION_NAMES = {"1": l_("1st"), "2": l_("2nd"), "3": l_("3rd"), "4": l_("4th"), "-1": l_("last")}
POSITIONS = choices(list(POSITION_NAMES.items()))
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class LoginForm(FlaskForm):
    email = EmailField(l_("Email"), validators=[DataRequired(), Length(max=254)], filters=[ONE_LINE])
    password = PasswordField(l_("Password"), validators=[DataRequired(), Length(max=1024)])


class PasswordForm(FlaskForm):
    password = PasswordField(
        l_("New password"),
        validators=[
            DataRequired(),
            Length(min=MIN_PASSWORD, max=1024, message=l_("The password must have at least 12 characters.")),
        ],
    )
    again = PasswordField(l_("The same password again"), validators=[DataRequired(), Length(max=1024)])

    def validate_again(self, field: Any) -> None:
        if field.data != self.password.data:
            raise ValidationError(_("The two passwords are not the same."))


def _dates(text: str | None) -> list[dt.date]:
    """Dates written one per line (or separated by commas) as YYYY-MM-DD, at most MAX_DATES."""
    found = []
    parts = [part for part in re.split(r"[\s,;]+", text or "") if part]
    if len(parts) > MAX_DATES:
        raise ValidationError(_("At most %d dates.") % MAX_DATES)
    for part in parts:
        if not part:
            continue
        try:
            found.append(dt.date.fromisoformat(part))
        except ValueError:
            raise ValidationError(_("%r is not a date written as YYYY-MM-DD.") % part[:20]) from None
    return found


class ScheduleForm(FlaskForm):
    provider = SelectField(l_("Department or agency"), validators=[DataRequired()])
    service = SelectField(l_("Service (optional)"), default="")
    pattern = RadioField(
        l_("How often"),
        choices=choices(
            [
                ("week", l_("Every week")),
                ("month", l_("Every month, on a given weekday")),
                ("dates", l_("On these dates")),
            ]
        ),
        default="week",
    )
    weekday = SelectField(l_("Weekday"), choices=choices(list(WEEKDAY_NAMES.items())), default="tuesday")
    position = SelectField(l_("Which one in the month"), choices=POSITIONS, default="1")
    interval = IntegerField(l_("Every how many weeks or months"), default=1, validators=[NumberRange(1, 12)])
    dates = TextAreaField(l_("Dates (one per line, YYYY-MM-DD)"), filters=[LINES])
    start_time = SelectField(l_("Starts at (time)"), default="")
    end_time = SelectField(l_("Ends at (time)"), default="")
    starts = DateField(l_("First day (optional)"), validators=[Optional()])
    ends = DateField(l_("Last day (optional)"), validators=[Optional()])
    exceptions = TextAreaField(l_("Dates it does not happen (one per line, YYYY-MM-DD)"), filters=[LINES])
    cancelled = TextAreaField(
        l_("Dates the centre cancelled: people are told (one per line, YYYY-MM-DD)"), filters=[LINES]
    )
    # The change in force when the form was opened ("<target>@<id>", id 0 for none), and what
    # the preview showed.
    version = HiddenField(default="")
    previewed = HiddenField(default="")

    def __init__(self, *args: Any, providers: list[tuple[str, str]], services: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.provider.choices = choices(providers)
        self.service.choices = choices([("", l_("Any service of the department")), *services])
        times = choices(
            [("", "-")] + [("%02d:%02d" % (h, m), "%02d:%02d" % (h, m)) for h in range(6, 20) for m in (0, 30)]
        )
        self.start_time.choices = times
        self.end_time.choices = times

    def fields_for(self) -> list[Any]:
        """The fields the chosen kind of repeat needs, in the order they are asked."""
        if self.pattern.data == "dates":
            wanted = [self.dates]
        elif self.pattern.data == "month":
            wanted = [self.position, self.weekday, self.interval]
        else:
            wanted = [self.weekday, self.interval]
        wanted += [self.start_time, self.end_time]
        if self.pattern.data != "dates":
            wanted += [self.starts, self.ends, self.exceptions]
        return wanted + [self.cancelled]

    def validate_dates(self, field: Any) -> None:
        dates = _dates(field.data)
        if self.pattern.data == "dates" and not dates:
            raise ValidationError(_("Give at least one date."))

    def validate_exceptions(self, field: Any) -> None:
        _dates(field.data)

    def validate_cancelled(self, field: Any) -> None:
        _dates(field.data)

    def validate_start_time(self, field: Any) -> None:
        if not field.data:
            raise ValidationError(_("Give the time the department starts."))

    def validate_end_time(self, field: Any) -> None:
        start, end = self.start_time.data, field.data
        if not end:
            raise ValidationError(_("Give the time the department ends."))
        if start and not (_TIME.match(start) and _TIME.match(end) and start < end):
            raise ValidationError(_("The end must be after the start."))

    def validate_ends(self, field: Any) -> None:
        if field.data and self.starts.data and field.data < self.starts.data:
            raise ValidationError(_("The last day must not be before the first."))

    def value(self) -> dict[str, Any]:
        """The published value of this (valid) form (fields its kind of repeat does not ask are
        left out)."""
        repeat = None
        if self.pattern.data == "week":
            repeat = {"every": "week", "weekday": self.weekday.data, "interval": self.interval.data or 1}
        elif self.pattern.data == "month":
            repeat = {
                "every": "month",
                "weekday": self.weekday.data,
                "position": int(self.position.data),
                "interval": self.interval.data or 1,
            }
        return {
            "provider": self.provider.data,
            "service": self.service.data or None,
            "repeat": repeat,
            "dates": sorted({d.isoformat() for d in _dates(self.dates.data)}) if repeat is None else [],
            "starts": self.starts.data.isoformat() if self.starts.data and repeat else None,
            "ends": self.ends.data.isoformat() if self.ends.data and repeat else None,
            "except": sorted({d.isoformat() for d in _dates(self.exceptions.data)}) if repeat else [],
            "time": "%s-%s" % (self.start_time.data, self.end_time.data),
            "cancelled": sorted({d.isoformat() for d in _dates(self.cancelled.data)}),
        }

    def fill(self, value: dict[str, Any]) -> None:
        """Open the form with a schedule's value (as published, or an example's as one)."""
        self.provider.data = value["provider"]
        self.service.data = value.get("service") or ""
        repeat = value.get("repeat")
        self.pattern.data = repeat["every"] if repeat else "dates"
        if repeat:
            self.weekday.data = repeat["weekday"]
            self.interval.data = repeat.get("interval", 1)
            self.position.data = str(repeat.get("position", 1))
        self.dates.data = "\n".join(value.get("dates", []))
        self.starts.data = dt.date.fromisoformat(value["starts"]) if value.get("starts") else None
        self.ends.data = dt.date.fromisoformat(value["ends"]) if value.get("ends") else None
        self.start_time.data, _sep, self.end_time.data = (value.get("time") or "-").partition("-")
        self.exceptions.data = "\n".join(value.get("except", []))
        self.cancelled.data = "\n".join(value.get("cancelled", []))


class CancelForm(FlaskForm):
    date = DateField(l_("Date it will not happen"), validators=[DataRequired()])


_HOURS = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")


class FactsForm(FlaskForm):
    """A centre's phones, opening hours (one field per weekday: "08:00-16:00" or "closed") and
    address."""

    phones = TextAreaField(l_("Phone numbers (one per line)"), filters=[LINES])
    version = HiddenField(default="0")  # the change in force when the form was opened
    address = TextAreaField(l_("Address"), validators=[DataRequired(), Length(max=300)], filters=[ONE_LINE])
    mon = StringField(l_("Monday"), validators=[Length(max=HOURS_CHARS)], filters=[ONE_LINE])
    tue = StringField(l_("Tuesday"), validators=[Length(max=HOURS_CHARS)], filters=[ONE_LINE])
    wed = StringField(l_("Wednesday"), validators=[Length(max=HOURS_CHARS)], filters=[ONE_LINE])
    thu = StringField(l_("Thursday"), validators=[Length(max=HOURS_CHARS)], filters=[ONE_LINE])
    fri = StringField(l_("Friday"), validators=[Length(max=HOURS_CHARS)], filters=[ONE_LINE])
    sat = StringField(l_("Saturday"), validators=[Length(max=HOURS_CHARS)], filters=[ONE_LINE])
    sun = StringField(l_("Sunday"), validators=[Length(max=HOURS_CHARS)], filters=[ONE_LINE])

    def validate_phones(self, field: Any) -> None:
        if len(_lines(field.data)) > MAX_PHONES:
            raise ValidationError(_("At most %d phone numbers.") % MAX_PHONES)
        for line in _lines(field.data):
            try:
                number = phonenumbers.parse(line, "ZA")
            except phonenumbers.NumberParseException:
                number = None
            if number is None or not phonenumbers.is_valid_number(number):
                raise ValidationError(_("%r is not a phone number (for example 035 572 1234).") % line[:30])

    def validate(self, extra_validators: Any = None) -> bool:
        ok = bool(super().validate(extra_validators))
        for key in WEEKDAY_KEYS:
            field = getattr(self, key)
            value = (field.data or "").strip().lower()
            if value and value != "closed" and not _HOURS.match(value.replace(" ", "")):
                field.errors = [*field.errors, _("Write the hours as 08:00-16:00, or closed.")]
                ok = False
        return ok

    def value(self) -> dict[str, Any]:
        """The published facts of this (valid) form."""
        phones = []
        for line in _lines(self.phones.data):
            number = phonenumbers.parse(line, "ZA")
            phones.append(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))
        hours = {}
        for key in WEEKDAY_KEYS:
            value = (getattr(self, key).data or "").strip().lower().replace(" ", "")
            hours[key] = value or "closed"
        return {"phones": phones, "hours": hours, "address": self.address.data or ""}


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


NOTICE_KINDS = choices(
    [
        ("closure", l_("The centre is closed")),
        ("offline", l_("A system is offline (no IDs, no payments...)")),
        ("event", l_("A service-delivery day or outreach event")),
        ("other", l_("Something else")),
    ]
)


class NoticeForm(FlaskForm):
    """A notice with its dates, for the whole centre or one department, in English and, when
    the manager has them, in other languages."""

    kind = SelectField(l_("What kind of notice"), choices=NOTICE_KINDS, default="closure")
    provider = SelectField(l_("About"), default="")
    starts = DateField(l_("From"), validators=[DataRequired()])
    ends = DateField(l_("Until (the same day for one day)"), validators=[DataRequired()])

    def __init__(self, *args: Any, providers: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.provider.choices = choices([("", l_("The whole centre")), *providers])

    def validate_ends(self, field: Any) -> None:
        if field.data and self.starts.data and field.data < self.starts.data:
            raise ValidationError(_("The last day must not be before the first."))

    def value(self, texts: dict[str, str]) -> dict[str, Any]:
        """The published notice of this (valid) form with its texts by language."""
        return {
            "kind": self.kind.data,
            "provider": self.provider.data or None,
            "starts": self.starts.data.isoformat(),
            "ends": self.ends.data.isoformat(),
            "text": texts,
        }


def notice_texts(form_data: Any) -> tuple[dict[str, str], str | None]:
    """The notice's texts by language from the request's form (text_en required, at most 500
    characters each), and what is wrong, if anything."""
    texts = {lang: lines(form_data.get("text_" + lang) or "") for lang in LANGUAGES}
    texts = {lang: text for lang, text in texts.items() if text}
    if "en" not in texts:
        return texts, _("Write the notice in English (other languages are optional).")
    if any(len(text) > 500 for text in texts.values()):
        return texts, _("A notice has at most 500 characters in each language.")
    return texts, None
