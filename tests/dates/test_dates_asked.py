"""The day asked, end to end through POST /api/chat in all eleven languages: a centre manager
publishes SASSA at Jozini every Wednesday (08:00-13:00) in the console, cancels Wednesday 13
January and posts a closure of the centre from 24 December to 4 January; then people ask about a
day in every form (today, tomorrow, weekdays, next week, a day and a month in words or short,
figures, ordinals, slips of the pen) on fixed days: Monday 7 December 2026, the public holiday of
Wednesday 16 December, a closed Wednesday 30 December and the cancelled Wednesday 13 January.

Each case names the day or period the answer must be about (entities `day`/`period`) and what
that day is (the API's `dates`), worked out by hand from the schedule above:

  Wed  9 Dec confirmed    Wed 16 Dec public holiday    Wed 23 Dec confirmed
  Wed 30 Dec closed       Wed  6 Jan confirmed         Wed 13 Jan cancelled    Wed 20, 27 Jan confirmed
"""

from __future__ import annotations

import datetime as dt

import pytest
from dates_support import MON_7_DEC, STATUS, WED_13_JAN, WED_16_DEC, WED_30_DEC, ask

D = dt.date
# How each language asks "Is SASSA at Jozini <day>?"
ASK = {
    "en": "is sassa at jozini {}?",
    "af": "is SASSA by Jozini {}?",
    "zu": "ingabe i-SASSA izoba seJozini {}?",
    "xh": "ingaba i-SASSA iza kuba seJozini {}?",
    "nso": "na SASSA e tla ba Jozini {}?",
    "tn": "a SASSA e tla nna kwa Jozini {}?",
    "st": "na SASSA e tla ba Jozini {}?",
    "ts": "xana SASSA yi ta va eJozini {}?",
    "ss": "ingabe i-SASSA itawuba seJozini {}?",
    "ve": "naa SASSA i ḓo vha Jozini {}?",
    "nr": "kghani i-SASSA izokuba seJozini {}?",
}

# (today, language, how the day is said, what it must be read as): an ISO date, an ISO
# interval, "past:<date>", "far:<date>" or "impossible".
CASES = [
    # English: every form.
    (MON_7_DEC, "en", "today", "2026-12-07"),
    (MON_7_DEC, "en", "tomorrow", "2026-12-08"),
    (MON_7_DEC, "en", "tmrw", "2026-12-08"),
    (MON_7_DEC, "en", "the day after tomorrow", "2026-12-09"),
    (MON_7_DEC, "en", "on wednesday", "2026-12-09"),
    (MON_7_DEC, "en", "on wed", "2026-12-09"),
    (MON_7_DEC, "en", "on wendsday", "2026-12-09"),
    (MON_7_DEC, "en", "this thursday", "2026-12-10"),
    (MON_7_DEC, "en", "on thrusday", "2026-12-10"),
    (MON_7_DEC, "en", "next wednesday", "2026-12-16"),
    (MON_7_DEC, "en", "on monday", "2026-12-07"),
    (MON_7_DEC, "en", "next monday", "2026-12-14"),
    (MON_7_DEC, "en", "on friday", "2026-12-11"),
    (MON_7_DEC, "en", "this week", "2026-12-07/2026-12-13"),
    (MON_7_DEC, "en", "next week", "2026-12-14/2026-12-20"),
    (MON_7_DEC, "en", "this month", "2026-12-07/2026-12-31"),
    (MON_7_DEC, "en", "next month", "2027-01-01/2027-01-31"),
    (MON_7_DEC, "en", "in december", "2026-12-07/2026-12-31"),
    (MON_7_DEC, "en", "in january", "2027-01-01/2027-01-31"),
    (MON_7_DEC, "en", "on 16 december", "2026-12-16"),
    (MON_7_DEC, "en", "on wednesday 16 december", "2026-12-16"),
    (MON_7_DEC, "en", "on thursday 24 december", "2026-12-24"),
    (MON_7_DEC, "en", "on december 23", "2026-12-23"),
    (MON_7_DEC, "en", "on the 23rd of december", "2026-12-23"),
    (MON_7_DEC, "en", "on December 23rd", "2026-12-23"),
    (MON_7_DEC, "en", "on 23 dec", "2026-12-23"),
    (MON_7_DEC, "en", "on dec 23", "2026-12-23"),
    (MON_7_DEC, "en", "23 Dec.", "2026-12-23"),
    (MON_7_DEC, "en", "on 23 decmber", "2026-12-23"),
    (MON_7_DEC, "en", "on 23 desember", "2026-12-23"),
    (MON_7_DEC, "en", "on 23/12", "2026-12-23"),
    (MON_7_DEC, "en", "on 12/23", "2026-12-23"),
    (MON_7_DEC, "en", "on 23/12/2026", "2026-12-23"),
    (MON_7_DEC, "en", "on 23/12/26", "2026-12-23"),
    (MON_7_DEC, "en", "on 23-12-2026", "2026-12-23"),
    (MON_7_DEC, "en", "on 2026-12-23", "2026-12-23"),
    (MON_7_DEC, "en", "on 2026/12/23", "2026-12-23"),
    (MON_7_DEC, "en", "on the 23rd", "2026-12-23"),
    (MON_7_DEC, "en", "23rd", "2026-12-23"),
    (MON_7_DEC, "en", "on the 9th", "2026-12-09"),
    (MON_7_DEC, "en", "on the 1st", "2027-01-01"),
    (MON_7_DEC, "en", "on 30 december", "2026-12-30"),
    (MON_7_DEC, "en", "on 31 december", "2026-12-31"),
    (MON_7_DEC, "en", "on 4 january", "2027-01-04"),
    (MON_7_DEC, "en", "on 6 jan", "2027-01-06"),
    (MON_7_DEC, "en", "on 13 january", "2027-01-13"),
    (MON_7_DEC, "en", "on 13 january 2027", "2027-01-13"),
    (MON_7_DEC, "en", "on 20 jan", "2027-01-20"),
    (MON_7_DEC, "en", "on 25 december", "2026-12-25"),
    (MON_7_DEC, "en", "on 1 december", "past:2026-12-01"),
    (MON_7_DEC, "en", "on 2026-11-30", "past:2026-11-30"),
    (MON_7_DEC, "en", "on 31 february", "impossible"),
    (MON_7_DEC, "en", "on 30/02", "impossible"),
    (MON_7_DEC, "en", "on 5 january 2028", "far:2028-01-05"),
    (MON_7_DEC, "en", "on 2028-06-01", "far:2028-06-01"),
    (WED_16_DEC, "en", "today", "2026-12-16"),
    (WED_16_DEC, "en", "tomorrow", "2026-12-17"),
    (WED_16_DEC, "en", "on wednesday", "2026-12-16"),
    (WED_16_DEC, "en", "next wednesday", "2026-12-23"),
    (WED_16_DEC, "en", "this week", "2026-12-16/2026-12-20"),
    (WED_16_DEC, "en", "on 9 december", "past:2026-12-09"),
    (WED_30_DEC, "en", "today", "2026-12-30"),
    (WED_30_DEC, "en", "tomorrow", "2026-12-31"),
    (WED_30_DEC, "en", "next wednesday", "2027-01-06"),
    (WED_30_DEC, "en", "next week", "2027-01-04/2027-01-10"),
    (WED_30_DEC, "en", "on 2 january", "2027-01-02"),
    (WED_13_JAN, "en", "today", "2027-01-13"),
    (WED_13_JAN, "en", "next week", "2027-01-18/2027-01-24"),
    (WED_13_JAN, "en", "on 20/1", "2027-01-20"),
    # Afrikaans.
    (MON_7_DEC, "af", "vandag", "2026-12-07"),
    (MON_7_DEC, "af", "oormôre", "2026-12-09"),
    (MON_7_DEC, "af", "op Woensdag", "2026-12-09"),
    (MON_7_DEC, "af", "volgende Woensdag", "2026-12-16"),
    (MON_7_DEC, "af", "op 16 Desember", "2026-12-16"),
    (MON_7_DEC, "af", "op 23 Des.", "2026-12-23"),
    (MON_7_DEC, "af", "op die 23ste", "2026-12-23"),
    (MON_7_DEC, "af", "volgende week", "2026-12-14/2026-12-20"),
    (MON_7_DEC, "af", "hierdie maand", "2026-12-07/2026-12-31"),
    (MON_7_DEC, "af", "op 13 Januarie", "2027-01-13"),
    (MON_7_DEC, "af", "op 30/12", "2026-12-30"),
    (WED_16_DEC, "af", "vandag", "2026-12-16"),
    # isiZulu.
    (MON_7_DEC, "zu", "namhlanje", "2026-12-07"),
    (MON_7_DEC, "zu", "kusasa", "2026-12-08"),
    (MON_7_DEC, "zu", "ngoLwesithathu", "2026-12-09"),
    (MON_7_DEC, "zu", "ngoLwesine", "2026-12-10"),
    (MON_7_DEC, "zu", "ngoLwesithathu ozayo", "2026-12-16"),
    (MON_7_DEC, "zu", "ngomhla ka-16 Disemba", "2026-12-16"),
    (MON_7_DEC, "zu", "zingama-23 kuDisemba", "2026-12-23"),
    (MON_7_DEC, "zu", "ngesonto elizayo", "2026-12-14/2026-12-20"),
    (MON_7_DEC, "zu", "kule nyanga", "2026-12-07/2026-12-31"),
    (MON_7_DEC, "zu", "ngo-13 Januwari", "2027-01-13"),
    (MON_7_DEC, "zu", "ngo-30 Disemba", "2026-12-30"),
    (WED_30_DEC, "zu", "namhlanje", "2026-12-30"),
    # isiXhosa.
    (MON_7_DEC, "xh", "namhlanje", "2026-12-07"),
    (MON_7_DEC, "xh", "ngomso", "2026-12-08"),
    (MON_7_DEC, "xh", "ngoLwesithathu", "2026-12-09"),
    (MON_7_DEC, "xh", "ngomhla we-16 Disemba", "2026-12-16"),
    (MON_7_DEC, "xh", "23 Dis", "2026-12-23"),
    (MON_7_DEC, "xh", "kwiveki ezayo", "2026-12-14/2026-12-20"),
    (MON_7_DEC, "xh", "kwinyanga ezayo", "2027-01-01/2027-01-31"),
    (MON_7_DEC, "xh", "ngo-13 Janyuwari", "2027-01-13"),
    (MON_7_DEC, "xh", "ngo-30 Disemba", "2026-12-30"),
    (WED_13_JAN, "xh", "namhlanje", "2027-01-13"),
    # Sepedi.
    (MON_7_DEC, "nso", "lehono", "2026-12-07"),
    (MON_7_DEC, "nso", "gosasa", "2026-12-08"),
    (MON_7_DEC, "nso", "ka Laboraro", "2026-12-09"),
    (MON_7_DEC, "nso", "ka la 16 Disemere", "2026-12-16"),
    (MON_7_DEC, "nso", "ka 23 Dis", "2026-12-23"),
    (MON_7_DEC, "nso", "beke ye e tlago", "2026-12-14/2026-12-20"),
    (MON_7_DEC, "nso", "kgwedi ye", "2026-12-07/2026-12-31"),
    (MON_7_DEC, "nso", "ka la 13 Janeware", "2027-01-13"),
    (MON_7_DEC, "nso", "ka la 30 Disemere", "2026-12-30"),
    # Setswana.
    (MON_7_DEC, "tn", "gompieno", "2026-12-07"),
    (MON_7_DEC, "tn", "kamoso", "2026-12-08"),
    (MON_7_DEC, "tn", "ka Laboraro", "2026-12-09"),
    (MON_7_DEC, "tn", "ka la 16 Sedimonthole", "2026-12-16"),
    (MON_7_DEC, "tn", "ka 23 Sed", "2026-12-23"),
    (MON_7_DEC, "tn", "beke e e tlang", "2026-12-14/2026-12-20"),
    (MON_7_DEC, "tn", "kgwedi eno", "2026-12-07/2026-12-31"),
    (MON_7_DEC, "tn", "ka la 13 Ferikgong", "2027-01-13"),
    (MON_7_DEC, "tn", "ka la 30 Sedimonthole", "2026-12-30"),
    # Sesotho.
    (MON_7_DEC, "st", "kajeno", "2026-12-07"),
    (MON_7_DEC, "st", "hosane", "2026-12-08"),
    (MON_7_DEC, "st", "ka Laboraro", "2026-12-09"),
    (MON_7_DEC, "st", "ka la 16 Tshitwe", "2026-12-16"),
    (MON_7_DEC, "st", "ka la 23 Tshitwe", "2026-12-23"),
    (MON_7_DEC, "st", "beke e tlang", "2026-12-14/2026-12-20"),
    (MON_7_DEC, "st", "kgwedi e tlang", "2027-01-01/2027-01-31"),
    (MON_7_DEC, "st", "ka la 13 Pherekgong", "2027-01-13"),
    (MON_7_DEC, "st", "ka la 30 Tshitwe", "2026-12-30"),
    # Xitsonga.
    (MON_7_DEC, "ts", "namuntlha", "2026-12-07"),
    (MON_7_DEC, "ts", "mundzuku", "2026-12-08"),
    (MON_7_DEC, "ts", "hi Ravunharhu", "2026-12-09"),
    (MON_7_DEC, "ts", "hi 16 N'wendzamhala", "2026-12-16"),
    (MON_7_DEC, "ts", "hi 23 N’wendzamhala", "2026-12-23"),
    (MON_7_DEC, "ts", "vhiki leri taka", "2026-12-14/2026-12-20"),
    (MON_7_DEC, "ts", "n'hweti leyi", "2026-12-07/2026-12-31"),
    (MON_7_DEC, "ts", "hi 13 Sunguti", "2027-01-13"),
    (MON_7_DEC, "ts", "hi 30 N'wendzamhala", "2026-12-30"),
    # siSwati.
    (MON_7_DEC, "ss", "lamuhla", "2026-12-07"),
    (MON_7_DEC, "ss", "kusasa", "2026-12-08"),
    (MON_7_DEC, "ss", "ngeLesitsatfu", "2026-12-09"),
    (MON_7_DEC, "ss", "mhla ti-16 iNgongoni", "2026-12-16"),
    (MON_7_DEC, "ss", "mhla ti-23 iNgongoni", "2026-12-23"),
    (MON_7_DEC, "ss", "liviki lelitako", "2026-12-14/2026-12-20"),
    (MON_7_DEC, "ss", "kulenyanga", "2026-12-07/2026-12-31"),
    (MON_7_DEC, "ss", "mhla ti-13 Bhimbidvwane", "2027-01-13"),
    (MON_7_DEC, "ss", "mhla ti-30 iNgongoni", "2026-12-30"),
    # Tshivenda.
    (MON_7_DEC, "ve", "ṋamusi", "2026-12-07"),
    (MON_7_DEC, "ve", "matshelo", "2026-12-08"),
    (MON_7_DEC, "ve", "nga Ḽavhuraru", "2026-12-09"),
    (MON_7_DEC, "ve", "nga dzi 16 Nyendavhusiku", "2026-12-16"),
    (MON_7_DEC, "ve", "nga dzi 23 Nyendavhusiku", "2026-12-23"),
    (MON_7_DEC, "ve", "vhege i ḓaho", "2026-12-14/2026-12-20"),
    (MON_7_DEC, "ve", "ṅwedzi uno", "2026-12-07/2026-12-31"),
    (MON_7_DEC, "ve", "nga dzi 13 Phando", "2027-01-13"),
    (MON_7_DEC, "ve", "nga dzi 30 Nyendavhusiku", "2026-12-30"),
    # isiNdebele.
    (MON_7_DEC, "nr", "namhlanje", "2026-12-07"),
    (MON_7_DEC, "nr", "kusasa", "2026-12-08"),
    (MON_7_DEC, "nr", "ngeLesithathu", "2026-12-09"),
    (MON_7_DEC, "nr", "ngomhla ziyi-16 Disemba", "2026-12-16"),
    (MON_7_DEC, "nr", "ngo-23 Disemba", "2026-12-23"),
    (MON_7_DEC, "nr", "iveke ezako", "2026-12-14/2026-12-20"),
    (MON_7_DEC, "nr", "inyanga ezako", "2027-01-01/2027-01-31"),
    (MON_7_DEC, "nr", "ngo-13 Janabari", "2027-01-13"),
    (MON_7_DEC, "nr", "ngo-30 Disemba", "2026-12-30"),
]


def _id(case) -> str:
    today, lang, said, _expected = case
    return "%s-%s-%s" % (today.isoformat(), lang, said)


def test_the_table_has_every_language_and_over_150_questions():
    assert len(CASES) >= 150
    assert {lang for _t, lang, _s, _e in CASES} == set(ASK)


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_the_day_asked_is_read_and_answered_first(scenario, case):
    today, lang, said, expected = case
    for backend, (app, clock) in scenario.items():
        clock[0] = today
        body = ask(app, ASK[lang].format(said))
        where = "%s %s: %r\n%s" % (backend, today, said, body["reply"])
        assert body["intent"] == "service_days", where
        assert body["entities"].get("centre") == "jozini" and body["entities"].get("provider") == "sassa", where
        if expected == "impossible":
            assert "day" not in body["entities"] and "period" not in body["entities"], where
            continue
        problem, _sep, value = expected.rpartition(":")
        if "/" in value:
            assert body["entities"].get("period") == value, where
            start, end = (D.fromisoformat(part) for part in value.split("/"))
            named = {d["date"]: d["status"] for d in body["dates"] if start.isoformat() <= d["date"] <= end.isoformat()}
            wanted = {day.isoformat(): status for day, status in STATUS.items() if start <= day <= end}
            assert named == wanted, where  # every SASSA date of the period, with what it is
            continue
        assert body["entities"].get("day") == value, where
        date = D.fromisoformat(value)
        statuses = {d["status"] for d in body["dates"] if d["date"] == value and d["provider"] == "sassa"}
        if problem:  # passed or too far: said so, and no status given for it
            assert statuses == set(), where
            continue
        assert statuses == ({STATUS[date]} if date in STATUS else set()), where
        first = body["reply"].split("\n\n")[0]
        if date not in STATUS and D(2026, 12, 24) <= date <= D(2027, 1, 4):
            assert "2026" in first or "2027" in first, where  # the closure, with its dates, comes first
