"""What one message says, as understanding.parse reads it and understanding.intents decides on:
the `Understanding` record (a module of its own, so the two import it and not each other)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Understanding:
    """What a message says: an action (None when nothing was understood), its cues and entities.

    `entities` maps a kind to a key: a slug for centre/service/provider, a province code, a
    language code, a gazetteer index (as text) for place, the day or days asked about for day (a
    bot.calendar.asked text: "tomorrow", "--12-24", "next week"...), or what a question the bot
    cannot answer is about for topic
    (a referral's slug: "electricity", "traffic-fines" ...). `strong_cues` excludes weak cues.
    `labels` are the intent classifier's probabilities, `label` and `confidence` its best label
    and that label's probability.
    """

    intent: str | None
    label: str = ""
    confidence: float = 0.0
    labels: dict[str, float] = field(default_factory=dict)
    # The kinds of entity the message names outright (not read by the service classifier).
    named: set[str] = field(default_factory=set)
    # Whether the service classifier reads a need for a service with confidence.
    service_need: bool = False
    # Whether the message only announces feedback ("I want to complain about Jozini").
    opens_feedback: bool = False
    # Whether its topic is broad: a subject questions about our services also mention.
    broad_topic: bool = False
    # The services its topic gives way to when named beside it (content's `gives_way_to`).
    topic_gives_way_to: tuple[str, ...] = ()
    strong_cues: set[str] = field(default_factory=set)
    cues: set[str] = field(default_factory=set)
    entities: dict[str, str] = field(default_factory=dict)
    rating: int | None = None
    # Words that are neither matched nor filler: what the message says beyond what we know.
    other_words: int = 0
    # Of those, the ones no example message uses either (as written): often a name we do not
    # know ("nearest centre to Ndumo").
    unknown_names: list[str] = field(default_factory=list)
    # The words that are neither names nor filler (normalised): what the classifier goes on.
    request: list[str] = field(default_factory=list)
    # The words of the message as written, without the names that say nothing about its
    # language ("Botlokwa", "Home Affairs"; see NAME_KINDS), for telling its language.
    residual: list[str] = field(default_factory=list)

    @property
    def request_words(self) -> int:
        """How many words are neither names nor filler."""
        return len(self.request)
