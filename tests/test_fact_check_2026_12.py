"""The December 2026 fact-check (../shared/data/facts-2026-12.md) as the bot says it: one row per
correction, asked over the public API (POST /api/chat) in English and in one other language.

Each row is (what is asked, the reply language, what the reply must say, what it must not say).
The facts that read the same in every language (amounts, form numbers, years) are checked in both
languages; the other language's row also checks a sentence of the correction in that language,
taken from the content (the translation a speaker reviews), so the fact is said, not only the
number.
"""

from __future__ import annotations

import itertools

import pytest

_people = itertools.count()


def _ask(client, text: str, lang: str) -> dict:
    response = client.post("/api/chat", json={"user": "facts-%d" % next(_people), "text": text, "lang": lang})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def _sentence(text: str, part: int) -> str:
    """One sentence of a translated text (the last by default: the fact added to it)."""
    return [s for s in text.replace(": ", ". ").split(". ") if s.strip()][part].rstrip(".")


def _field(slug: str, key: str, part: int = -1):
    return lambda content, lang: _sentence(getattr(content.services[slug], key)[lang], part)


def _variant(slug: str, variant: str):
    return lambda content, lang: next(v.name[lang] for v in content.services[slug].variants if v.slug == variant)


# (question, lang, must say, must not say)
SERVICES = [
    # Passports: children apply with an unabridged birth certificate and DHA-73; the 48-page and
    # child passports and their fees.
    (
        "what does my child need for a passport",
        "en",
        ["Child under 16", "DHA-73", "R1,200", "R600"],
        ["already hold an ID"],
    ),
    ("passport", "zu", ["DHA-73", "R1,200", "R600"], []),
    # Customary marriages: within 3 months, lobola proof, either spouse alone.
    ("how do I register a customary marriage", "en", ["Customary marriage", "lobola", "3 months", "alone"], []),
    ("marriage registration", "xh", ["3"], []),
    # SRD: non-citizens who qualify and the income test; applying in person is not confirmed.
    ("SRD grant requirements for asylum seekers", "en", ["section 22", "R624", "refugees", "not confirmed"], []),
    ("SRD grant", "st", ["22", "R624"], []),
    # Old age grant: permanent residents and refugees; marital status papers; the 2026 amount.
    ("documents for old age grant", "en", ["permanent residents and refugees", "marital status", "R2,400"], []),
    ("old age grant", "af", ["R2,400"], []),
    # Death: a traditional leader where there is no doctor; the unabridged certificate R75.
    ("how do I register a death", "en", ["traditional leader", "R75", "police register deaths"], ["nurse"]),
    ("death registration", "nso", ["R75"], []),
    # Late birth registration: its documents, said as not confirmed.
    ("late birth registration", "en", ["not confirmed: ask the office", "proof of birth from a doctor"], []),
    ("birth registration", "tn", [], []),
    # Smart ID: green ID books still valid; some offices cannot issue smart IDs.
    ("documents for a smart ID", "en", ["Green ID books are still valid", "ask first"], []),
    ("smart ID", "ts", [], []),
    # Child support grant: the reputable person and school report; six children not one's own.
    ("child support grant documents", "en", ["reputable person", "school report", "6 children"], []),
    ("child support grant", "ss", ["R580"], []),
    # Disability grant: permanent residents and refugees; booking online.
    ("disability grant documents", "en", ["permanent residents and refugees", "online"], []),
    ("disability grant", "ve", ["R2,400"], []),
]

# For each other language's row: the field whose translated sentence the reply must hold.
TRANSLATED = {
    ("passport", "zu"): _field("passport", "steps", 2),
    ("marriage registration", "xh"): _variant("marriage-registration", "customary"),
    ("SRD grant", "st"): _field("srd-grant", "eligibility", 0),
    ("old age grant", "af"): _field("old-age-grant", "eligibility"),
    ("death registration", "nso"): _field("death-registration", "fees", 0),
    ("birth registration", "tn"): _field("birth-registration", "steps", 0),
    ("smart ID", "ts"): _field("smart-id-card", "steps", 0),
    ("child support grant", "ss"): _field("child-support-grant", "eligibility", 0),
    ("disability grant", "ve"): _field("disability-grant", "eligibility"),
}


def _whole(client, question: str, lang: str) -> tuple[dict, str]:
    """The answer to question and the documents answers one reply away: the service's other
    variants and who can apply, the steps and the help line are numbered follow-ups (issue 29),
    each asked in a conversation of its own."""
    body = _ask(client, question, lang)
    replies = [body["reply"]]
    for option in body["options"]:
        user = "facts-%d" % next(_people)
        for text in (question, option["key"]):
            response = client.post("/api/chat", json={"user": user, "text": text, "lang": lang}).get_json()
        if response["intent"] == "required_documents":
            replies.append(response["reply"])
    return body, "\n\n".join(replies)


@pytest.mark.parametrize(("question", "lang", "says", "never"), SERVICES)
def test_a_corrected_service_fact_is_said(client, content, question, lang, says, never):
    body, reply = _whole(client, question, lang)
    assert body["intent"] == "required_documents" and body["lang"] == lang, body
    for fact in says:
        assert fact in reply, (fact, reply)
    for wrong in never:
        assert wrong not in reply, (wrong, reply)
    if (question, lang) in TRANSLATED:
        said = TRANSLATED[(question, lang)]
        sentence = said(content, lang)
        assert sentence and sentence in reply, (sentence, reply)
        assert sentence != said(content, "en")  # translated, not English


# (question, lang, must say, must not say) about centres
CENTRES = [
    # Maponya Mall: no source places SASSA there.
    ("what services at Maponya Mall Thusong", "en", ["Home Affairs"], ["Older persons grant", "Child support grant"]),
    # Mossel Bay: SASSA at the KwaNonqaba centre.
    ("what services at Mossel Bay Thusong", "en", ["Child support grant", "Older persons grant"], []),
    ("Mossel Bay Thusong services", "af", ["Kinderondersteuningstoelaag"], []),
    # Maruleng: a permanent Home Affairs branch (smart IDs unconfirmed).
    ("what services at Maruleng Thusong", "en", ["Birth registration"], []),
    # New centres, each with how sure it is.
    ("Mbazwana Thusong details", "en", ["Mbazwana", "2017"], []),
    ("Mbazwana Thusong", "zu", ["Mbazwana", "2017"], []),
    ("Leandra Thusong details", "en", ["Leandra", "2022"], []),
    ("Louiville Thusong details", "en", ["Louiville", "2024"], []),
]


@pytest.mark.parametrize(("question", "lang", "says", "never"), CENTRES)
def test_a_corrected_centre_is_said(client, question, lang, says, never):
    reply = _ask(client, question, lang)["reply"]
    for fact in says:
        assert fact in reply, (fact, reply)
    for wrong in never:
        assert wrong not in reply, (wrong, reply)


@pytest.mark.parametrize(
    ("question", "lang", "says"),
    [
        ("is Stanza Bopape Thusong open", "en", ["Stanza Bopape", "closed", "2020", "Mamelodi"]),
        ("Stanza Bopape Thusong", "zu", ["Stanza Bopape", "2020", "Mamelodi"]),
        ("when is SASSA at Stanza Bopape Thusong", "en", ["closed", "do not travel"]),
        ("KwaDabeka Thusong services", "en", ["KwaDabeka", "not found", "do not travel"]),
        ("KwaDabeka Thusong", "xh", ["KwaDabeka"]),
        ("nearest centre to KwaDabeka Thusong", "en", ["not found", "km"]),
    ],
)
def test_a_closed_or_unfound_centre_is_never_travelled_to(client, question, lang, says):
    body = _ask(client, question, lang)
    said = "\n".join([body["reply"], *(option["label"] for option in body["options"])])  # the nearest as choices
    for fact in says:
        assert fact in said, (fact, said)
    assert body["entities"].get("centre") not in ("stanza-bopape", "kwadabeka"), body
    assert body["options"], body  # the nearest open centres to choose from


def test_a_closed_centre_is_in_no_list_of_centres(content):
    assert "stanza-bopape" not in content.centres and "kwadabeka" not in content.centres
    assert {"stanza-bopape", "kwadabeka"} <= set(content.closed_centres)


@pytest.mark.parametrize("lang", ["en", "zu"])
def test_example_service_days_say_who_sets_the_visiting_days(client, content, lang):
    centre = next(
        slug
        for slug in content.centres
        if any(d.centre == slug and d.sample for d in content.service_days) and not content.centres[slug].status
    )
    reply = _ask(client, "when is home affairs at %s" % content.centres[centre].town, lang)["reply"]
    councillor = {"en": "ward councillor", "zu": "khansela"}[lang]
    assert councillor in reply.lower(), reply
