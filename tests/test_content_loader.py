"""The content loader: the curated content is valid; broken content is reported as
`file:line: what is wrong` for every problem, and then nothing at all is loaded."""

from __future__ import annotations

import shutil
from dataclasses import dataclass

import pytest
from support import CONTENT_DIR, SMALL_CONTENT_DIR

from bot.content.bundle import read_bundle
from bot.content.store import ContentProblems, load_bundle, loaded_version


def test_curated_content_is_valid():
    bundle = read_bundle(CONTENT_DIR)
    assert bundle.problems == []


REQUIRED_SERVICES = {
    "smart-id-card",
    "birth-registration",
    "death-registration",
    "marriage-registration",
    "passport",
    "old-age-grant",
    "child-support-grant",
    "disability-grant",
    "foster-child-grant",
    "srd-grant",
    "uif-claim",
    "job-seeker-registration",
    "document-certification",
    "business-support",
    "youth-support",
    "internet-access",
}
REQUIRED_PROVIDERS = {"home-affairs", "sassa", "labour", "saps", "seda", "nyda", "post-office", "gcis", "municipality"}


def test_curated_content_has_every_public_slug_and_centre():
    import csv

    from bot.config import PROJECT_ROOT

    bundle = read_bundle(CONTENT_DIR)
    assert {s["slug"] for s in bundle.services} == REQUIRED_SERVICES
    assert {p["slug"] for p in bundle.providers} == REQUIRED_PROVIDERS
    shared = PROJECT_ROOT.parent / "shared" / "data" / "centres.csv"
    if shared.exists():
        with open(shared, encoding="utf-8") as f:
            assert {row["slug"] for row in csv.DictReader(f)} <= {c["slug"] for c in bundle.centres}
    assert len(bundle.centres) >= 37 + 26  # and centres-more.csv: see test_centre_status


def test_every_centre_of_the_first_list_has_example_home_affairs_and_sassa_days():
    # The centres added from centres-more.csv and centres-more2.csv have no example schedules: none is known.
    bundle = read_bundle(CONTENT_DIR)
    for centre in [c for c in bundle.centres if "centres-more" not in c["source"]]:
        providers = {d["provider"] for d in bundle.service_days if d["centre"] == centre["slug"]}
        assert {"home-affairs", "sassa"} <= providers, centre["slug"]


def test_every_fact_carries_a_source():
    bundle = read_bundle(CONTENT_DIR)
    for kind in ("providers", "services", "centres", "service_days", "places"):
        for record in getattr(bundle, kind):
            assert record["source"], record["_at"]
    assert len(bundle.places) > 1000


@dataclass
class Broken:
    label: str
    old: str
    new: str
    expected: str  # a fragment of the problem, after "small.yaml:<line>: "


BROKEN = [
    Broken(
        "missing English name", "name: {en: Smart ID card}", "name: {zu: Ikhadi}", "`name` needs an English (`en`) text"
    ),
    Broken("unknown provider", "provider: sassa\n", "provider: sasa\n", "unknown provider `sasa`"),
    Broken("bad slug", "slug: old-age-grant", "slug: Old Age Grant", "is not a slug"),
    Broken("time without an end", 'mon: "08:00-16:00"', "mon: 08:00", "quoted time range"),
    Broken("bad weekday", "weekday: tuesday", "weekday: tuesdya", "`weekday` must be one of"),
    Broken(
        "bad date",
        "checked: 2025-06-01\n\ncentres",
        "checked: 1 June 2025\n\ncentres",
        "must be a date written YYYY-MM-DD",
    ),
    Broken("latitude outside South Africa", "lat: -23.3", "lat: 23.3", "`lat` must be a number"),
    Broken("unknown key", "sample: true", "sampel: true", "unknown key `sampel`"),
    Broken("unknown language code", "zu: Ezasekhaya", "zz: Ezasekhaya", "unknown language code 'zz'"),
    Broken("duplicate centre", "  - slug: zava", "  - slug: jozini", "centre `jozini` is defined twice"),
    Broken(
        "service of another provider",
        "provider: sassa\n    dates",
        "provider: home-affairs\n    service: old-age-grant\n    dates",
        "belongs to `sassa`",
    ),
    Broken(
        "repeat and dates together",
        "    dates: [2026-12-03, 2027-01-14]",
        "    dates: [2026-12-03]\n    repeat: {every: week, weekday: monday}",
        "either `repeat` or `dates`",
    ),
    Broken("bad precision", "precision: estimate", "precision: guess", "`precision` must be one of"),
    Broken("not YAML", "places:", "places: [", "not valid YAML"),
    Broken(
        "variant without documents",
        "        fees: {en: R140}\n        documents:\n          - text: {en: Old ID or an affidavit}",
        "        fees: {en: R140}",
        "a variant needs at least one document",
    ),
    Broken(
        "unknown centre status",
        "    source: test fixture\n  - slug: zava",
        "    status: {state: burned, year: 2023, source: a test}\n    source: test fixture\n  - slug: zava",
        "`state` must be one of reported_damaged, under_construction, unverified",
    ),
    Broken(
        "home languages without a source",
        "    name: {en: Limpopo}",
        "    name: {en: Limpopo}\n    home_languages: {nso: 52.7, ts: 22.6}",
        "missing `source`",
    ),
    Broken(
        "home language not a language",
        "    name: {en: Limpopo}",
        "    name: {en: Limpopo}\n    home_languages: {sepedi: 52.7}\n    source: a test",
        "unknown language `sepedi`",
    ),
    Broken(
        "centre status without a year",
        "    source: test fixture\n  - slug: zava",
        "    status: {state: unverified, source: a test}\n    source: test fixture\n  - slug: zava",
        "missing `year`",
    ),
]


def _break(tmp_path, case: Broken):
    folder = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT_DIR, folder)
    path = folder / "small.yaml"
    text = path.read_text()
    assert case.old in text, case.label
    path.write_text(text.replace(case.old, case.new, 1))
    return folder


@pytest.mark.parametrize("case", BROKEN, ids=lambda c: c.label)
def test_each_problem_names_file_and_line(tmp_path, case):
    folder = _break(tmp_path, case)
    problems = read_bundle(folder).problems
    matching = [p for p in problems if case.expected in p]
    assert matching, problems
    filename, line, _message = matching[0].split(":", 2)
    assert filename == "small.yaml"
    assert int(line) >= 1
    # The line named really holds the broken text (or the record that contains it).
    lines = (folder / "small.yaml").read_text().splitlines()
    window = "\n".join(lines[max(0, int(line) - 3) : int(line) + 8])
    assert any(part.strip() and part.strip()[:12] in window for part in case.new.splitlines()), (matching, window)


def test_broken_content_loads_nothing(small_app, tmp_path):
    folder = _break(tmp_path, BROKEN[1])
    bundle = read_bundle(folder)
    database = small_app.extensions["database"]
    with database.session() as session:
        before = loaded_version(session)
    assert before
    with database.session() as session, pytest.raises(ContentProblems), session.begin():
        load_bundle(session, bundle)
    with database.session() as session:
        assert loaded_version(session) == before


def test_cli_validate_reports_problems_and_exit_status(app, tmp_path):
    runner = app.test_cli_runner()
    good = runner.invoke(args=["content", "validate", "--dir", str(SMALL_CONTENT_DIR)])
    assert good.exit_code == 0 and "content is valid" in good.output
    bad = runner.invoke(args=["content", "validate", "--dir", str(_break(tmp_path, BROKEN[0]))])
    assert bad.exit_code == 1
    assert "small.yaml:" in bad.output and "nothing loaded" in bad.output


def test_cli_load_replaces_content_and_changes_the_version(app, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["content", "load", "--dir", str(SMALL_CONTENT_DIR)])
    assert result.exit_code == 0, result.output
    assert "2 centres" in result.output
    body = app.test_client().get("/healthz").get_json()
    assert body["content_version"] == read_bundle(SMALL_CONTENT_DIR).version


def test_help_lines_are_checked(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT_DIR, folder)
    (folder / "help.yaml").write_text(
        "help_lines:\n"
        '  - slug: police\n    name: {en: Police}\n    number: "10111"\n    topics: [emergency, weather]\n'
        "    source: a test\n    checked: 2026-11-29\n"
        '  - slug: police\n    name: {zu: Amaphoyisa}\n    number: "10111"\n    topics: [emergency]\n'
        "    source: a test\n    checked: 2026-11-29\n"
    )
    problems = read_bundle(folder).problems
    assert any(p.startswith("help.yaml:5:") and "unknown topic `weather`" in p for p in problems), problems
    assert any("help line `police` is defined twice" in p for p in problems), problems
    assert any("`name` needs an English (`en`) text" in p for p in problems), problems


def test_referrals_are_checked(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT_DIR, folder)
    (folder / "referrals.yaml").write_text(
        "referrals:\n"
        "  - slug: traffic-fines\n    about: {en: Traffic fines}\n    office: {en: The traffic department}\n"
        "    words: {en: [traffic fine], zz: [boete]}\n    source: a test\n    checked: 2026-12-07\n"
        "  - slug: tax\n    about: {en: Tax}\n    office: {en: SARS}\n"
        "    words: {af: [belasting]}\n    source: a test\n    checked: 2026-12-07\n"
        "  - slug: ids\n    about: {en: IDs}\n    office: {en: Somewhere}\n    broad: maybe\n"
        "    words: {en: [smart id card, traffic fine]}\n    source: a test\n    checked: 2026-12-07\n"
    )
    problems = read_bundle(folder).problems
    assert any(p.startswith("referrals.yaml:") and "unknown language `zz`" in p for p in problems), problems
    assert any("`words` needs English (`en`) words" in p for p in problems), problems
    assert any("`broad` must be true or false" in p for p in problems), problems
    # A word that names a service (here by its name) or another referral sends people astray.
    assert any("referral `ids` word 'smart id card' (en) names `smart-id-card`" in p for p in problems), problems
    assert any("referral `ids` word 'traffic fine' (en) names referral `traffic-fines`" in p for p in problems), (
        problems
    )


def test_curated_referrals_carry_a_source_a_check_date_and_words_in_every_language():
    from bot.i18n import LANGUAGES

    referrals = read_bundle(CONTENT_DIR).referrals
    assert len(referrals) >= 15
    for referral in referrals:
        assert referral["source"].startswith("http") and referral["checked"], referral["slug"]
        assert set(referral["words"]) == set(LANGUAGES), referral["slug"]


def test_curated_help_lines_carry_a_source_and_a_check_date():
    lines = read_bundle(CONTENT_DIR).help_lines
    assert [h["number"] for h in lines][:2] == ["10111", "0800 428 428"]
    assert all(h["source"].startswith(("http", "South African")) and h["checked"] for h in lines)


def test_the_content_document_gives_back_the_content_it_was_made_from(app):
    """The content is stored as one document: read back from the database, it is exactly what
    the content files make (every kind, field and order), and a document of another shape is
    refused rather than misread."""

    from bot.content import document
    from bot.content.store import loaded_content

    made = document.from_bundle(read_bundle(CONTENT_DIR))
    with app.extensions["database"].session() as session:
        stored = loaded_content(session)
    assert stored == made
    assert list(stored.centres) == list(made.centres) and stored.service_days == made.service_days
    assert document.load(document.dump(made), document.SCHEMA) == made
    with pytest.raises(document.StaleDocument):
        document.load(document.dump(made), document.SCHEMA + 1)


def test_migrating_from_content_tables_to_the_document_and_back(tmp_path):
    """A database of the release before (content in ten tables, revision 0006) migrates to the
    document and loads; downgrading recreates the tables (empty) and upgrading again works."""
    from alembic import command
    from sqlalchemy import create_engine, inspect

    from bot.migrate import alembic_config, upgrade

    url = "sqlite:///%s" % (tmp_path / "old.sqlite3")
    upgrade(url, "0006")
    engine = create_engine(url)
    assert {"centres", "service_days", "content_meta"} <= set(inspect(engine).get_table_names())
    upgrade(url)
    tables = set(inspect(engine).get_table_names())
    assert "content_documents" in tables and not tables & {"centres", "service_days", "content_meta"}
    command.downgrade(alembic_config(url), "0006")
    assert {"centres", "help_lines", "content_meta"} <= set(inspect(engine).get_table_names())
    assert "status_year" in {c["name"] for c in inspect(engine).get_columns("centres")}
    upgrade(url)
    from support import make_app

    app = make_app(url, SMALL_CONTENT_DIR)
    result = app.test_cli_runner().invoke(args=["content", "load", "--dir", str(SMALL_CONTENT_DIR)])
    assert result.exit_code == 0, result.output
    assert app.test_client().post("/api/chat", json={"user": "m", "text": "hi"}).status_code == 200
    engine.dispose()


def test_the_migrations_build_exactly_the_models(tmp_path):
    """Upgraded to the newest revision, the database has every table and column the models
    describe and no other (alembic check: autogenerate would write nothing), and alembic.ini
    lets `alembic revision --autogenerate` find the migrations."""
    from alembic import command
    from alembic.config import Config
    from support import PROJECT_ROOT

    from bot.migrate import alembic_config, upgrade

    url = "sqlite:///%s" % (tmp_path / "new.sqlite3")
    upgrade(url)
    command.check(alembic_config(url))
    from_ini = Config(str(PROJECT_ROOT / "alembic.ini"))
    from_ini.set_main_option("sqlalchemy.url", url)
    command.check(from_ini)


def test_every_kind_is_defined_once_and_a_plain_one_is_made_by_its_fields_names():
    """bot.content.kinds.KINDS drives the bundle, the checks, the coverage and the counts; a kind
    without a conversion of its own (help lines) is made by its dataclass's field names."""
    from bot.content import document
    from bot.content.bundle import LIST_KINDS
    from bot.content.coverage import coverage
    from bot.content.kinds import KINDS
    from bot.content.snapshot import HelpLineInfo

    bundle = read_bundle(CONTENT_DIR)
    assert list(LIST_KINDS) == [kind.name for kind in KINDS] and bundle.centres is bundle.records["centres"]
    made = document.from_bundle(bundle).help_lines
    assert made == [HelpLineInfo(r["slug"], r["name"], r["number"], tuple(r["topics"])) for r in bundle.help_lines]
    rows = set(coverage(bundle))
    assert {"province.name", "service.document", "centre.address", "help_line.name", "referral.office"} <= rows
