"""Generate realistic national seizure cases, deterministically from a seed, for benchmarks and the demo.

    python -m tools.gen_seizures --count 5000 --seed 7 --country NA --format json cases.jsonl
    python -m tools.gen_seizures --count 5000 --format csv cases.csv
    python -m tools.gen_seizures --check 3000

Cases follow the patterns a Southern African administration sees: tobacco and drugs most often, then
counterfeits, alcohol, currency and wildlife; quantities with long tails (a mule's 900 g of cocaine, a
container's 400 kg); modes, detection and concealment that go together (a swallower arrives by air, a false
front wall comes in a container); routes along the known corridors (cocaine from Brazil through Luanda or
Johannesburg, ivory and pangolin scales from Central Africa to Asia through Walvis Bay); offices of the
country with their UN/LOCODEs; ten years of dates with seasons, growth and the 2020 collapse of air travel.
Every case passes ``normalise_seizure`` and the node's own checks, once the offices are in its list
(``offices(country)`` gives them; ``--check`` proves it against a throw-away node). Namibia (NA) has a full
profile; other countries get generic offices. The data is invented: any likeness to a real person or
company is chance. The tables it draws from are in ``tools/seizure_tables.py``, the administrations and their
offices in ``tools/seizure_offices.py``; this module tells the story of each case.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import json
import math
import sys
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any, TextIO

from protocol.records.fields import container_check_digit
from tools.seizure_offices import Office, country_name, offices, profile
from tools.seizure_tables import (
    ACTIVITIES,
    AIR_NAMIBIA,
    AIR_NAMIBIA_END,
    AIRPORTS,
    ANOMALIES,
    BAG_ANOMALIES,
    BEHAVIOUR,
    CATEGORY_WEIGHTS,
    CAVITIES,
    COMPANY_FORMS,
    COMPANY_WORDS,
    CONCEALMENT_BY_MODE,
    CONCEALMENT_TEXT,
    COURIERS,
    COVER_GOODS,
    CULTURE_OF,
    CURRENCY_RATES,
    DENOMINATIONS,
    DETECTION_BY_MODE,
    DOC_ISSUES,
    DOGS,
    FALSE_PLACES,
    FISHING_VESSELS,
    GENERIC_COMPANY_WORDS,
    GOODS,
    HANDLING,
    HIDING_OBJECTS,
    HUB_AIRLINES,
    ITEM_ANOMALIES,
    LAND_MODES,
    MONTH_FACTOR,
    NAMES,
    OFFENCES,
    OFFICER_RANKS,
    ORIGIN_COVERS,
    PARCEL_COVERS,
    POSTAL_ITEMS,
    POSTAL_OPERATORS,
    PROFILES,
    ROUTES,
    SEA_PORTS,
    SHARING,
    SHIPPING_LINES,
    SMALL,
    STATUS_BY_AGE,
    USD_RATE_BY_YEAR,
    WEEKDAY_FACTOR,
    Goods,
)

DEFAULT_UNTIL = date(2025, 12, 31)
DEFAULT_YEARS = 10


# -- small helpers -------------------------------------------------------------------------------------------


def _weighted(rng: Random, table: Mapping[str, float]) -> str:
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


def _latin(name: str) -> str:
    """Drop the bracketed original script of a name part."""
    return name.split(" [")[0]


def _script(name: str) -> str:
    return name.split(" [")[1].rstrip("]") if " [" in name else ""


def _round_value(value: float) -> int:
    """Round a value to two or three significant digits, as officers estimate."""
    if value < 100:
        return max(1, int(value))
    digits = int(math.log10(value)) - 1
    return int(round(value / 10**digits) * 10**digits)


def s10_check_digit(serial: str) -> int:
    """Return the UPU S10 check digit of an 8-digit postal item serial."""
    total = sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    digit = 11 - total % 11
    return 0 if digit == 10 else 5 if digit == 11 else digit


def awb_number(rng: Random, prefix: str) -> str:
    """Return an air waybill number with its modulus-7 check digit."""
    serial = rng.randrange(1_000_000, 9_999_999)
    return f"{prefix}-{serial}{serial % 7}"


def container_number(rng: Random, owner: str) -> str:
    """Return an ISO 6346 container number with a correct check digit."""
    prefix = f"{owner}{rng.randrange(1_000_000):06d}"
    return f"{prefix}{container_check_digit(prefix)}"


def plate(rng: Random, country: str) -> str:
    """Return a vehicle registration number in the style of a country."""
    letters = "ABCDEFGHJKLMNPRSTVWXYZ"

    def pick(n: int) -> str:
        return "".join(rng.choice(letters) for _ in range(n))

    if country == "NA":
        return f"N {rng.randrange(1, 99999)} {rng.choice(('W', 'W', 'W', 'WB', 'S', 'OK', 'T', 'OT', 'GO', 'RU'))}"
    if country == "ZA":
        return rng.choice((f"{pick(2)} {rng.randrange(10, 99)} {pick(2)} GP", f"CA {rng.randrange(100, 999)}-"
                           f"{rng.randrange(100, 999)}", f"ND {rng.randrange(100, 999)}-{rng.randrange(100, 999)}"))
    if country == "BW":
        return f"B {rng.randrange(100, 999)} {pick(3)}"
    if country in ("ZM", "ZW"):
        return f"{pick(3)} {rng.randrange(1000, 9999)}"
    if country == "AO":
        return f"LD-{rng.randrange(10, 99)}-{rng.randrange(10, 99)}-{pick(2)}"
    return f"{pick(2)} {rng.randrange(1000, 9999)}"


# -- the generator ---------------------------------------------------------------------------------------------


class CaseMaker:
    """Make cases one after another, in date order, from one seeded random stream."""

    def __init__(self, *, seed: int, country: str, until: date, years: int, count: int) -> None:
        self.rng = Random(seed)
        self.profile = profile(country)
        self.home = self.profile.country
        self.count = max(1, count)
        self.until = until
        self.start = date(until.year - years + 1, 1, 1)
        self.days = [self.start + timedelta(d) for d in range((until - self.start).days + 1)]
        cumulative, total = [], 0.0
        for day in self.days:
            total += self._intensity(day)
            cumulative.append(total)
        self.cumulative = cumulative
        self.sequence: Counter[tuple[str, int]] = Counter()
        self.goods_by_category: dict[str, list[Goods]] = {}
        for goods in GOODS:
            self.goods_by_category.setdefault(goods.category, []).append(goods)
        modes_available = {m for o in self.profile.offices for m in o.modes}
        self.modes_available = modes_available
        self.officers = {o.code: [self._officer() for _ in range(self.rng.randrange(12, 40))]
                         for o in self.profile.offices}
        self.companies: dict[str, list[str]] = {}
        self.repeat_people: dict[str, list[str]] = {}  # by culture: people who turn up in several cases
        self.office_court = {o.code: o.court for o in self.profile.offices}

    # -- dates -------------------------------------------------------------------------------------------------

    def _intensity(self, day: date) -> float:
        years = (day - self.start).days / 365.25
        weight = MONTH_FACTOR[day.month - 1] * WEEKDAY_FACTOR[day.weekday()] * (1 + 0.05 * years)
        if date(2020, 3, 27) <= day <= date(2020, 6, 30):
            weight *= 0.35  # lockdown: borders and airports nearly closed
        elif date(2020, 7, 1) <= day <= date(2020, 12, 31):
            weight *= 0.7
        elif date(2021, 1, 1) <= day <= date(2021, 6, 30):
            weight *= 0.85
        return weight

    def _date(self, index: int) -> date:
        share = (index + self.rng.random()) / self.count
        position = bisect.bisect_left(self.cumulative, share * self.cumulative[-1])
        return self.days[min(position, len(self.days) - 1)]

    # -- people and companies ----------------------------------------------------------------------------------

    def _person(self, nationality: str, *, with_script: float = 0.4) -> str:
        culture = CULTURE_OF.get(nationality, "british")
        firsts, lasts = NAMES[culture]
        first, last = self.rng.choice(firsts), self.rng.choice(lasts)
        if culture == "lusophone" and self.rng.random() < 0.5:
            last = f"{last} {self.rng.choice(lasts)}"
        if culture in ("chinese", "vietnamese"):
            latin = f"{_latin(last)} {_latin(first)}"
            script = f"{_script(last)}{_script(first)}"
        else:
            latin = f"{_latin(first)} {_latin(last)}"
            script = f"{_script(first)} {_script(last)}".strip()
        if culture == "vietnamese" and self.rng.random() < 0.4:
            latin = latin.translate(_VIETNAMESE_ASCII)
        if not (_script(first) and _script(last)):
            script = ""  # a name is written in its own script only when both parts have one
        return f"{latin} ({script})" if script and self.rng.random() < with_script else latin

    def _someone(self, nationality: str) -> str:
        """Return a person's name, sometimes one who already appeared in another case."""
        known = self.repeat_people.setdefault(CULTURE_OF.get(nationality, "british"), [])
        if known and self.rng.random() < 0.06:
            return self.rng.choice(known)
        name = self._person(nationality)
        if self.rng.random() < 0.02 and len(known) < 2000:
            known.append(name)
        return name

    def _company(self, country: str) -> str:
        pool = self.companies.setdefault(country, [])
        if len(pool) < 60 or self.rng.random() < 0.05:
            words = COMPANY_WORDS.get(country)
            if words is None:
                culture = CULTURE_OF.get(country, "british")
                words = GENERIC_COMPANY_WORDS + tuple(_latin(s) for s in NAMES[culture][1][:6])
            form = self.rng.choice(COMPANY_FORMS.get(country, ("Ltd",)))
            name = f"{self.rng.choice(words)} {self.rng.choice(ACTIVITIES)} {form}"
            if name not in pool:
                pool.append(name)
            return name
        return self.rng.choice(pool)

    def _officer(self) -> str:
        firsts, lasts = NAMES[CULTURE_OF.get(self.home, "british")]
        return f"{self.rng.choice(OFFICER_RANKS)} {_latin(self.rng.choice(firsts))[0]}. " \
               f"{_latin(self.rng.choice(lasts))}"

    # -- route -------------------------------------------------------------------------------------------------

    def _route(self, goods: Goods, mode: str) -> list[str]:
        """Return the countries a consignment passes, departure first; the home country is always on it."""
        home = self.home
        options = ROUTES[goods.route]
        for _ in range(10):
            _, departures, transits, destinations = self.rng.choices(options, weights=[o[0] for o in options])[0]
            path = [self.rng.choice(departures.split()), *self.rng.choice(transits).split(),
                    self.rng.choice(destinations.split())]
            path = [home if code == "@" else code for code in path]
            if path[0] == home and path[-1] == home and mode not in LAND_MODES:
                continue  # a domestic movement is met on the road, not at an airport or in the post
            if mode in ("sea_container", "sea_other") and not all(c == home or c in SEA_PORTS for c in path):
                continue  # ships call at ports: no landlocked country on a sea route
            break
        if home not in path:
            path.insert(len(path) - 1, home)
        at = path.index(home)
        if mode in ("air_passenger", "postal", "express_courier", "pedestrian") and 0 < at < len(path) - 1:
            path = path[:at + 1]  # such goods are stopped on arrival, not in transit
        cleaned = [path[0]]
        for code in path[1:]:
            if code != cleaned[-1]:
                cleaned.append(code)
        return cleaned if len(cleaned) > 1 else [home, home]

    def _office(self, mode: str, path: list[str]) -> tuple[Office, list[str]]:
        """Return an office that sees this traffic, and the route made to cross its border if it has one."""
        candidates = [o for o in self.profile.offices if mode in o.modes]
        if mode in LAND_MODES:
            at = path.index(self.home)
            sides = {path[at - 1] if at > 0 else "", path[at + 1] if at + 1 < len(path) else ""} - {"", self.home}
            fitting = [o for o in candidates if o.neighbour in sides or not o.neighbour]
            if fitting and (sides or self.rng.random() < 0.7):
                candidates = fitting
        office = self.rng.choices(candidates, weights=[o.weight * o.modes[mode] for o in candidates])[0]
        if mode in LAND_MODES and office.neighbour:
            at = path.index(self.home)
            if at > 0 and path[at - 1] != office.neighbour:
                path = [*path[:at], office.neighbour, *path[at:]]
            elif at == 0 and path[-1] != self.home and path[1] != office.neighbour:
                path = [path[0], office.neighbour, *path[1:]]
        return office, path

    def _ports(self, path: list[str], mode: str) -> list[dict[str, str]]:
        table = SEA_PORTS if mode in ("sea_container", "sea_other") else AIRPORTS if mode.startswith("air") else None
        if table is None:
            return []
        ports = []
        for code in path[:-1]:
            if code == self.home or code not in table:
                continue
            locode, name = self.rng.choice(table[code])
            ports.append({"locode": locode, "name": name})
        return ports[:3]

    # -- commodity lines --------------------------------------------------------------------------------------

    def _quantity(self, goods: Goods, mode: str) -> float:
        median = goods.sizes[SMALL[mode]]
        value = median * math.exp(self.rng.gauss(0, goods.sigma))
        if goods.unit in ("heads", "pieces", "pairs", "cartons"):
            return float(max(1, round(value)))
        return max(10 ** -goods.decimals, round(value, goods.decimals))

    def _line(self, goods: Goods, mode: str, day: date, path: list[str], *,
              swallowed: bool = False) -> dict[str, Any]:
        rng = self.rng
        quantity = round(rng.uniform(0.25, 1.3), 3) if swallowed else self._quantity(goods, mode)
        line: dict[str, Any] = {"category": goods.category}
        brand = rng.choice(goods.extra["brands"]) if "brands" in goods.extra else ""
        count = max(1, round(quantity / goods.extra.get("per_piece", 1)))
        fill: dict[str, Any] = {"brand": brand, "count": count, "s": "" if count == 1 else "s"}
        if goods.category == "currency":
            currency = _weighted(rng, {"USD": 40, "EUR": 10, "ZAR": 15, self.profile.currency: 15, "AOA": 8,
                                       "CNY": 5, "GBP": 4, "AED": 3})
            amount = _round_value(quantity * CURRENCY_RATES.get(currency, 1.0))
            fill |= {"currency": currency, "denomination": DENOMINATIONS.get(currency, "large")}
            line |= {"hs_code": rng.choice(goods.hs), "description": rng.choice(goods.descriptions).format(**fill),
                     "value": str(amount), "currency": currency}
            if currency == "USD" and rng.random() < 0.5:
                line |= {"quantity": str(max(1, amount // 100)), "unit": "pieces"}
            return line
        if "drug_type" in goods.extra:
            line["drug_type"] = goods.extra["drug_type"]
        if "weapon_type" in goods.extra:
            line["weapon_type"] = goods.extra["weapon_type"]
        if "species" in goods.extra:
            latin, common, appendix = rng.choice(goods.extra["species"])
            line["species"] = f"{latin} ({common})"
            line["cites_appendix"] = self._appendix(appendix, day, path)
        if brand:
            line["brand"] = brand
        hs = goods.hs[0] if rng.random() < 0.75 else goods.hs[1]
        value_usd = quantity * rng.uniform(*goods.price)
        unit = goods.unit
        if goods.key == "cigarettes" and rng.random() < 0.2:
            quantity, unit = quantity * 200, "sticks"  # a carton holds 200 sticks
        elif unit == "kg" and quantity < 1 and goods.category == "drugs" and rng.random() < 0.5:
            quantity, unit = round(quantity * 1000), "g"
        description = rng.choice(goods.descriptions).format(**fill)
        line |= {"hs_code": hs, "description": description, "quantity": _decimal(quantity), "unit": unit}
        if rng.random() < 0.85:
            if rng.random() < 0.7:
                rate = USD_RATE_BY_YEAR.get(day.year, 16.0) if self.profile.currency in ("NAD", "ZAR") else \
                    CURRENCY_RATES.get(self.profile.currency, 1.0)
                line |= {"value": str(_round_value(value_usd * rate)), "currency": self.profile.currency}
            else:
                line |= {"value": str(_round_value(value_usd)), "currency": "USD"}
        return line

    def _appendix(self, rule: str, day: date, path: list[str]) -> str:
        if rule == "P":  # pangolins and grey parrots moved to Appendix I on 2 January 2017
            return "I" if day >= date(2017, 1, 2) else "II"
        if rule == "I*":  # elephants of Botswana, Namibia, South Africa and Zimbabwe are in Appendix II
            return "II" if path[0] in ("BW", "NA", "ZA", "ZW") else "I"
        return rule

    # -- one case ------------------------------------------------------------------------------------------

    def case(self, index: int) -> dict[str, Any]:
        """Return the case at this position of the series."""
        rng = self.rng
        day = self._date(index)
        category = _weighted(rng, CATEGORY_WEIGHTS)
        goods_list = self.goods_by_category[category]
        goods = rng.choices(goods_list, weights=[g.weight for g in goods_list])[0]
        modes = {m: w for m, w in goods.modes.items() if m in self.modes_available} or {"road": 1.0}
        mode = _weighted(rng, modes)
        office, path = self._office(mode, self._route(goods, mode))
        ports = self._ports(path, mode)
        concealment = _weighted(rng, CONCEALMENT_BY_MODE[mode])
        if concealment == "internal" and goods.key not in ("cocaine", "heroin", "meth"):
            concealment = "on_body"
        lines = [self._line(goods, mode, day, path, swallowed=concealment == "internal")]
        for _ in range(int(_weighted(rng, {"0": 80, "1": 15, "2": 5}))):
            other = goods if category == "cites" or rng.random() < 0.4 else \
                rng.choices(goods_list, weights=[g.weight for g in goods_list])[0]
            if category != "currency" and not other.extra.get("open") and concealment != "internal":
                lines.append(self._line(other, mode, day, path))
        if concealment in ("on_body", "in_baggage") and _bulky(lines[0], concealment):
            concealment = "in_baggage" if mode == "air_passenger" and not _bulky(lines[0], "in_baggage") else \
                "in_cargo" if mode not in ("air_passenger", "pedestrian") else "in_baggage"
        offence = _weighted(rng, dict.fromkeys(goods.extra["offences"], 1.0)) if "offences" in goods.extra else \
            _weighted(rng, OFFENCES[category])
        if offence == "ipr_infringement" and category == "tobacco":
            lines[0]["description"] = "counterfeit " + lines[0]["description"].removeprefix("counterfeit ")
        age = (self.until - day).days
        status = _weighted(rng, next(table for limit, table in STATUS_BY_AGE if age < limit))
        self.sequence[(office.short, day.year)] += 1
        reference = f"{self.home}/{office.short}/{day.year}/{self.sequence[(office.short, day.year)]:05d}"
        conveyance, parties, story = self._conveyance_and_parties(mode, path, ports, office, day, lines)
        if story.get("big") and concealment in ("on_body", "in_baggage"):
            concealment = rng.choice(("in_cargo", "false_compartment", "natural_cavity"))
        if goods.extra.get("open") and rng.random() < 0.7:
            concealment = ""  # bulk goods misdeclared or without a permit, not hidden
        concealment_text = self._concealment_text(concealment, mode, story, lines[0]) if concealment else ""
        detection = _weighted(rng, DETECTION_BY_MODE[mode])
        detection_note, detection_text = self._detection(detection, story)
        outcome_types, outcome_note, closing = self._outcome(category, status, age, day, story, lines)
        found = [_quantity_text(x) for x in lines]
        finding = f"Officers found {found[0]}" + (f" {concealment_text}." if concealment_text else ".")
        if len(found) > 1:
            finding += f" Also found: {'; '.join(found[1:])}."
        narrative = " ".join(s for s in (story["opening"], detection_text, finding,
                                         self._offence_text(offence, story, path), closing) if s)
        handling = _weighted(rng, HANDLING)
        return {
            "reference": reference,
            "date": day.isoformat(),
            "time": self._time(mode),
            "status": status,
            "offence_type": offence,
            "office": {"code": office.code, "name": office.name, "place": office.place, "locode": office.locode,
                       "country": self.home},
            "reporting_officer": rng.choice(self.officers[office.code]),
            "narrative": narrative,
            "outcome": {"types": outcome_types, "note": outcome_note},
            "handling": {"code": handling, "sharing": _weighted(rng, SHARING), "onward": rng.random() < 0.3,
                         "note": "Not to be disclosed before the trial has concluded." if handling == "H3" else ""},
            "commodities": lines,
            "detection": {"method": detection, "note": detection_note},
            "conveyance": conveyance,
            "route": {"departure": path[0], "transit": path[1:-1], "destination": path[-1], "ports": ports},
            "concealment": {"method": concealment, "description": concealment_text},
            "parties": parties,
        }

    def _offence_text(self, offence: str, story: dict[str, str], path: list[str]) -> str:
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

    def _time(self, mode: str) -> str:
        rng = self.rng
        if rng.random() < 0.05:
            return ""
        if mode.startswith("air"):
            hour = rng.choice((6, 7, 8, 13, 14, 15, 16, 21, 22))
        elif mode in ("postal", "express_courier"):
            hour = rng.randrange(8, 16)
        else:
            hour = rng.randrange(6, 22)
        return f"{hour:02d}:{rng.randrange(0, 60):02d}"

    # -- conveyance, parties and the opening of the narrative --------------------------------------------------

    def _conveyance_and_parties(self, mode: str, path: list[str], ports: list[dict[str, str]], office: Office,
                                day: date, lines: list[dict[str, Any]]) -> tuple[dict[str, Any],
                                                                                 list[dict[str, str]], dict[str, str]]:
        rng = self.rng
        home = self.home
        inbound = path[-1] == home or (path[0] != home)
        foreign = next((c for c in (path if inbound else reversed(path)) if c != home), home)
        document = {"type": "", "number": ""}
        containers: list[str] = []
        carrier = identifier = ""
        parties: list[dict[str, str]] = []
        story: dict[str, str] = {"object": "consignment", "office": office.code, "category": lines[0]["category"]}
        cover = rng.choice(PARCEL_COVERS if mode in ("postal", "express_courier", "air_passenger", "pedestrian")
                           else COVER_GOODS)
        story["cover"] = cover
        origin_city = ports[-1]["name"] if ports else country_name(foreign)
        if mode == "air_passenger":
            carrier, code, _, numbers = self._airline(path, day, inbound)
            identifier = f"{code} {rng.choice(numbers)}"
            count = int(_weighted(rng, {"1": 85, "2": 12, "3": 3}))
            nationality = foreign if rng.random() < 0.55 else home if rng.random() < 0.6 else rng.choice(path)
            names = [self._someone(nationality) for _ in range(count)]
            parties = [{"kind": "person", "role": "passenger", "name": n} for n in names]
            passport = country_name(nationality)
            if inbound:
                story["opening"] = f"Passenger {names[0]} ({passport} passport) arrived on {identifier} from " \
                                   f"{origin_city}."
            else:
                story["opening"] = f"Passenger {names[0]} ({passport} passport) was checking in for {identifier} " \
                                   f"to {country_name(path[-1])}."
            story["object"] = "passenger"
            story["suspect"] = names[0]
        elif mode == "air_cargo":
            carrier, code, prefix, numbers = self._airline(path, day, inbound)
            carrier = f"{carrier} Cargo"
            identifier = f"{code} {rng.choice(numbers)}"
            document = {"type": "air_waybill", "number": awb_number(rng, prefix)}
            consignor, consignee = self._company(path[0]), self._company(path[-1])
            parties = [{"kind": "entity", "role": "consignor", "name": consignor},
                       {"kind": "entity", "role": "consignee", "name": consignee}]
            if rng.random() < 0.6:
                parties.append({"kind": "entity", "role": "freight_forwarder", "name": self._company(home)})
            if rng.random() < 0.3:
                parties.append({"kind": "person", "role": "declarant", "name": self._someone(home)})
            story["opening"] = f"Air cargo under AWB {document['number']} ({rng.randrange(1, 40)} pieces declared as " \
                               f"{cover}) arrived on {identifier} from {origin_city}."
            story["suspect"] = consignee
            story["suspect_kind"] = "entity"
        elif mode == "sea_container":
            line_name, bl_prefix, owners, vessels = rng.choice(SHIPPING_LINES)
            carrier = line_name
            identifier = rng.choice(vessels)
            boxes = max(int(_weighted(rng, {"1": 80, "2": 12, "3": 5, "4": 3})), _containers_for(lines[0]))
            containers = [container_number(rng, rng.choice(owners)) for _ in range(min(boxes, 50))]
            document = {"type": "bill_of_lading",
                        "number": f"{bl_prefix}{rng.randrange(10**8, 10**9)}" if bl_prefix != "MAEU"
                        else str(rng.randrange(10**8, 10**9))}
            consignor, consignee = self._company(path[0]), self._company(path[-1])
            parties = [{"kind": "entity", "role": "consignor", "name": consignor},
                       {"kind": "entity", "role": "consignee", "name": consignee}]
            if rng.random() < 0.7:
                parties.append({"kind": "entity", "role": "customs_broker", "name": self._company(home)})
            if rng.random() < 0.3:
                parties.append({"kind": "person", "role": "declarant", "name": self._someone(home)})
            if rng.random() < 0.1:
                parties.append({"kind": "person", "role": "driver", "name": self._someone(home)})
            size = rng.choice(("20-foot", "40-foot", "40-foot high-cube"))
            where = "in transit to " + country_name(path[-1]) if path[-1] != home and path[0] != home else \
                "for export to " + country_name(path[-1]) if path[0] == home else "from " + country_name(path[0])
            story["opening"] = f"Container {containers[0]} ({size}) on B/L {document['number']}, declared as " \
                               f"{cover}, came on the {identifier} ({line_name}) {where}."
            story["object"] = "container"
            story["suspect"] = consignee
            story["suspect_kind"] = "entity"
        elif mode == "sea_other":
            identifier = rng.choice(FISHING_VESSELS)
            carrier = self._company(home if identifier.startswith("FV") else foreign)
            crew = [self._someone(rng.choice((home, foreign))) for _ in range(int(_weighted(rng, {"1": 50, "2": 35,
                                                                                                   "3": 15})))]
            parties = [{"kind": "person", "role": "crew", "name": n} for n in crew]
            if rng.random() < 0.5:
                parties.append({"kind": "entity", "role": "owner", "name": carrier})
            story["opening"] = f"The vessel {identifier} berthed at {office.name}."
            story["object"] = "vessel"
            story["suspect"] = crew[0]
        elif mode in ("road", "rail"):
            plate_country = foreign if rng.random() < 0.5 else home
            if mode == "rail":
                carrier = self.profile.rail_carrier
                identifier = f"train {rng.randrange(1000, 9999)}, wagon {rng.randrange(10000, 99999)}"
                document = {"type": "rail_consignment_note", "number": f"RCN {rng.randrange(100000, 999999)}"}
                parties = [{"kind": "entity", "role": "consignor", "name": self._company(path[0])},
                           {"kind": "entity", "role": "consignee", "name": self._company(path[-1])}]
                train, wagon = identifier.split(", ")
                story["opening"] = f"Rail {wagon} of {carrier} {train} was checked at {office.name}."
                story["object"] = "wagon"
                story["suspect"] = parties[1]["name"]
                story["suspect_kind"] = "entity"
            else:
                big = any(float(x.get("quantity") or 0) > 200 for x in lines) or (SMALL[mode] and rng.random() < 0.5)
                vehicle = rng.choice(("truck", "truck-tractor with trailer")) if big else \
                    rng.choice(("sedan", "pick-up", "minibus taxi", "SUV", "bus"))
                identifier = plate(rng, plate_country)
                if vehicle.startswith("truck-tractor"):
                    identifier += f", trailer {plate(rng, plate_country)}"
                driver = self._someone(plate_country if rng.random() < 0.8 else rng.choice(path))
                parties = [{"kind": "person", "role": "driver", "name": driver}]
                if rng.random() < 0.3:
                    parties.append({"kind": "person", "role": "passenger", "name": self._someone(rng.choice(path))})
                if big:
                    carrier = self._company(plate_country)
                    parties.append({"kind": "entity", "role": "carrier", "name": carrier})
                    if rng.random() < 0.6:
                        document = {"type": "road_consignment_note",
                                    "number": f"{rng.choice(('CMR', 'RCN', 'MAN'))} {rng.randrange(100000, 999999)}"}
                        parties.append({"kind": "entity", "role": "consignee", "name": self._company(path[-1])})
                elif vehicle == "bus":
                    carrier = rng.choice(("Intercape", "Trans-Namib Express", "Shalom Luxury Coaches",
                                          "Eagle Liner")) if home == "NA" else "a coach line"
                if office.neighbour:
                    where = f"arriving from {country_name(office.neighbour)}" if inbound else \
                        f"leaving for {country_name(office.neighbour)}"
                    story["opening"] = f"A {vehicle} ({identifier}) driven by {driver} was checked at {office.name}," \
                                       f" {where}."
                elif office.code.endswith("enforcement"):
                    story["opening"] = f"A {vehicle} ({identifier}) driven by {driver} was stopped at a roadblock " \
                                       f"on {rng.choice(self.profile.roadblocks)}."
                else:
                    story["opening"] = f"A {vehicle} ({identifier}) driven by {driver} was checked at {office.name}."
                story["object"] = "vehicle"
                story["suspect"] = driver
                story["big"] = "yes" if big else ""
        elif mode == "postal":
            sender_country = path[0] if path[0] != home else rng.choice(path[1:] or [home])
            serial = f"{rng.randrange(10**7, 10**8)}"
            prefix = rng.choice(("RR", "RB", "CP", "EE", "LX", "UA"))
            item = f"{prefix}{serial}{s10_check_digit(serial)}{sender_country if inbound else home}"
            carrier = POSTAL_OPERATORS.get(sender_country if inbound else home, self.profile.postal_operator
                                           if not inbound else "the origin postal operator")
            document = {"type": "postal_declaration", "number": item}
            sender = self._someone(sender_country) if rng.random() < 0.7 else self._company(sender_country)
            recipient = self._someone(home if inbound else path[-1])
            parties = [{"kind": "person" if " " in sender and not _is_company(sender) else "entity", "role": "sender",
                        "name": sender}, {"kind": "person", "role": "recipient", "name": recipient}]
            town = rng.choice(self.profile.towns)
            story["opening"] = f"Postal item {item} from {country_name(sender_country)} addressed to {recipient} " \
                               f"in {town} was referred for examination." if inbound else \
                f"Postal item {item} posted in {town} by {sender} for {country_name(path[-1])} was referred for " \
                f"examination."
            story["object"] = "parcel"
            story["suspect"] = recipient if inbound else sender
            story["suspect_kind"] = "entity" if _is_company(story["suspect"]) else "person"
        elif mode == "express_courier":
            courier, digits = rng.choice(COURIERS)
            carrier = courier
            number = "1Z" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(16)) \
                if digits == 0 else str(rng.randrange(10 ** (digits - 1), 10**digits))
            document = {"type": "courier_waybill", "number": number}
            sender_country = path[0]
            sender = self._company(sender_country) if rng.random() < 0.5 else self._someone(sender_country)
            recipient = self._someone(path[-1]) if rng.random() < 0.7 else self._company(path[-1])
            parties = [{"kind": "entity" if _is_company(sender) else "person", "role": "sender", "name": sender},
                       {"kind": "entity" if _is_company(recipient) else "person", "role": "recipient",
                        "name": recipient}]
            story["opening"] = f"{courier} shipment {number} from {country_name(sender_country)}, declared as " \
                               f"{cover}, was held for examination."
            story["object"] = "shipment"
            story["suspect"] = recipient
            story["suspect_kind"] = "entity" if _is_company(recipient) else "person"
        else:  # pedestrian
            name = self._someone(office.neighbour or foreign)
            parties = [{"kind": "person", "role": "owner", "name": name}]
            side = f" from {country_name(office.neighbour)}" if inbound else f" to {country_name(office.neighbour)}"
            story["opening"] = f"{name} crossed on foot at {office.name}{side if office.neighbour else ''}."
            story["object"] = "person"
            story["suspect"] = name
        conveyance = {"mode": mode, "carrier": carrier, "identifier": identifier, "container_numbers": containers,
                      "transport_document": document}
        return conveyance, parties, story

    def _airline(self, path: list[str], day: date, inbound: bool) -> tuple[str, str, str, tuple[str, ...]]:
        home = self.home
        at = path.index(home)
        neighbour = path[at - 1] if inbound and at > 0 else path[at + 1] if at + 1 < len(path) else path[0]
        if home == "NA" and day < AIR_NAMIBIA_END and self.rng.random() < 0.35:
            return AIR_NAMIBIA
        choices = HUB_AIRLINES.get(neighbour) or HUB_AIRLINES[self.rng.choice(("ET", "QA", "ZA", "ZA"))]
        return self.rng.choice(choices)

    def _concealment_text(self, method: str, mode: str, story: dict[str, str], line: dict[str, Any]) -> str:
        rng = self.rng
        template = rng.choice(CONCEALMENT_TEXT[method])
        grams = float(line.get("quantity") or 0) * (1 if line.get("unit") == "g" else 1000)
        return template.format(cover=story["cover"], place=rng.choice(FALSE_PLACES.get(mode, ("in the load",))),
                               cavity=rng.choice(CAVITIES.get(mode, CAVITIES["road"])),
                               pellets=max(5, round(grams / rng.uniform(8, 12))),
                               item=rng.choice(POSTAL_ITEMS), object=rng.choice(HIDING_OBJECTS))

    def _detection(self, method: str, story: dict[str, str]) -> tuple[str, str]:
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

    def _outcome(self, category: str, status: str, age: int, day: date, story: dict[str, str],
                 story_lines: list[dict[str, Any]]) -> tuple[list[str], str, str]:
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
        fine = _round_value(max(30 * local, worth * rng.uniform(0.1, 0.6)) if worth else
                            rng.uniform(60, 1200) * local)
        types = ["goods_forfeited", "penalty"]
        return types, f"Admission of guilt: {self.profile.currency} {fine:,}", \
            f"An admission of guilt fine of {self.profile.currency} {fine:,} was paid and the goods were forfeited."


_VIETNAMESE_ASCII = str.maketrans("ĂăÂâĐđÊêÔôƠơƯưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹàáãèéìíòóõùúýĩũ",
                                  "AaAaDdEeOoOoUuaaaaaaaaaaaaeeeeeeeeiioooooooooooouuuuuuuyyyyaaaeeiiooouuyiu")


def _quantity_text(line: dict[str, Any]) -> str:
    """Return how a narrative states a commodity line, e.g. ``12.5 kg of cocaine in bricks``."""
    if line["category"] == "currency":
        return f"{line['currency']} {int(line['value']):,} ({line['description']})"
    quantity = float(line["quantity"])
    number = f"{quantity:,.0f}" if quantity.is_integer() else f"{quantity:,.2f}".rstrip("0")
    unit = line["unit"]
    if unit in COUNT_UNITS:
        word = COUNT_UNITS[unit][0 if quantity == 1 else 1]
        return f"{number} {word} of {line['description']}" if word else f"{number} × {line['description']}"
    return f"{number} {'m³' if unit == 'm3' else unit} of {line['description']}"


COUNT_UNITS = {"pieces": ("", ""), "pairs": ("pair", "pairs"), "heads": ("head", "head"),
               "cartons": ("carton", "cartons"), "sticks": ("stick", "sticks"), "packs": ("pack", "packs")}


def _containers_for(line: dict[str, Any]) -> int:
    """Return how many containers a commodity line fills at least."""
    per_box = {"m3": 25.0, "kg": 22000.0, "l": 20000.0, "t": 22.0}.get(line.get("unit", ""))
    return math.ceil(float(line["quantity"]) / per_box) if per_box and line.get("quantity") else 1


def _bulky(line: dict[str, Any], concealment: str) -> bool:
    """Tell whether a commodity line is too much to carry on the body (or in a suitcase)."""
    if line["category"] == "currency" or not line.get("quantity"):
        return False
    limits = BODY_LIMITS if concealment == "on_body" else BAGGAGE_LIMITS
    return float(line["quantity"]) > limits.get(line["unit"], math.inf)


BODY_LIMITS = {"kg": 4, "l": 2, "cartons": 4, "sticks": 800, "pieces": 60, "pairs": 4, "heads": 2, "m3": 0}
BAGGAGE_LIMITS = {"kg": 45, "l": 25, "cartons": 40, "sticks": 8000, "pieces": 2000, "pairs": 40, "heads": 10,
                  "m3": 0}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _decimal(number: float) -> str:
    text = f"{number:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def _is_company(name: str) -> bool:
    return any(name.endswith(form) for forms in COMPANY_FORMS.values() for form in forms) or name.endswith(" Ltd")


# -- the public interface ------------------------------------------------------------------------------------


def generate(n: int, *, seed: int = 1, country: str = "NA", until: date = DEFAULT_UNTIL,
             years: int = DEFAULT_YEARS) -> Iterator[dict[str, Any]]:
    """Yield ``n`` seizure cases in date order; the same arguments always give the same cases."""
    maker = CaseMaker(seed=seed, country=country, until=until, years=years, count=n)
    for index in range(n):
        yield maker.case(index)


def write_json(cases: Iterator[dict[str, Any]], out: TextIO) -> int:
    """Write cases as JSON lines; return how many."""
    count = 0
    for case in cases:
        out.write(json.dumps(case, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def write_csv(cases: Iterator[dict[str, Any]], out: TextIO) -> int:
    """Write cases in the node's native CSV import format; return how many."""
    from node.services import seizure_csv  # the node's own column writer, so the format cannot drift

    writer = csv.DictWriter(out, fieldnames=list(seizure_csv.COLUMNS), lineterminator="\n")
    writer.writeheader()
    count = 0
    for case in cases:
        for row in seizure_csv.case_rows(_complete(case)):
            writer.writerow({k: seizure_csv.neutralise(v) for k, v in row.items()})
        count += 1
    return count


def _complete(case: dict[str, Any]) -> dict[str, Any]:
    """Return a case with every commodity field present, as the CSV writer expects of a stored body."""
    from protocol.records.seizure import normalise_seizure

    return normalise_seizure(case)


def self_check(n: int, *, seed: int = 1, country: str = "NA") -> tuple[int, Counter[str]]:
    """Check ``n`` cases with ``normalise_seizure`` and a throw-away node's own rules; return failures by field."""
    import asyncio
    import secrets
    import tempfile

    from node.clock import SystemClock
    from node.config import Config
    from node.datadir import init_node
    from node.errors import ValidationFailed
    from node.runtime import open_services
    from node.services.actor import command_line_actor

    failures: Counter[str] = Counter()

    async def run(config: Config) -> int:
        actor = command_line_actor()
        async with open_services(config, SystemClock()) as services:
            for office in offices(country):
                await services.refdata.put_entry(actor, "office", office["code"], office["name"], office["name"])
            checked = 0
            for case in generate(n, seed=seed, country=country):
                checked += 1
                try:
                    services.seizures.check(case)
                except ValidationFailed as exc:
                    failures.update(exc.fields)
                    if sum(failures.values()) <= 5:
                        print(f"{case['reference']}: {exc.fields}", file=sys.stderr)
            return checked

    with tempfile.TemporaryDirectory(prefix="ncen-gen-check-") as tmp:
        config = Config(data_dir=Path(tmp) / "node", port=0, admin_password=secrets.token_urlsafe(16))
        init_node(config, SystemClock(), name="Generator check", country=country)
        checked = asyncio.run(run(config))
    return checked, failures


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line."""
    parser = argparse.ArgumentParser(prog="python -m tools.gen_seizures", description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", help="output file (default: standard output)")
    parser.add_argument("--count", type=int, default=1000, help="number of cases (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--country", default="NA", help="ISO code of the administration (default NA)")
    parser.add_argument("--until", type=date.fromisoformat, default=DEFAULT_UNTIL,
                        help=f"date of the last case (default {DEFAULT_UNTIL})")
    parser.add_argument("--format", choices=("json", "csv"), default="json", help="JSON lines or native CSV")
    parser.add_argument("--check", type=int, metavar="N", help="check N cases against a throw-away node and exit")
    args = parser.parse_args(argv)
    if args.check:
        checked, failures = self_check(args.check, seed=args.seed, country=args.country)
        print(f"{checked} cases checked, {sum(failures.values())} field errors")
        for path, count in failures.most_common(20):
            print(f"  {path}: {count}")
        return 1 if failures else 0
    cases = generate(args.count, seed=args.seed, country=args.country, until=args.until)
    writer = write_csv if args.format == "csv" else write_json
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as out:
            writer(cases, out)
    else:
        writer(cases, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
