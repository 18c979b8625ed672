"""A centre written with its whole name ("Sterkspruit Thusong Service Centre"): the generic words
after the name are part of the name, never a cue ("service" is not a question about services)."""

from __future__ import annotations

import pytest

# (message, intent answered, entities it must name)
CASES = [
    ("when is home affairs at Sterkspruit Thusong Service Centre", "service_days", {"centre": "sterkspruit"}),
    ("when is SASSA at Jozini Thusong Service Centre", "service_days", {"centre": "jozini", "provider": "sassa"}),
    ("what time does Mpuluzi Thusong Service Centre open", "centre_info", {"centre": "mpuluzi"}),
    ("Maruleng Thusong centre phone number", "centre_info", {"centre": "maruleng"}),
    ("uMnyango Wezasekhaya uza nini eJozini Thusong Service Centre", "service_days", {"centre": "jozini"}),
    ("wanneer is SASSA by Mossel Bay Thusong Service Centre", "service_days", {"centre": "mossel-bay"}),
    ("SASSA e tla neng Maruleng Thusong Service Centre", "service_days", {"centre": "maruleng", "provider": "sassa"}),
    ("iSASSA iza nini eSterkspruit Thusong Service Centre", "service_days", {"centre": "sterkspruit"}),
    ("Home Affairs e tla leng kwa Mpuluzi Thusong Service Centre", "service_days", {"provider": "home-affairs"}),
    # A cue before the name still counts.
    ("services at Jozini Thusong Service Centre", "centre_services", {"centre": "jozini"}),
    ("documents for a passport at Jozini Thusong Service Centre", "required_documents", {"service": "passport"}),
]


@pytest.mark.parametrize(("message", "intent", "entities"), CASES)
def test_a_centres_whole_name_is_a_name(converse, message, intent, entities):
    body = converse([message])
    assert body["intent"] == intent, body
    for kind, key in entities.items():
        assert body["entities"].get(kind) == key, body
