"""The main menu, not-understood, language choice, talking to a person and feedback."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...content.kinds import DANGER_TOPICS
from ...content.snapshot import ReferralInfo
from ...i18n import LANGUAGES, language_name
from ..feedback import reference as feedback_reference
from ..reminding import Change
from .base import Answer, Turn, action, centre_of, lookup
from .facts import centre_name

# The main menu: fixed numbers on every channel.
MAIN_MENU = (
    ("1", "nearest_centre"),
    ("2", "centre_services"),
    ("3", "required_documents"),
    ("4", "service_days"),
    ("5", "change_language"),
    ("6", "talk_to_person"),
)


def menu_options(turn: Turn) -> list[tuple[str, dict[str, Any]]]:
    """The six main-menu options in the turn's language."""
    _ = turn._
    labels = {
        "nearest_centre": _("Nearest centre"),
        "centre_services": _("Services at a centre"),
        "required_documents": _("Documents you need"),
        "service_days": _("Service days"),
        "change_language": _("Language"),
        "talk_to_person": _("Talk to a person"),
    }
    return [(labels[intent], action(intent)) for _key, intent in MAIN_MENU]


def main_menu(turn: Turn, entities: dict[str, Any]) -> Answer:
    """Greeting and the main menu."""
    _ = turn._
    # What the bot tells is what the menu below lists: said once, there (one SMS in every language).
    text = _("Welcome to Thusong Bot. I can tell you about Thusong Service Centres before you travel.")
    return Answer(
        "help",
        [text, _("Reply with a number, or type your question.")],
        options=menu_options(turn),
        brief=_("Thusong Bot. Reply with a number:"),
    )


def about(turn: Turn, entities: dict[str, Any]) -> Answer:
    """What Thusong Service Centres are (GCIS's Thusong programme: one-stop government centres,
    content/providers.yaml `gcis`) and what the bot does, briefly, then the main menu."""
    _ = turn._
    centres = _(
        "Thusong Service Centres are one-stop government centres, mostly in rural areas and "
        "townships: Home Affairs, SASSA, Labour and other departments serve people there, some "
        "every day and some on set days."
    )
    bot = _(
        "I tell you before you travel which centre is nearest, what it offers, which documents "
        "to bring and when a department is there."
    )
    return Answer(
        "help",
        [centres, bot, _("Reply with a number, or type your question.")],
        options=menu_options(turn),
        brief=centres,
    )


def not_understood(turn: Turn, entities: dict[str, Any]) -> Answer:
    """The message was not understood: say so and offer the menu; the second time in a row,
    offer a person too (menu option 6)."""
    _ = turn._
    last = turn.state.history[-1]["intent"] if turn.state.history else None
    if last == "unknown":
        return _unknown(
            turn,
            _("Sorry, I still did not understand. Reply 6 to ask a person at your Thusong Service Centre."),
            _("Sorry, I did not understand. Reply 6 to ask a person:"),
        )
    return _unknown(
        turn,
        _(
            "Sorry, I did not understand that. I can help with Thusong Service "
            "Centres: where they are, their services, documents and service days."
        ),
        _("Sorry, I did not understand. Reply with a number:"),
    )


def thanks(turn: Turn, entities: dict[str, Any]) -> Answer:
    """Thanks or goodbye: a short polite reply, no menu."""
    _ = turn._
    return Answer("help", [_("You're welcome. Send a message any time you need help with a Thusong Service Centre.")])


def stop(turn: Turn, entities: dict[str, Any]) -> Answer:
    """STOP: remember it (nothing is sent to the person unasked) and confirm."""
    turn.state.stopped = True
    if turn.reminding is not None:
        turn.reminder_changes.append(Change("end_all"))
    _ = turn._
    return Answer(
        "help",
        [_("Done: Thusong Bot will send you no messages. You can still ask a question any time.")],
        end_session=True,
    )


def media(turn: Turn, entities: dict[str, Any]) -> Answer:
    """A picture, voice note or sticker without text: only text can be read."""
    _ = turn._
    return Answer("unknown", [_("Sorry, I can only read text messages. Please type your question.")])


def out_of_scope(turn: Turn, entities: dict[str, Any]) -> Answer:
    """A question the bot cannot answer: say so plainly. When it is about something the centres
    do not do (a referral, entity `topic`), say that, and who answers it; then offer the menu
    once: after an answer that already offered it, only say how to reach it."""
    _ = turn._
    referral = turn.content.referrals.get(entities.get("topic") or "")
    if referral is not None:
        text = _("%(matter)s: Thusong Service Centres do not handle this.") % {"matter": turn.name(referral.about)}
    else:
        text = _("Sorry, I cannot answer that question.")
    where = _where_to_ask(turn, entities, referral) if referral is not None else []
    scope = _("I can help with Thusong Service Centres: where they are, their services, documents and service days.")
    last = turn.state.history[-1]["intent"] if turn.state.history else None
    if last in ("out_of_scope", "unknown"):
        blocks = [text, *where, _("Reply 00 for the menu.")]
        return Answer("unknown", blocks, brief=" ".join(blocks))
    brief = text if referral is not None else _("Sorry, I cannot answer that. Reply with a number:")
    return _unknown(turn, " ".join([text, scope]), brief, where)


# The referral a department answers for its own service: a payment that did not come goes to the
# line of the named service's department (SASSA for a grant).
DEPARTMENT_ANSWERS = "payment"


def _where_to_ask(turn: Turn, entities: dict[str, Any], referral: ReferralInfo) -> list[str]:
    """Who answers what the referral is about: its office (number, website), or the named
    service's department for a payment; and the municipality when it answers it too."""
    _ = turn._
    content = turn.content
    service = lookup(content.services, entities.get("service"))
    provider = content.providers.get(service.provider) if service else None
    lines: list[str] = []
    if referral.slug == DEPARTMENT_ANSWERS and provider is not None and provider.help_line:
        lines = ["%s: %s" % (turn.name(provider.name), provider.help_line)]
    elif referral.number or referral.website or not referral.municipality:
        office = turn.name(referral.office)
        lines = ["%s: %s" % (office, referral.number) if referral.number else office]
        lines += [referral.website] if referral.website else []
    blocks = [_("Ask here:") + "\n" + "\n".join(lines)] if lines else []
    centre = centre_of(turn, entities) or content.centres.get(remembered(turn, "centre"))
    if referral.municipality and centre and centre.municipality:
        blocks.append(_("Ask your municipality: %(municipality)s.") % {"municipality": centre.municipality})
    elif referral.municipality and not lines:
        blocks.append(_("Ask your municipality's offices."))
    return blocks


def remembered(turn: Turn, kind: str) -> Any:
    """The last entity of kind the conversation was about, or None."""
    for earlier in reversed(turn.state.history):
        if kind in earlier["entities"]:
            return earlier["entities"][kind]
    return None


def _unknown(turn: Turn, text: str, brief: str, where: Sequence[str] = ()) -> Answer:
    """An `unknown` answer: text (and where to ask), then the main menu."""
    return Answer(
        "unknown",
        [text, *where, turn._("Reply with a number, or type your question.")],
        options=menu_options(turn),
        brief=" ".join([brief, *where]) if where else brief,
    )


def danger(turn: Turn, entities: dict[str, Any]) -> Answer:
    """A person in danger: the help lines at once (content/help_lines.yaml), nothing else."""
    _ = turn._
    lines = "\n".join(
        "%s: %s" % (turn.name(h.name), h.number) for h in turn.content.help_lines if set(h.topics) & set(DANGER_TOPICS)
    )
    if not lines:  # content without help lines: the police's line from the providers
        return help_lines(turn, {"provider": "saps"})
    return Answer(
        "talk_to_person",
        [_("You are not alone, and help is available. If you are in danger right now, call the police."), lines],
        brief=lines,
        end_session=True,
    )


def change_language(turn: Turn, entities: dict[str, Any]) -> Answer:
    """Set the chosen language, or list the 11 languages by their own names."""
    code = entities.get("language")
    if code in LANGUAGES:
        turn.state.lang, turn.state.lang_chosen = code, True
        turn.texts = turn.texts.switch(code)
        _ = turn._
        return Answer(
            "change_language",
            [
                _("Language set to %(language)s.") % {"language": language_name(code)},
                _("Reply with a number, or type your question."),
            ],
            options=menu_options(turn),
        )
    _ = turn._
    return Answer(
        "change_language",
        [_("Choose your language:")],
        options=[(name, action("change_language", language=code)) for code, name in LANGUAGES.items()],
        pending=action("change_language"),
    )


def help_lines(turn: Turn, entities: dict[str, Any]) -> Answer:
    """A centre's phone, or the help line of the provider asked about, or all help lines (where
    no helpdesk can take a question: bot.dialogue.answers.person)."""
    _ = turn._
    content = turn.content
    centre = lookup(content.centres, entities.get("centre"))
    provider_slug = entities.get("provider")
    service = lookup(content.services, entities.get("service"))
    if service and not provider_slug:
        provider_slug = service.provider
    blocks, found = [], {}
    if centre:
        found["centre"] = centre.slug
        if centre.phones:
            blocks.append(
                _("Call %(centre)s: %(phones)s")
                % {"centre": centre_name(turn, centre), "phones": ", ".join(centre.phones)}
            )
        else:
            blocks.append(_("%(centre)s has no phone number listed.") % {"centre": centre_name(turn, centre)})
    providers = (
        [content.providers[provider_slug]]
        if provider_slug in content.providers
        else [p for p in content.providers.values() if p.help_line]
    )
    if provider_slug in content.providers:
        found["provider"] = provider_slug
    lines = ["%s: %s" % (turn.name(p.name), p.help_line) for p in providers if p.help_line]
    if lines:
        blocks.append(_("Help lines (free or low cost):") + "\n" + "\n".join(lines))
    elif not blocks:
        blocks.append(_("No help line is listed. Please visit the centre."))
    return Answer("talk_to_person", blocks, entities=found, options=menu_options(turn)[:4])


def feedback(turn: Turn, entities: dict[str, Any]) -> Answer:
    """Feedback in steps (see bot.dialogue.feedback): ask which centre (once), then what happened;
    then store it and give the person a reference to quote."""
    _ = turn._
    text, given = entities.get("text", ""), entities.get("rating")
    centre = lookup(turn.content.centres, entities.get("centre"))
    about = {"centre": centre.slug} if centre else {}
    kept = dict(about, text=text or None, rating=given, centre_unknown=entities.get("centre_unknown"))
    if centre is None and not entities.get("centre_unknown"):
        return Answer(
            "feedback",
            [_("Which centre is your feedback about? Type its name.")],
            pending=action("feedback", asked="centre", **kept),
        )
    if not text:
        ask = (
            (
                _("What happened at %(centre)s? You may add a rating from 1 (bad) to 5 (good).")
                % {"centre": turn.name(centre.name)}
            )
            if centre
            else _("What happened? You may add a rating from 1 (bad) to 5 (good).")
        )
        return Answer("feedback", [ask], entities=about, pending=action("feedback", asked="text", **kept))
    code = feedback_reference()
    turn.feedback.append(
        {"centre": centre.slug if centre else None, "rating": given, "text": text, "lang": turn.lang, "reference": code}
    )
    if centre:
        thanks = _("Thank you. Your feedback about %(centre)s is saved for the centre manager.") % {
            "centre": turn.name(centre.name)
        }
    else:
        thanks = _("Thank you. Your feedback is saved for the Thusong programme's managers.")
    # A complaint may need a person: the same words become a question for the centre's people.
    person = (_("Ask a person to answer me"), action("talk_to_person", centre=about.get("centre"), text=text))
    return Answer(
        "feedback",
        [thanks, _("Your reference: %(reference)s. Quote it if you follow up with the centre.") % {"reference": code}],
        entities=about,
        options=[person, *menu_options(turn)],
    )
