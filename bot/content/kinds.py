"""The record kinds of content files and how each is checked (see content/README.md).

Each `read_<kind>(items, fields)` takes the (line, item) pairs of one top-level list and
returns clean dicts, each with `_at` = "file:line" for cross-reference problems later. `KINDS`
(at the end) defines each kind once (`Kind`): the bundle, its checks, translation coverage, load
counts and the snapshot's records all come from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..i18n import WEEKDAY_KEYS, WEEKDAYS
from .fields import LANGUAGES, Fields

if TYPE_CHECKING:
    from .yamlfile import LinedDict

Record = dict[str, Any]
"""One clean content record (a field is None where its value had a problem)."""
Items = Iterable[tuple[int, Any]]
"""The (line, item) pairs of one YAML list, as `Fields.items` returns them."""

PRECISIONS = ("town", "estimate", "surveyed")
MODES = ("permanent", "visiting")
# What may be uncertain about a centre; the bot says it whenever it names the centre.
CENTRE_STATES = ("reported_damaged", "under_construction", "unverified")
# A centre people may still ask about that must not be travelled to: closed, or not found where it
# was listed (`closed_centres`); the bot says so and gives the nearest open centres.
GONE_STATES = ("closed", "not_found")
VOCABULARY_SECTIONS = ("intents", "services", "providers", "variants", "languages", "days", "words")
# The days a message may ask about (`days:` in a vocabulary, read by bot.understanding.dates):
# relative days and periods, the word for "next" beside a weekday ("next Tuesday", "ngoLwesibili
# ozayo"), and weekdays (their full names come from CLDR: list only other ways of writing them).
DAYS = (
    "today",
    "tomorrow",
    "day_after_tomorrow",
    "this_week",
    "next_week",
    "this_month",
    "next_month",
    "next",
    *WEEKDAYS,
)


def _records(items: Items, fields: Fields, what: str) -> Iterator[LinedDict]:
    for line, item in items:
        if fields.mapping(item, line, "each %s" % what):
            yield item


def _at(fields: Fields, record: LinedDict) -> str:
    return "%s:%d" % (fields.filename, record.line)


def _at_key(fields: Fields, record: LinedDict, key: str) -> str:
    """ "file:line" of one key of a record (the record's line when the key is absent)."""
    return "%s:%d" % (fields.filename, record.line_of(key))


def read_provinces(items: Items, fields: Fields) -> list[Record]:
    """Provinces: code, name, and optionally the share (%) of their people by home language
    (`home_languages`, which then needs its `source`)."""
    out: list[Record] = []
    for r in _records(items, fields, "province"):
        fields.unknown_keys(r, {"code", "name", "home_languages", "source"})
        shares: dict[str, float] = {}
        value = r.get("home_languages")
        if value is not None and fields.mapping(value, r.line_of("home_languages"), "`home_languages`"):
            for code in value:
                if code not in LANGUAGES:
                    fields.problem(value.line_of(code), "`home_languages` names an unknown language `%s`" % code)
                share = fields.number(value, code, 0, 100)
                if code in LANGUAGES and share is not None:
                    shares[str(code)] = float(share)
            if sum(shares.values()) > 100.5:
                fields.problem(r.line_of("home_languages"), "`home_languages` adds up to more than 100%")
        out.append(
            {
                "_at": _at(fields, r),
                "code": fields.text(r, "code"),
                "name": fields.translated(r, "name"),
                "home_languages": shares,
                "source": fields.text(r, "source", required=bool(shares)),
            }
        )
    return out


def read_providers(items: Items, fields: Fields) -> list[Record]:
    out: list[Record] = []
    for r in _records(items, fields, "provider"):
        fields.unknown_keys(r, {"slug", "name", "full_name", "help_line", "website", "source"})
        out.append(
            {
                "_at": _at(fields, r),
                "slug": fields.slug(r, "slug"),
                "name": fields.translated(r, "name"),
                "full_name": fields.translated(r, "full_name", required=False),
                "help_line": fields.text(r, "help_line", required=False),
                "website": fields.text(r, "website", required=False),
                "source": fields.text(r, "source"),
            }
        )
    return out


def _documents(r: LinedDict, fields: Fields, key: str = "documents", required: bool = False) -> list[Record]:
    docs: list[Record] = []
    for doc in _records(fields.items(r, key, required), fields, "document"):
        fields.unknown_keys(doc, {"text", "note"})
        docs.append({"text": fields.translated(doc, "text"), "note": fields.translated(doc, "note", required=False)})
    return docs


def read_services(items: Items, fields: Fields) -> list[Record]:
    out: list[Record] = []
    allowed = {
        "slug",
        "provider",
        "name",
        "description",
        "eligibility",
        "fees",
        "steps",
        "documents",
        "variants",
        "verified",
        "source",
        "checked",
    }
    for r in _records(items, fields, "service"):
        fields.unknown_keys(r, allowed)
        variants: list[Record] = []
        for v in _records(fields.items(r, "variants", False), fields, "variant"):
            fields.unknown_keys(v, {"slug", "name", "fees", "documents", "verified", "source"})
            documents = _documents(v, fields)
            if not documents:
                # The answer shows a variant as its name over its own documents: without any it
                # would be an empty heading. Documents every variant needs belong to the service.
                fields.problem(
                    v.line,
                    "a variant needs at least one document of its own "
                    "(documents every variant needs go under the service)",
                )
            variants.append(
                {
                    "_at": _at(fields, v),
                    "slug": fields.slug(v, "slug"),
                    "name": fields.translated(v, "name"),
                    "fees": fields.translated(v, "fees", required=False),
                    "documents": documents,
                    # A variant may have its own sureness and source (a customary marriage from a
                    # government statement, late registration from a secondary source).
                    "verified": fields.boolean(v, "verified") if "verified" in v else None,
                    "source": fields.text(v, "source", required="verified" in v),
                }
            )
        documents = _documents(r, fields)
        if not documents and not any(v["documents"] for v in variants):
            fields.problem(r.line, "a service needs at least one required document")
        out.append(
            {
                "_at": _at(fields, r),
                "slug": fields.slug(r, "slug"),
                "provider": fields.slug(r, "provider"),
                "name": fields.translated(r, "name"),
                "description": fields.translated(r, "description"),
                "eligibility": fields.translated(r, "eligibility", required=False),
                "fees": fields.translated(r, "fees", required=False),
                "steps": fields.translated(r, "steps", required=False),
                "documents": documents,
                "variants": variants,
                "verified": fields.boolean(r, "verified"),
                "source": fields.text(r, "source"),
                "checked": fields.date(r, "checked"),
                "_checked_at": _at_key(fields, r, "checked"),
            }
        )
    return out


def _hours(r: LinedDict, fields: Fields) -> Record:
    hours = r.get("hours")
    if not fields.mapping(hours, r.line_of("hours"), "`hours`"):
        return {"days": {}, "verified": False, "source": None}
    fields.unknown_keys(hours, set(WEEKDAY_KEYS) | {"verified", "source"})
    days: dict[str, str | None] = {}
    for day in WEEKDAY_KEYS:
        value = hours.get(day, "closed")
        if value == "closed":
            days[day] = "closed"
        else:
            days[day] = fields.time_range(value, hours.line_of(day), "hours.%s" % day)
    return {"days": days, "verified": fields.boolean(hours, "verified"), "source": fields.text(hours, "source")}


def _location(r: LinedDict, fields: Fields) -> Record:
    loc = r.get("location")
    if not fields.mapping(loc, r.line_of("location"), "`location`"):
        return {}
    fields.unknown_keys(loc, {"lat", "lon", "precision", "source"})
    return {
        "lat": fields.number(loc, "lat", -35.0, -22.0),
        "lon": fields.number(loc, "lon", 16.0, 33.0),
        "precision": fields.choice(loc, "precision", PRECISIONS),
        "source": fields.text(loc, "source"),
    }


def _status(r: LinedDict, fields: Fields) -> Record | None:
    """A centre's uncertain state with the year and source of the report, or None."""
    status = r.get("status")
    if status is None:
        return None
    if not fields.mapping(status, r.line_of("status"), "`status`"):
        return None
    fields.unknown_keys(status, {"state", "year", "source"})
    return {
        "state": fields.choice(status, "state", CENTRE_STATES),
        "year": fields.number(status, "year", 1990, 2100, integer=True),
        "source": fields.text(status, "source"),
    }


def _named(r: LinedDict, fields: Fields) -> Record:
    """What names a centre, open or closed, and where: its slug, names, town and province."""
    return {
        "_at": _at(fields, r),
        "slug": fields.slug(r, "slug"),
        "name": fields.translated(r, "name"),
        "aliases": fields.texts(r, "aliases"),
        "town": fields.text(r, "town"),
        "province": fields.text(r, "province"),
    }


def read_centres(items: Items, fields: Fields) -> list[Record]:
    out: list[Record] = []
    allowed = {
        "slug",
        "name",
        "aliases",
        "town",
        "local_municipality",
        "district",
        "province",
        "address",
        "phones",
        "hours",
        "location",
        "services",
        "status",
        "source",
        "notes",
    }
    for r in _records(items, fields, "centre"):
        fields.unknown_keys(r, allowed)
        offered: list[Record] = []
        for s in _records(fields.items(r, "services", False), fields, "centre service"):
            fields.unknown_keys(s, {"service", "mode", "verified", "source"})
            offered.append(
                {
                    "_at": _at(fields, s),
                    "service": fields.slug(s, "service"),
                    "mode": fields.choice(s, "mode", MODES),
                    "verified": fields.boolean(s, "verified"),
                    "source": fields.text(s, "source"),
                }
            )
        out.append(
            {
                **_named(r, fields),
                "local_municipality": fields.text(r, "local_municipality"),
                "district": fields.text(r, "district"),
                "address": fields.translated(r, "address"),
                "phones": fields.texts(r, "phones"),
                "hours": _hours(r, fields),
                "location": _location(r, fields),
                "services": offered,
                "status": _status(r, fields),
                "source": fields.text(r, "source"),
                "notes": fields.text(r, "notes", required=False),
            }
        )
    return out


def read_closed_centres(items: Items, fields: Fields) -> list[Record]:
    """Centres that are closed or were not found where they were listed: never answered with,
    only recognised by name so that a person asking is told not to travel there."""
    out: list[Record] = []
    for r in _records(items, fields, "closed centre"):
        fields.unknown_keys(r, {"slug", "name", "aliases", "town", "province", "location", "status", "source", "notes"})
        status = r.get("status")
        state: Record = {}
        if fields.mapping(status, r.line_of("status"), "`status`"):
            fields.unknown_keys(status, {"state", "year", "source"})
            gone = fields.choice(status, "state", GONE_STATES)
            state = {
                "state": gone,
                # When it closed; a centre not found may have no date (an undated report).
                "year": fields.number(status, "year", 1990, 2100, required=gone == "closed", integer=True),
                "source": fields.text(status, "source"),
            }
        out.append(
            {
                **_named(r, fields),
                "location": _location(r, fields),
                "status": state,
                "source": fields.text(r, "source"),
                "notes": fields.text(r, "notes", required=False),
            }
        )
    return out


def _repeat(r: LinedDict, fields: Fields) -> Record | None:
    rule = r.get("repeat")
    if rule is None:
        return None
    if not fields.mapping(rule, r.line_of("repeat"), "`repeat`"):
        return None
    fields.unknown_keys(rule, {"every", "weekday", "position", "interval"})
    every = fields.choice(rule, "every", ("week", "month"))
    clean: Record = {
        "every": every,
        "weekday": fields.choice(rule, "weekday", WEEKDAYS),
        "interval": fields.number(rule, "interval", 1, 12, required=False, integer=True) or 1,
    }
    if every == "month":
        position = fields.number(rule, "position", -1, 5, integer=True)
        if position == 0:
            fields.problem(rule.line_of("position"), "`position` is 1 to 5 (or -1 for the last)")
        clean["position"] = position
    elif "position" in rule:
        fields.problem(rule.line_of("position"), "`position` is only for `every: month`")
    return clean


def read_service_days(items: Items, fields: Fields) -> list[Record]:
    out: list[Record] = []
    allowed = {
        "centre",
        "provider",
        "service",
        "repeat",
        "dates",
        "starts",
        "ends",
        "except",
        "time",
        "sample",
        "source",
    }
    for r in _records(items, fields, "service day"):
        fields.unknown_keys(r, allowed)
        dates = [fields.date_value(v, line, "dates") for line, v in fields.items(r, "dates", False)]
        repeat = _repeat(r, fields)
        if (repeat is None) == (not dates):
            fields.problem(r.line, "a service day needs either `repeat` or `dates` (one of them)")
        time = r.get("time")
        out.append(
            {
                "_at": _at(fields, r),
                "centre": fields.slug(r, "centre"),
                "provider": fields.slug(r, "provider"),
                "service": fields.slug(r, "service", False),
                "repeat": repeat,
                "dates": [d for d in dates if d],
                "starts": fields.date(r, "starts", False),
                "ends": fields.date(r, "ends", False),
                "except": [
                    d
                    for d in (fields.date_value(v, line, "except") for line, v in fields.items(r, "except", False))
                    if d
                ],
                "time": None if time is None else fields.time_range(time, r.line_of("time"), "time"),
                "sample": fields.boolean(r, "sample"),
                "source": fields.text(r, "source"),
            }
        )
    return out


def read_places(items: Items, fields: Fields) -> list[Record]:
    out: list[Record] = []
    for r in _records(items, fields, "place"):
        fields.unknown_keys(r, {"name", "aliases", "province", "lat", "lon", "population", "source"})
        out.append(
            {
                "_at": _at(fields, r),
                "name": fields.text(r, "name"),
                "aliases": fields.texts(r, "aliases"),
                "province": fields.text(r, "province"),
                "lat": fields.number(r, "lat", -35.0, -22.0),
                "lon": fields.number(r, "lon", 16.0, 33.0),
                "population": fields.number(r, "population", 0, 10**8, required=False, integer=True),
                "source": fields.text(r, "source"),
            }
        )
    return out


def _phrase_lists(value: LinedDict, fields: Fields, labels: tuple[str, ...] | None, what: str) -> dict[str, list[str]]:
    """A mapping of key -> list of phrases; keys outside labels (when given) are problems."""
    out: dict[str, list[str]] = {}
    for key in value:
        out[str(key)] = fields.texts(value, key, required=True)
        if labels is not None and key not in labels:
            fields.problem(value.line_of(key), "unknown %s `%s`" % (what, key))
    return out


# What a help line is for: a person in danger, given at once. (Where to ask what the centres do
# not do is a referral: read_referrals.)
DANGER_TOPICS = ("emergency", "violence", "child", "suicide")
HELP_TOPICS = DANGER_TOPICS


def read_referrals(items: Items, fields: Fields) -> list[Record]:
    """What the centres do not do and where to ask instead: slug, `about` (the matter) and
    `office` (who answers it), translated; `number` and `website` when a source gives them;
    `municipality` (the person's municipality answers it too); `broad` (a subject that questions
    about services also mention: it gives way to a service named beside it) or `gives_way_to`
    (the services it gives way to: certified copies of a matric certificate); `words` (per
    language, what people call the matter; English required); source and checked."""
    out: list[Record] = []
    for r in _records(items, fields, "referral"):
        fields.unknown_keys(
            r,
            {"slug", "about", "office", "number", "website", "municipality", "broad", "gives_way_to", "words"}
            | {"source", "checked"},
        )
        words: dict[str, list[str]] = {}
        value = r.get("words")
        if value is None:
            fields.problem(r.line, "missing `words`")
        elif fields.mapping(value, r.line_of("words"), "`words`"):
            for lang in value:
                if lang not in LANGUAGES:
                    fields.problem(value.line_of(lang), "`words` names an unknown language `%s`" % lang)
                else:
                    words[str(lang)] = fields.texts(value, lang, required=True)
            if "en" not in words:
                fields.problem(r.line_of("words"), "`words` needs English (`en`) words")
        out.append(
            {
                "_at": _at(fields, r),
                "slug": fields.slug(r, "slug"),
                "about": fields.translated(r, "about"),
                "office": fields.translated(r, "office"),
                "number": fields.text(r, "number", required=False),
                "website": fields.text(r, "website", required=False),
                "municipality": fields.boolean(r, "municipality"),
                "broad": fields.boolean(r, "broad"),
                "gives_way_to": fields.texts(r, "gives_way_to"),
                "words": words,
                "source": fields.text(r, "source"),
                "checked": fields.date(r, "checked"),
                "_checked_at": _at_key(fields, r, "checked"),
            }
        )
    return out


def read_help_lines(items: Items, fields: Fields) -> list[Record]:
    """Help lines for a person in danger or for questions asked elsewhere, in the order given."""
    out: list[Record] = []
    for r in _records(items, fields, "help line"):
        fields.unknown_keys(r, {"slug", "name", "number", "topics", "source", "checked"})
        topics = fields.texts(r, "topics")
        for topic in topics:
            if topic not in HELP_TOPICS:
                fields.problem(
                    r.line_of("topics"), "unknown topic `%s` (expected one of: %s)" % (topic, ", ".join(HELP_TOPICS))
                )
        out.append(
            {
                "_at": _at(fields, r),
                "slug": fields.slug(r, "slug"),
                "name": fields.translated(r, "name"),
                "number": fields.text(r, "number"),
                "topics": topics,
                "source": fields.text(r, "source"),
                "checked": fields.date(r, "checked"),
                "_checked_at": _at_key(fields, r, "checked"),
            }
        )
    return out


def read_vocabulary(record: LinedDict, fields: Fields) -> Record:
    """A vocabulary file: `language` and sections of key -> list of phrases, `examples`
    (`intents`: example messages per intent the classifier learns, `services`: per service slug),
    and `everyday`: groups of words people use for a service, each with its source (the bundle
    adds them to the language's `services` words).

    The intents it names (the `intents` section's keys, the examples' labels) are kept with where
    each is named, in `_intents` ("file:line", "cue" or "example", name): which intents exist is
    the dialogue's to say (bot.dialogue.answers.unknown_intents, checked before content is
    loaded), a layer above this one."""
    language = fields.choice(record, "language", LANGUAGES)
    fields.unknown_keys(record, {"language", "examples", "everyday", *VOCABULARY_SECTIONS})
    words: dict[str, dict[str, Any]] = {}
    named: list[tuple[str, str, str]] = []
    for section in VOCABULARY_SECTIONS:
        value = record.get(section)
        if value is not None and fields.mapping(value, record.line_of(section), "`%s`" % section):
            words[section] = _phrase_lists(value, fields, DAYS if section == "days" else None, section[:-1])
            if section == "intents":
                named += [(_at_key(fields, value, key), "cue", str(key)) for key in value]
    examples = record.get("examples")
    if examples is not None and fields.mapping(examples, record.line_of("examples"), "`examples`"):
        fields.unknown_keys(examples, {"intents", "services"})
        words["examples"] = {}
        for part in ("intents", "services"):
            value = examples.get(part)
            if value is not None and fields.mapping(value, examples.line_of(part), "`examples.%s`" % part):
                words["examples"][part] = _phrase_lists(value, fields, None, "example intent")
                if part == "intents":
                    named += [(_at_key(fields, value, key), "example", str(key)) for key in value]
    everyday: list[dict[str, Any]] = []
    for group in _records(fields.items(record, "everyday", required=False), fields, "everyday group"):
        fields.unknown_keys(group, {"service", "words", "source"})
        everyday.append(
            {
                "_at": _at(fields, group),
                "service": fields.slug(group, "service"),
                "words": fields.texts(group, "words", required=True),
                "source": fields.text(group, "source"),
            }
        )
    return {"_at": _at(fields, record), "language": language, "words": words, "everyday": everyday, "_intents": named}


@dataclass(frozen=True)
class Kind:
    """One kind of content record, defined once: everything about it is derived from this.

    `name` is its key in content files, its list in the Bundle and its field in the snapshot
    (bot.content.snapshot.Content); `read` checks a file's list of them; `what` names one in
    problems and, with an s, counts them when content is loaded. `key` is the field that must be
    unique among them, `refers` the fields that name a record of another kind (field -> that
    kind's name): both are checked across the bundle. `translated` are the fields shown in every
    language (translation coverage: "<what>.<field>"); `texts`, when given, lists them instead.
    The snapshot's records are made from the clean records by the field's own type
    (bot.content.document: a dict by `key`, or a list, of the field's dataclass, built by name)
    unless the document gives the kind its own conversion.
    """

    name: str
    read: Callable[[Items, Fields], list[Record]]
    what: str
    key: str | None = "slug"
    refers: Mapping[str, str] = field(default_factory=dict)
    translated: tuple[str, ...] = ()
    texts: Callable[[Record], Iterable[tuple[str, Any]]] | None = None

    def translations(self, record: Record) -> Iterator[tuple[str, Any]]:
        """(coverage row, {language: text}) of each text of record shown in every language."""
        if self.texts is not None:
            yield from self.texts(record)
            return
        row = self.what.replace(" ", "_")
        for name in self.translated:
            if record.get(name):
                yield "%s.%s" % (row, name), record[name]


def _service_texts(s: Record) -> Iterator[tuple[str, Any]]:
    for key in ("name", "description", "eligibility", "fees", "steps"):
        if s[key]:
            yield "service." + key, s[key]
    for doc in s["documents"] + [d for v in s["variants"] for d in v["documents"]]:
        yield "service.document", doc["text"]
        if doc["note"]:
            yield "service.document_note", doc["note"]
    for v in s["variants"]:
        yield "service.variant", v["name"]
        if v["fees"]:
            yield "service.fees", v["fees"]


KINDS: tuple[Kind, ...] = (
    Kind("provinces", read_provinces, "province", key="code", translated=("name",)),
    Kind("providers", read_providers, "provider", translated=("name", "full_name")),
    Kind("services", read_services, "service", refers={"provider": "providers"}, texts=_service_texts),
    Kind("centres", read_centres, "centre", refers={"province": "provinces"}, translated=("name", "address")),
    Kind(
        "closed_centres",
        read_closed_centres,
        "closed centre",
        key=None,  # unique among all centres, live or closed (bot.content.bundle)
        refers={"province": "provinces"},
        texts=lambda c: [("centre.name", c["name"])],
    ),
    Kind(
        "service_days",
        read_service_days,
        "service day",
        key=None,
        refers={"centre": "centres", "provider": "providers", "service": "services"},
    ),
    Kind("places", read_places, "place", key=None, refers={"province": "provinces"}),
    Kind("help_lines", read_help_lines, "help line", translated=("name",)),
    Kind("referrals", read_referrals, "referral", translated=("about", "office")),
)
"""Every kind of content record, in the order the bundle checks and the document makes them."""
