"""The narrative of a seizure case after its opening, and the fields that go with it.

``NarrativeMaker`` tells how the goods were found (detection method and note), where they were hidden, which
offence the declaration made, and what came of the case: the outcome types and note, and the closing sentence,
with the police unit, court and authorities of the administration. The opening sentence comes with the
conveyance, in ``tools/seizure_conveyance.py``.
"""

from __future__ import annotations

from datetime import date
from random import Random
from typing import Any

from tools.seizure_commodities import round_value
from tools.seizure_offices import Profile, country_name
from tools.seizure_tables import (
    ANOMALIES,
    BAG_ANOMALIES,
    BEHAVIOUR,
    CAVITIES,
    CONCEALMENT_TEXT,
    CURRENCY_RATES,
    DOC_ISSUES,
    DOGS,
    FALSE_PLACES,
    HIDING_OBJECTS,
    ITEM_ANOMALIES,
    ORIGIN_COVERS,
    POSTAL_ITEMS,
    PROFILES,
)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class NarrativeMaker:
    """Tell the detection, concealment, offence and outcome of each case of a series, from its random stream."""

    def __init__(self, rng: Random, profile: Profile) -> None:
        self.rng = rng
        self.profile = profile
        self.office_court = {o.code: o.court for o in profile.offices}

    def concealment_text(self, method: str, mode: str, story: dict[str, str], line: dict[str, Any]) -> str:
        """Return how and where the goods of ``line`` were hidden, as the narrative says it."""
        rng = self.rng
        template = rng.choice(CONCEALMENT_TEXT[method])
        grams = float(line.get("quantity") or 0) * (1 if line.get("unit") == "g" else 1000)
        return template.format(cover=story["cover"], place=rng.choice(FALSE_PLACES.get(mode, ("in the load",))),
                               cavity=rng.choice(CAVITIES.get(mode, CAVITIES["road"])),
                               pellets=max(5, round(grams / rng.uniform(8, 12))),
                               item=rng.choice(POSTAL_ITEMS), object=rng.choice(HIDING_OBJECTS))

    def detection(self, method: str, story: dict[str, str]) -> tuple[str, str]:
        """Return the detection note and the narrative's sentence for a detection method."""
        rng = self.rng
        thing = story["object"]
        if method == "risk_profile":
            profile_name = rng.choice(PROFILES)
            return f"Risk profile: {profile_name}", f"The {thing} was selected by the risk management system " \
                                                    f"({profile_name})."
        if method == "intelligence":
            category = story["category"]
            specific = self.profile.police_drugs if category in ("drugs", "precursors") else \
                self.profile.police_wildlife if category == "cites" else \
                "the rights holder's representative" if category == "ipr" else self.profile.police
            source = rng.choice((specific, specific, "the RILO for Eastern and Southern Africa",
                                 "a partner administration", "an informer"))
            return f"Information from {source}", f"Officers acted on information received from {source}."
        if method == "xray":
            anomaly = rng.choice(ANOMALIES if thing in ("container", "vehicle", "wagon", "consignment") else
                                 BAG_ANOMALIES if thing in ("passenger", "person") else ITEM_ANOMALIES)
            return f"Scanner image {rng.randrange(10000, 99999)}", f"The scanner image showed {anomaly}."
        if method == "detector_dog":
            dog = rng.choice(DOGS)
            return f"Detector dog {dog}", f"The detector dog {dog} indicated on the {thing}."
        if method == "random":
            return "", f"The {thing} was selected at random for examination."
        if method == "routine":
            return "", "Officers carried out a routine examination."
        if method == "physical_examination":
            return "", f"A full physical examination of the {thing} was carried out."
        if method == "document_check":
            issue = rng.choice(DOC_ISSUES)
            return _capital(issue), f"The documents showed {issue}."
        behaviour = rng.choice(BEHAVIOUR)
        return _capital(behaviour), f"Officers noticed {behaviour}."

    def offence_text(self, offence: str, story: dict[str, str], path: list[str]) -> str:
        """Return the narrative's sentence on the offence, or nothing where the finding says it all."""
        rng = self.rng
        if offence == "misdeclaration_value":
            return f"The declared value was about {rng.randrange(8, 45)} % of the market value."
        if offence == "misdeclaration_quantity":
            return f"The declaration covered about {rng.randrange(10, 60)} % of the quantity found."
        if offence == "misdeclaration_description":
            return f"The goods were declared as {story['cover']}."
        if offence == "misdeclaration_origin":
            return f"The goods were declared as originating in {country_name(rng.choice(ORIGIN_COVERS))}, " \
                   f"not {country_name(path[0])}."
        if offence == "prohibited_restricted":
            return "No permit was presented."
        return ""

    def outcome(self, category: str, status: str, age: int, day: date, story: dict[str, str],
                story_lines: list[dict[str, Any]]) -> tuple[list[str], str, str]:
        """Return the outcome types, the outcome note and the sentence that closes the narrative."""
        rng = self.rng
        suspect = story.get("suspect", "The suspect")
        cr = f"CR {rng.randrange(1, 400)}/{day.month:02d}/{day.year}"
        court = self.office_court.get(story["office"]) or rng.choice(self.profile.courts)
        if status == "draft" or (age < 120 and rng.random() < 0.5):
            police = self.profile.police_wildlife if category == "cites" else self.profile.police_drugs \
                if category in ("drugs", "precursors") else self.profile.police
            return ["under_investigation"], f"Handed over to {police}, {cr}", "Investigation continuing."
        if category in ("drugs", "cites", "weapons", "precursors") or (category == "cultural_goods" and
                                                                       rng.random() < 0.5):
            police = self.profile.police_wildlife if category == "cites" else self.profile.police_drugs \
                if category in ("drugs", "precursors") else self.profile.police
            types = ["arrest", "prosecution", "goods_forfeited"]
            if category == "drugs" and rng.random() < 0.6:
                types.append("goods_destroyed")
            note = f"{police} {cr}; {court}"
            if story.get("suspect_kind") == "entity":
                types.remove("arrest")
                closing = f"The case against {suspect} was handed over to {police}."
            else:
                closing = f"{suspect} was arrested and handed over to {police}."
            if category == "cites":
                closing += f" {_capital(self.profile.wildlife_authority)} was informed."
            return sorted(types), note, closing
        if category == "ipr":
            if rng.random() < 0.15:
                return ["goods_released"], "Rights holder did not act within 10 working days", \
                    "The rights holder did not act in time and the goods were released."
            return ["goods_destroyed", "penalty"], "Rights holder confirmed the goods are counterfeit", \
                "The rights holder's representative confirmed the goods are counterfeit; they will be destroyed."
        worth = sum(float(x.get("value") or 0) / CURRENCY_RATES.get(x.get("currency", ""), 1.0)
                    for x in story_lines) * CURRENCY_RATES.get(self.profile.currency, 1.0)
        local = CURRENCY_RATES.get(self.profile.currency, 1.0)
        fine = round_value(max(30 * local, worth * rng.uniform(0.1, 0.6)) if worth else
                           rng.uniform(60, 1200) * local)
        types = ["goods_forfeited", "penalty"]
        return types, f"Admission of guilt: {self.profile.currency} {fine:,}", \
            f"An admission of guilt fine of {self.profile.currency} {fine:,} was paid and the goods were forfeited."
