"""The conveyance of a seizure case and the people on it, with the sentence that opens its narrative.

For each mode of transport ``ConveyanceMaker`` draws the carrier, the flight, vessel, vehicle, train or postal item,
the transport document with a valid number, and the parties (passengers, consignors and consignees, crew, drivers,
senders and recipients); then it says where the case begins: who or what arrived, from where, declared as what.
The identifiers have real shapes: UPU S10 postal items, air waybills with their check digit, ISO 6346 container
numbers and the registration plates of the region.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from random import Random
from typing import Any

from protocol.records.fields import container_check_digit
from tools.seizure_commodities import containers_for
from tools.seizure_names import NameMaker, is_company
from tools.seizure_offices import Office, Profile, country_name
from tools.seizure_tables import (
    AIR_NAMIBIA,
    AIR_NAMIBIA_END,
    COURIERS,
    COVER_GOODS,
    FISHING_VESSELS,
    HUB_AIRLINES,
    PARCEL_COVERS,
    POSTAL_OPERATORS,
    SHIPPING_LINES,
    SMALL,
    weighted,
)

# -- identifiers -----------------------------------------------------------------------------------------------


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


# -- the conveyance and its people -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Scene:
    """One case as its mode of transport sets the scene: the movement it starts from, then what the mode fills in."""

    mode: str
    path: list[str]
    office: Office
    day: date
    lines: list[dict[str, Any]]
    inbound: bool
    foreign: str  # the first foreign country on the route, seen from the home country
    cover: str  # what the goods were declared as
    origin_city: str
    story: dict[str, str]  # the opening, object, suspect and cover the rest of the narrative is told from
    carrier: str = ""
    identifier: str = ""
    document: dict[str, str] = field(default_factory=lambda: {"type": "", "number": ""})
    containers: list[str] = field(default_factory=list)
    parties: list[dict[str, str]] = field(default_factory=list)


class ConveyanceMaker:
    """Make the conveyance, parties and opening of each case of a series, from the series' random stream."""

    def __init__(self, rng: Random, profile: Profile, names: NameMaker) -> None:
        self.rng = rng
        self.profile = profile
        self.home = profile.country
        self.names = names

    def conveyance_and_parties(self, mode: str, path: list[str], ports: list[dict[str, str]], office: Office,
                               day: date, lines: list[dict[str, Any]]) -> tuple[dict[str, Any],
                                                                                list[dict[str, str]], dict[str, str]]:
        """Return the conveyance, the parties and the story so far (opening, object examined, suspect, cover)."""
        rng = self.rng
        home = self.home
        inbound = path[-1] == home or (path[0] != home)
        foreign = next((c for c in (path if inbound else reversed(path)) if c != home), home)
        story: dict[str, str] = {"object": "consignment", "office": office.code, "category": lines[0]["category"]}
        cover = rng.choice(PARCEL_COVERS if mode in ("postal", "express_courier", "air_passenger", "pedestrian")
                           else COVER_GOODS)
        story["cover"] = cover
        origin_city = ports[-1]["name"] if ports else country_name(foreign)
        scene = _Scene(mode, path, office, day, lines, inbound, foreign, cover, origin_city, story)
        by_mode = {"air_passenger": self._air_passenger, "air_cargo": self._air_cargo,
                   "sea_container": self._sea_container, "sea_other": self._sea_other, "road": self._overland,
                   "rail": self._overland, "postal": self._postal, "express_courier": self._express_courier}
        by_mode.get(mode, self._pedestrian)(scene)
        conveyance = {"mode": mode, "carrier": scene.carrier, "identifier": scene.identifier,
                      "container_numbers": scene.containers, "transport_document": scene.document}
        return conveyance, scene.parties, story

    def _airline(self, path: list[str], day: date, inbound: bool) -> tuple[str, str, str, tuple[str, ...]]:
        home = self.home
        at = path.index(home)
        neighbour = path[at - 1] if inbound and at > 0 else path[at + 1] if at + 1 < len(path) else path[0]
        if home == "NA" and day < AIR_NAMIBIA_END and self.rng.random() < 0.35:
            return AIR_NAMIBIA
        choices = HUB_AIRLINES.get(neighbour) or HUB_AIRLINES[self.rng.choice(("ET", "QA", "ZA", "ZA"))]
        return self.rng.choice(choices)

    def _traders(self, s: _Scene, agent: str, agent_share: float) -> str:
        """Set a cargo's consignor and consignee, perhaps a home ``agent`` and a declarant; return the consignee."""
        consignor, consignee = self.names.company(s.path[0]), self.names.company(s.path[-1])
        s.parties = [{"kind": "entity", "role": "consignor", "name": consignor},
                     {"kind": "entity", "role": "consignee", "name": consignee}]
        if self.rng.random() < agent_share:
            s.parties.append({"kind": "entity", "role": agent, "name": self.names.company(self.home)})
        if self.rng.random() < 0.3:
            s.parties.append({"kind": "person", "role": "declarant", "name": self.names.someone(self.home)})
        return consignee

    def _air_passenger(self, s: _Scene) -> None:
        rng, home, path, story = self.rng, self.home, s.path, s.story
        s.carrier, code, _, numbers = self._airline(path, s.day, s.inbound)
        s.identifier = f"{code} {rng.choice(numbers)}"
        count = int(weighted(rng, {"1": 85, "2": 12, "3": 3}))
        nationality = s.foreign if rng.random() < 0.55 else home if rng.random() < 0.6 else rng.choice(path)
        names = [self.names.someone(nationality) for _ in range(count)]
        s.parties = [{"kind": "person", "role": "passenger", "name": n} for n in names]
        passport = country_name(nationality)
        if s.inbound:
            story["opening"] = f"Passenger {names[0]} ({passport} passport) arrived on {s.identifier} from " \
                               f"{s.origin_city}."
        else:
            story["opening"] = f"Passenger {names[0]} ({passport} passport) was checking in for {s.identifier} " \
                               f"to {country_name(path[-1])}."
        story["object"] = "passenger"
        story["suspect"] = names[0]

    def _air_cargo(self, s: _Scene) -> None:
        rng, path, story = self.rng, s.path, s.story
        carrier, code, prefix, numbers = self._airline(path, s.day, s.inbound)
        s.carrier = f"{carrier} Cargo"
        s.identifier = f"{code} {rng.choice(numbers)}"
        s.document = {"type": "air_waybill", "number": awb_number(rng, prefix)}
        consignee = self._traders(s, "freight_forwarder", 0.6)
        story["opening"] = f"Air cargo under AWB {s.document['number']} ({rng.randrange(1, 40)} pieces declared as " \
                           f"{s.cover}) arrived on {s.identifier} from {s.origin_city}."
        story["suspect"] = consignee
        story["suspect_kind"] = "entity"

    def _sea_container(self, s: _Scene) -> None:
        rng, home, path, story = self.rng, self.home, s.path, s.story
        line_name, bl_prefix, owners, vessels = rng.choice(SHIPPING_LINES)
        s.carrier = line_name
        s.identifier = rng.choice(vessels)
        boxes = max(int(weighted(rng, {"1": 80, "2": 12, "3": 5, "4": 3})), containers_for(s.lines[0]))
        s.containers = [container_number(rng, rng.choice(owners)) for _ in range(min(boxes, 50))]
        s.document = {"type": "bill_of_lading",
                      "number": f"{bl_prefix}{rng.randrange(10**8, 10**9)}" if bl_prefix != "MAEU"
                      else str(rng.randrange(10**8, 10**9))}
        consignee = self._traders(s, "customs_broker", 0.7)
        if rng.random() < 0.1:
            s.parties.append({"kind": "person", "role": "driver", "name": self.names.someone(home)})
        size = rng.choice(("20-foot", "40-foot", "40-foot high-cube"))
        where = "in transit to " + country_name(path[-1]) if path[-1] != home and path[0] != home else \
            "for export to " + country_name(path[-1]) if path[0] == home else "from " + country_name(path[0])
        story["opening"] = f"Container {s.containers[0]} ({size}) on B/L {s.document['number']}, declared as " \
                           f"{s.cover}, came on the {s.identifier} ({line_name}) {where}."
        story["object"] = "container"
        story["suspect"] = consignee
        story["suspect_kind"] = "entity"

    def _sea_other(self, s: _Scene) -> None:
        rng, home, foreign, story = self.rng, self.home, s.foreign, s.story
        s.identifier = rng.choice(FISHING_VESSELS)
        s.carrier = self.names.company(home if s.identifier.startswith("FV") else foreign)
        crew_size = int(weighted(rng, {"1": 50, "2": 35, "3": 15}))
        crew = [self.names.someone(rng.choice((home, foreign))) for _ in range(crew_size)]
        s.parties = [{"kind": "person", "role": "crew", "name": n} for n in crew]
        if rng.random() < 0.5:
            s.parties.append({"kind": "entity", "role": "owner", "name": s.carrier})
        story["opening"] = f"The vessel {s.identifier} berthed at {s.office.name}."
        story["object"] = "vessel"
        story["suspect"] = crew[0]

    def _overland(self, s: _Scene) -> None:
        # The plate's country is drawn for a train as well, so that a seed keeps giving the same cases.
        plate_country = s.foreign if self.rng.random() < 0.5 else self.home
        if s.mode == "rail":
            self._rail(s)
        else:
            self._road(s, plate_country)

    def _rail(self, s: _Scene) -> None:
        rng, path, story = self.rng, s.path, s.story
        s.carrier = self.profile.rail_carrier
        s.identifier = f"train {rng.randrange(1000, 9999)}, wagon {rng.randrange(10000, 99999)}"
        s.document = {"type": "rail_consignment_note", "number": f"RCN {rng.randrange(100000, 999999)}"}
        s.parties = [{"kind": "entity", "role": "consignor", "name": self.names.company(path[0])},
                     {"kind": "entity", "role": "consignee", "name": self.names.company(path[-1])}]
        train, wagon = s.identifier.split(", ")
        story["opening"] = f"Rail {wagon} of {s.carrier} {train} was checked at {s.office.name}."
        story["object"] = "wagon"
        story["suspect"] = s.parties[1]["name"]
        story["suspect_kind"] = "entity"

    def _road(self, s: _Scene, plate_country: str) -> None:
        rng, home, path, office, story = self.rng, self.home, s.path, s.office, s.story
        big = any(float(x.get("quantity") or 0) > 200 for x in s.lines) or (SMALL[s.mode] and rng.random() < 0.5)
        vehicle = rng.choice(("truck", "truck-tractor with trailer")) if big else \
            rng.choice(("sedan", "pick-up", "minibus taxi", "SUV", "bus"))
        s.identifier = plate(rng, plate_country)
        if vehicle.startswith("truck-tractor"):
            s.identifier += f", trailer {plate(rng, plate_country)}"
        driver = self.names.someone(plate_country if rng.random() < 0.8 else rng.choice(path))
        s.parties = [{"kind": "person", "role": "driver", "name": driver}]
        if rng.random() < 0.3:
            s.parties.append({"kind": "person", "role": "passenger", "name": self.names.someone(rng.choice(path))})
        if big:
            s.carrier = self.names.company(plate_country)
            s.parties.append({"kind": "entity", "role": "carrier", "name": s.carrier})
            if rng.random() < 0.6:
                s.document = {"type": "road_consignment_note",
                              "number": f"{rng.choice(('CMR', 'RCN', 'MAN'))} {rng.randrange(100000, 999999)}"}
                s.parties.append({"kind": "entity", "role": "consignee", "name": self.names.company(path[-1])})
        elif vehicle == "bus":
            s.carrier = rng.choice(("Intercape", "Trans-Namib Express", "Shalom Luxury Coaches",
                                    "Eagle Liner")) if home == "NA" else "a coach line"
        if office.neighbour:
            where = f"arriving from {country_name(office.neighbour)}" if s.inbound else \
                f"leaving for {country_name(office.neighbour)}"
            story["opening"] = f"A {vehicle} ({s.identifier}) driven by {driver} was checked at {office.name}," \
                               f" {where}."
        elif office.code.endswith("enforcement"):
            story["opening"] = f"A {vehicle} ({s.identifier}) driven by {driver} was stopped at a roadblock " \
                               f"on {rng.choice(self.profile.roadblocks)}."
        else:
            story["opening"] = f"A {vehicle} ({s.identifier}) driven by {driver} was checked at {office.name}."
        story["object"] = "vehicle"
        story["suspect"] = driver
        story["big"] = "yes" if big else ""

    def _postal(self, s: _Scene) -> None:
        rng, home, path, inbound, story = self.rng, self.home, s.path, s.inbound, s.story
        sender_country = path[0] if path[0] != home else rng.choice(path[1:] or [home])
        serial = f"{rng.randrange(10**7, 10**8)}"
        prefix = rng.choice(("RR", "RB", "CP", "EE", "LX", "UA"))
        item = f"{prefix}{serial}{s10_check_digit(serial)}{sender_country if inbound else home}"
        s.carrier = POSTAL_OPERATORS.get(sender_country if inbound else home, self.profile.postal_operator
                                         if not inbound else "the origin postal operator")
        s.document = {"type": "postal_declaration", "number": item}
        sender = self.names.someone(sender_country) if rng.random() < 0.7 else self.names.company(sender_country)
        recipient = self.names.someone(home if inbound else path[-1])
        s.parties = [{"kind": "person" if " " in sender and not is_company(sender) else "entity", "role": "sender",
                      "name": sender}, {"kind": "person", "role": "recipient", "name": recipient}]
        town = rng.choice(self.profile.towns)
        story["opening"] = f"Postal item {item} from {country_name(sender_country)} addressed to {recipient} " \
                           f"in {town} was referred for examination." if inbound else \
            f"Postal item {item} posted in {town} by {sender} for {country_name(path[-1])} was referred for " \
            f"examination."
        story["object"] = "parcel"
        story["suspect"] = recipient if inbound else sender
        story["suspect_kind"] = "entity" if is_company(story["suspect"]) else "person"

    def _express_courier(self, s: _Scene) -> None:
        rng, path, story = self.rng, s.path, s.story
        courier, digits = rng.choice(COURIERS)
        s.carrier = courier
        number = "1Z" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(16)) \
            if digits == 0 else str(rng.randrange(10 ** (digits - 1), 10**digits))
        s.document = {"type": "courier_waybill", "number": number}
        sender_country = path[0]
        sender = self.names.company(sender_country) if rng.random() < 0.5 else self.names.someone(sender_country)
        recipient = self.names.someone(path[-1]) if rng.random() < 0.7 else self.names.company(path[-1])
        s.parties = [{"kind": "entity" if is_company(sender) else "person", "role": "sender", "name": sender},
                     {"kind": "entity" if is_company(recipient) else "person", "role": "recipient",
                      "name": recipient}]
        story["opening"] = f"{courier} shipment {number} from {country_name(sender_country)}, declared as " \
                           f"{s.cover}, was held for examination."
        story["object"] = "shipment"
        story["suspect"] = recipient
        story["suspect_kind"] = "entity" if is_company(recipient) else "person"

    def _pedestrian(self, s: _Scene) -> None:
        office, story = s.office, s.story
        name = self.names.someone(office.neighbour or s.foreign)
        s.parties = [{"kind": "person", "role": "owner", "name": name}]
        side = f" from {country_name(office.neighbour)}" if s.inbound else f" to {country_name(office.neighbour)}"
        story["opening"] = f"{name} crossed on foot at {office.name}{side if office.neighbour else ''}."
        story["object"] = "person"
        story["suspect"] = name
