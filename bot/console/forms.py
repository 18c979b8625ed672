"""The console's forms (WTForms through Flask-WTF: every form carries a CSRF token).

`ScheduleForm` is a centre's service days for one provider: weekly or monthly by position
("2nd Tuesday"), every so many weeks or months, or explicit dates; a time; dates it does not
happen. `value()` turns a valid form into the published value (bot.content.published).
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
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..i18n import LANGUAGES, WEEKDAY_KEYS, WEEKDAYS
from .accounts import MIN_PASSWORD


def choices(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


POSITIONS = choices([("1", "1st"), ("2", "2nd"), ("3", "3rd"), ("4", "4th"), ("-1", "last")])
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])


class PasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        validators=[
            DataRequired(),
            Length(min=MIN_PASSWORD, max=1024, message="The password must have at least %d characters." % MIN_PASSWORD),
        ],
    )
    again = PasswordField("The same password again", validators=[DataRequired(), Length(max=1024)])

    def validate_again(self, field: Any) -> None:
        if field.data != self.password.data:
            raise ValidationError("The two passwords are not the same.")


def _dates(text: str | None) -> list[dt.date]:
    """Dates written one per line (or separated by commas) as YYYY-MM-DD."""
    found = []
    for part in re.split(r"[\s,;]+", text or ""):
        if not part:
            continue
        try:
            found.append(dt.date.fromisoformat(part))
        except ValueError:
            raise ValidationError("%r is not a date written as YYYY-MM-DD." % part[:20]) from None
    return found


class ScheduleForm(FlaskForm):
    provider = SelectField("Department or agency", validators=[DataRequired()])
    service = SelectField("Service (optional)", default="")
    pattern = RadioField(
        "How often",
        choices=choices(
            [("week", "Every week"), ("month", "Every month, on a given weekday"), ("dates", "On these dates")]
        ),
        default="week",
    )
    weekday = SelectField("Weekday", choices=choices([(d, d.capitalize()) for d in WEEKDAYS]), default="tuesday")
    position = SelectField("Which one in the month", choices=POSITIONS, default="1")
    interval = IntegerField("Every how many weeks or months", default=1, validators=[NumberRange(1, 12)])
    dates = TextAreaField("Dates (one per line, YYYY-MM-DD)")
    starts = DateField("From (optional)", validators=[Optional()])
    ends = DateField("Until (optional)", validators=[Optional()])
    start_time = SelectField("From", default="")
    end_time = SelectField("Until", default="")
    exceptions = TextAreaField("Dates it does not happen (one per line, YYYY-MM-DD)")

    def __init__(self, *args: Any, providers: list[tuple[str, str]], services: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.provider.choices = choices(providers)
        self.service.choices = choices([("", "Any service of the department"), *services])
        times = choices(
            [("", "-")] + [("%02d:%02d" % (h, m), "%02d:%02d" % (h, m)) for h in range(6, 20) for m in (0, 30)]
        )
        self.start_time.choices = times
        self.end_time.choices = times

    def validate_dates(self, field: Any) -> None:
        dates = _dates(field.data)
        if self.pattern.data == "dates" and not dates:
            raise ValidationError("Give at least one date.")

    def validate_exceptions(self, field: Any) -> None:
        _dates(field.data)

    def validate_end_time(self, field: Any) -> None:
        start, end = self.start_time.data, field.data
        if bool(start) != bool(end):
            raise ValidationError("Give both times, or neither.")
        if start and end and not (_TIME.match(start) and _TIME.match(end) and start < end):
            raise ValidationError("The end must be after the start.")

    def validate_ends(self, field: Any) -> None:
        if field.data and self.starts.data and field.data < self.starts.data:
            raise ValidationError("The last day must not be before the first.")

    def value(self) -> dict[str, Any]:
        """The published value of this (valid) form."""
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
            "dates": sorted({d.isoformat() for d in _dates(self.dates.data)}) if self.pattern.data == "dates" else [],
            "starts": self.starts.data.isoformat() if self.starts.data else None,
            "ends": self.ends.data.isoformat() if self.ends.data else None,
            "except": sorted({d.isoformat() for d in _dates(self.exceptions.data)}),
            "time": "%s-%s" % (self.start_time.data, self.end_time.data) if self.start_time.data else None,
            "cancelled": [],
        }


class CancelForm(FlaskForm):
    date = DateField("Date it will not happen", validators=[DataRequired()])


_HOURS = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")


class FactsForm(FlaskForm):
    """A centre's phones, opening hours (one field per weekday: "08:00-16:00" or "closed") and
    address."""

    phones = TextAreaField("Phone numbers (one per line)")
    address = TextAreaField("Address", validators=[DataRequired(), Length(max=300)])
    mon = StringField("Monday")
    tue = StringField("Tuesday")
    wed = StringField("Wednesday")
    thu = StringField("Thursday")
    fri = StringField("Friday")
    sat = StringField("Saturday")
    sun = StringField("Sunday")

    def validate_phones(self, field: Any) -> None:
        for line in _lines(field.data):
            try:
                number = phonenumbers.parse(line, "ZA")
            except phonenumbers.NumberParseException:
                number = None
            if number is None or not phonenumbers.is_valid_number(number):
                raise ValidationError("%r is not a phone number (for example 035 572 1234)." % line[:30])

    def validate(self, extra_validators: Any = None) -> bool:
        ok = bool(super().validate(extra_validators))
        for key in WEEKDAY_KEYS:
            field = getattr(self, key)
            value = (field.data or "").strip().lower()
            if value and value != "closed" and not _HOURS.match(value.replace(" ", "")):
                field.errors = [*field.errors, "Write the hours as 08:00-16:00, or closed."]
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
        return {"phones": phones, "hours": hours, "address": (self.address.data or "").strip()}


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


NOTICE_KINDS = choices(
    [
        ("closure", "The centre is closed"),
        ("offline", "A system is offline (no IDs, no payments...)"),
        ("event", "A service-delivery day or outreach event"),
        ("other", "Something else"),
    ]
)


class NoticeForm(FlaskForm):
    """A notice with its dates, for the whole centre or one department, in English and, when
    the manager has them, in other languages."""

    kind = SelectField("What kind of notice", choices=NOTICE_KINDS, default="closure")
    provider = SelectField("About", default="")
    starts = DateField("From", validators=[DataRequired()])
    ends = DateField("Until (the same day for one day)", validators=[DataRequired()])

    def __init__(self, *args: Any, providers: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.provider.choices = choices([("", "The whole centre"), *providers])

    def validate_ends(self, field: Any) -> None:
        if field.data and self.starts.data and field.data < self.starts.data:
            raise ValidationError("The last day must not be before the first.")

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
    texts = {lang: (form_data.get("text_" + lang) or "").strip() for lang in LANGUAGES}
    texts = {lang: text for lang, text in texts.items() if text}
    if "en" not in texts:
        return texts, "Write the notice in English (other languages are optional)."
    if any(len(text) > 500 for text in texts.values()):
        return texts, "A notice has at most 500 characters in each language."
    return texts, None
