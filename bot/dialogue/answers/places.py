"""Making sure of the place a person means before answering "nearest" questions.

Two questions come before an answer that depends on where the person is:
- a name several places share in different provinces (Elim in the Western Cape and in Limpopo)
  gets "Which Elim?" with each province, unless the person has already chosen, the conversation
  is about a centre in one of them, or one is ten times larger than the others (Mamelodi);
- a place we do not know gets "Did you mean ...?" with the closest gazetteer spellings
  (rapidfuzz over every name and alias), then the province menu as the last option.
`question(turn, intent, entities)` returns that question as an Answer, or None to go on.
"""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz, process

from ...content.snapshot import Content, PlaceInfo
from ...geo import distance_km
from ...text.normalize import normalize
from .base import Answer, Turn, action, area_of

SUGGESTIONS = 3
SUGGEST_SCORE = 75  # rapidfuzz ratio (0-100) a spelling needs to be offered
SAME_KM = 10.0  # entries of one province this close are one place
DOMINANT = 10  # a place this many times larger than its namesakes is the one meant
# Entities that say the place is settled: the person picked it from a question, or gave a location.
_SETTLED = ("place_chosen", "location", "province", "municipality")


def _names(content: Content) -> dict[str, list[int]]:
    """Each normalised place name or alias -> the gazetteer positions that carry it."""

    def build(c: Content) -> dict[str, list[int]]:
        names: dict[str, list[int]] = {}
        for position, place in enumerate(c.places):
            for name in {normalize(n) for n in (place.name, *place.aliases)}:
                names.setdefault(name, []).append(position)
        return names

    return content.cached("place_names", build, curated=True)


def namesakes(content: Content, key: str) -> list[int]:
    """The places in other provinces that share place key's name (largest first), key included
    first; one place per province. Only key when its place is DOMINANT times larger than each of
    them, all of known size (Mamelodi the township, not the village): then there is no question
    which is meant."""
    place = content.places[int(key)]
    seen, found = {place.province}, [int(key)]
    shared = _names(content).get(normalize(place.name), [])
    for position in sorted(shared, key=lambda p: -(content.places[p].population or 0)):
        if content.places[position].province not in seen:
            seen.add(content.places[position].province)
            found.append(position)
    sizes = [content.places[p].population for p in found[1:]]
    known = [size for size in sizes if size is not None]
    if sizes and len(known) == len(sizes) and (place.population or 0) >= DOMINANT * max(max(known), 1):
        return found[:1]
    return found


def suggestions(content: Content, text: str) -> list[tuple[int, str]]:
    """(gazetteer position, the name or alias spelt like text) for the places spelt closest to
    text, best first (at most SUGGESTIONS)."""
    query = normalize(text)
    if len(query) < 3:
        return []
    names = _names(content)
    found = process.extract(query, list(names), scorer=fuzz.ratio, limit=SUGGESTIONS * 2, score_cutoff=SUGGEST_SCORE)
    chosen: list[tuple[int, str]] = []
    for name, _score, _i in found:
        for position in names[name]:
            if not any(_same(content.places[position], content.places[p]) for p, _n in chosen):
                chosen.append((position, _written(content.places[position], name)))
    return chosen[:SUGGESTIONS]


def _written(place: PlaceInfo, normalised: str) -> str:
    """The place's name or alias as written whose normalised form is normalised."""
    return next((n for n in (place.name, *place.aliases) if normalize(n) == normalised), place.name)


def _same(a: PlaceInfo, b: PlaceInfo) -> bool:
    """Whether two gazetteer entries are one place (the curated list repeats some spellings)."""
    return a.province == b.province and distance_km(a.latitude, a.longitude, b.latitude, b.longitude) < SAME_KM


def _label(turn: Turn, position: int, name: str | None = None) -> str:
    place = turn.content.places[position]
    province = turn.content.provinces.get(place.province)
    return "%s (%s)" % (name or place.name, turn.name(province)) if province else (name or place.name)


def question(turn: Turn, intent: str, entities: dict[str, Any]) -> Answer | None:
    """Which place is meant, when that needs asking (see the module docstring); else None."""
    _ = turn._
    if any(entities.get(k) for k in _SETTLED):
        return None
    rest = {k: v for k, v in entities.items() if k not in ("place", "unknown_place", "centre")}
    place = entities.get("place")
    if isinstance(place, str) and place.isdigit() and int(place) < len(turn.content.places):
        shared = namesakes(turn.content, place)
        if len(shared) < 2 or turn.content.places[int(place)].province == area_of(turn, {}):
            return None  # one place, or the one in the province the conversation is about
        name = turn.content.places[int(place)].name
        return Answer(
            intent,
            [_("Which %(place)s do you mean?") % {"place": name}],
            options=[(_label(turn, p), action(intent, place=str(p), place_chosen=True, **rest)) for p in shared],
            pending=action(intent, **rest),
        )
    unknown = entities.get("unknown_place")
    if not unknown or place:
        return None
    close = suggestions(turn.content, unknown)
    if not close:
        return None
    blocks = [_('I do not know the place "%(place)s".') % {"place": unknown[:40]}, _("Did you mean:")]
    options = [(_label(turn, p, name), action(intent, place=str(p), place_chosen=True, **rest)) for p, name in close]
    options.append((_("Choose my province"), action(intent, pick="province", **rest)))
    return Answer(intent, blocks, options=options, pending=action(intent, **rest))
