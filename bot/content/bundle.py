"""Read and validate the whole content folder into one checked bundle, or a list of problems.

`read_bundle(folder)` returns a `Bundle`; `bundle.problems` lists every problem as
`file:line: what is wrong` (paths relative to the folder). A bundle with problems must
not be loaded (bot.content.store refuses it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..text.normalize import normalize
from . import kinds
from .fields import Fields
from .kinds import Record
from .yamlfile import YamlError, read

LIST_KINDS = {kind.name: kind for kind in kinds.KINDS}
FILE_KEYS = set(LIST_KINDS) | {"attribution"}


@dataclass
class Bundle:
    """Clean content records of every kind, the problems found, and a version hash.

    `records` holds each kind's records (bot.content.kinds.KINDS) under its name, also read as
    an attribute (`bundle.centres`)."""

    records: dict[str, list[Record]] = field(default_factory=lambda: {kind.name: [] for kind in kinds.KINDS})
    vocabularies: list[Record] = field(default_factory=list)
    # Every intent the vocabularies name: ("file:line", "cue" or "example", name); the dialogue
    # says which exist (bot.dialogue.answers.unknown_intents).
    named_intents: list[tuple[str, str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    version: str = ""
    files: int = 0

    def __getattr__(self, name: str) -> list[Record]:
        records: dict[str, list[Record]] = self.__dict__.get("records", {})
        if name in records:
            return records[name]
        raise AttributeError(name)


def content_files(folder: Path) -> list[Path]:
    """Every YAML file below folder, in a stable order."""
    return sorted(p for p in Path(folder).rglob("*.yaml") if p.is_file())


def content_version(folder: Path) -> str:
    """A short hash of every content file's name and bytes: it changes when any file does."""
    digest = hashlib.sha256()
    for path in content_files(folder):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def read_bundle(folder: str | Path) -> Bundle:
    """Read every content file of folder, check each record and every cross-reference."""
    folder = Path(folder)
    bundle = Bundle(version=content_version(folder))
    files = content_files(folder)
    bundle.files = len(files)
    if not files:
        bundle.problems.append("%s:0: no content files (*.yaml) found" % folder)
    for path in files:
        _read_file(path, str(path.relative_to(folder)), bundle)
    bundle.named_intents = [named for record in bundle.vocabularies for named in record.pop("_intents")]
    bundle.vocabularies = _merge_vocabularies(bundle.vocabularies, bundle.problems)
    _cross_check(bundle)
    return bundle


def _merge_vocabularies(records: list[Record], problems: list[str]) -> list[Record]:
    """One vocabulary per language: a language may spread its sections over several files
    (words in vocabulary/zu.yaml, example messages in examples/zu.yaml), each section in one;
    its `everyday` groups (vocabulary/everyday/zu.yaml) join its `services` words."""
    merged: dict[str, Record] = {}
    for record in records:
        language = record["language"]
        if language not in merged:
            merged[language] = {**record, "words": dict(record["words"]), "everyday": list(record["everyday"])}
            continue
        merged[language]["everyday"] += record["everyday"]
        for section, value in record["words"].items():
            if section in merged[language]["words"]:
                problems.append(
                    "%s: section `%s` of vocabulary language `%s` is defined twice (first at %s)"
                    % (record["_at"], section, language, merged[language]["_at"])
                )
            else:
                merged[language]["words"][section] = value
    for vocabulary in merged.values():
        if vocabulary["everyday"]:
            services = {slug: list(phrases) for slug, phrases in vocabulary["words"].get("services", {}).items()}
            for group in vocabulary["everyday"]:
                if group["service"]:
                    services.setdefault(group["service"], []).extend(group["words"])
            vocabulary["words"]["services"] = services
    return list(merged.values())


def _read_file(path: Path, name: str, bundle: Bundle) -> None:
    fields = Fields(name, bundle.problems)
    try:
        data = read(path)
    except YamlError as error:
        fields.problem(error.line, "not valid YAML: %s" % error)
        return
    if not fields.mapping(data, 1, "the file"):
        return
    if "language" in data:
        bundle.vocabularies.append(kinds.read_vocabulary(data, fields))
        return
    known = [key for key in data if key in LIST_KINDS]
    if not known:
        fields.problem(data.line, "the file holds none of: %s" % ", ".join(sorted(LIST_KINDS)))
    fields.unknown_keys(data, FILE_KEYS)
    for key in known:
        bundle.records[key].extend(LIST_KINDS[key].read(fields.items(data, key), fields))


def _unique(records: Iterable[Record], key: str, what: str, problems: list[str]) -> dict[Any, Record]:
    """The records by their value of key (records without one left out); a repeated value is a problem."""
    seen: dict[Any, Record] = {}
    for record in records:
        value = record.get(key)
        if value is None:
            continue
        if value in seen:
            problems.append(
                "%s: %s `%s` is defined twice (first at %s)" % (record["_at"], what, value, seen[value]["_at"])
            )
        else:
            seen[value] = record
    return seen


def _refer(record: Record, key: str, table: Mapping[Any, Record], what: str, problems: list[str]) -> None:
    value = record.get(key)
    if value is not None and value not in table:
        problems.append("%s: unknown %s `%s`" % (record["_at"], what, value))


def _check_referral_words(bundle: Bundle) -> None:
    """A referral's word must not name a service, department or another referral in any language
    (the phrase index reads every language's words in every message: it would send people away
    from what the centres do, or to two places)."""
    ours: dict[str, str] = {}
    for vocabulary in bundle.vocabularies:
        for section in ("services", "providers"):
            for slug, phrases in vocabulary["words"].get(section, {}).items():
                for phrase in phrases:
                    ours[normalize(phrase)] = "%s `%s` (%s)" % (section[:-1], slug, vocabulary["language"])
    for record in bundle.services + bundle.providers:
        for name in (record.get("name") or {}).values():
            ours[normalize(name)] = "`%s`" % record["slug"]
    slugs = {s["slug"] for s in bundle.services}
    for referral in bundle.referrals:
        for slug in referral["gives_way_to"]:
            if slug not in slugs:
                bundle.problems.append("%s: unknown service `%s` in `gives_way_to`" % (referral["_at"], slug))
        for lang, words in referral["words"].items():
            for word in words:
                key, own = normalize(word), "referral `%s`" % referral["slug"]
                if key in ours and ours[key] != own:
                    bundle.problems.append(
                        "%s: referral `%s` word %r (%s) names %s"
                        % (referral["_at"], referral["slug"], word, lang, ours[key])
                    )
                ours[key] = own


def _cross_check(bundle: Bundle) -> None:
    p = bundle.problems
    # Each kind's key is unique among its records, and what a record names of another kind exists.
    by_key = {kind.name: _unique(bundle.records[kind.name], kind.key, kind.what, p) for kind in kinds.KINDS if kind.key}
    for kind in kinds.KINDS:
        for record in bundle.records[kind.name]:
            for name, other in kind.refers.items():
                _refer(record, name, by_key[other], LIST_KINDS[other].what, p)
    providers, services = by_key["providers"], by_key["services"]  # what vocabularies name
    # A closed centre's slug is a centre entity too (its name is recognised): never a live one's.
    _unique(bundle.centres + bundle.closed_centres, "slug", "centre", p)
    _check_referral_words(bundle)
    # A vocabulary's `variants` name a variant by its slug alone: unique across the services.
    variants = _unique([v for service in bundle.services for v in service["variants"]], "slug", "variant", p)
    for centre in bundle.centres:
        _unique(centre["services"], "service", "service at centre %s" % centre["slug"], p)
        for offered in centre["services"]:
            _refer(offered, "service", services, "service", p)
    for day in bundle.service_days:
        day_service = services.get(day.get("service"))
        if day_service and day.get("provider") and day_service["provider"] != day["provider"]:
            p.append(
                "%s: service `%s` belongs to `%s`, not `%s`"
                % (day["_at"], day_service["slug"], day_service["provider"], day["provider"])
            )
    for vocabulary in bundle.vocabularies:
        words = vocabulary["words"]
        for slug in words.get("services", {}):
            _refer({"_at": vocabulary["_at"], "s": slug}, "s", services, "service in vocabulary", p)
        for slug in words.get("providers", {}):
            _refer({"_at": vocabulary["_at"], "s": slug}, "s", providers, "provider in vocabulary", p)
        for slug in words.get("variants", {}):
            _refer({"_at": vocabulary["_at"], "s": slug}, "s", variants, "variant in vocabulary", p)
        for slug in words.get("examples", {}).get("services", {}):
            _refer({"_at": vocabulary["_at"], "s": slug}, "s", services, "service in examples", p)
    if bundle.vocabularies and "en" not in {v["language"] for v in bundle.vocabularies}:
        p.append("vocabulary: an English vocabulary (language: en) is required")
