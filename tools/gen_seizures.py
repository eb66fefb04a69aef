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
company is chance. The tables it draws from are in ``tools/seizure_tables.py``; the administrations and their
offices in ``tools/seizure_offices.py``; the names of people and companies in ``tools/seizure_names.py``; the
commodity lines in ``tools/seizure_commodities.py``; the conveyance, the people on it and the narrative's
opening in ``tools/seizure_conveyance.py``; the rest of the narrative (detection, concealment, offence,
outcome) in ``tools/seizure_narrative.py``. This module draws each case's date, goods, mode, route and office,
puts the pieces together in one seeded random stream, writes the cases out and runs the command line.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import json
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any, TextIO

from tools.seizure_commodities import bulky, commodity_line, quantity_text
from tools.seizure_conveyance import ConveyanceMaker
from tools.seizure_names import NameMaker
from tools.seizure_narrative import NarrativeMaker
from tools.seizure_offices import Office, offices, profile
from tools.seizure_tables import (
    AIRPORTS,
    CATEGORY_WEIGHTS,
    CONCEALMENT_BY_MODE,
    DETECTION_BY_MODE,
    GOODS,
    HANDLING,
    LAND_MODES,
    MONTH_FACTOR,
    OFFENCES,
    ROUTES,
    SEA_PORTS,
    SHARING,
    STATUS_BY_AGE,
    WEEKDAY_FACTOR,
    Goods,
    weighted,
)

# The public interface; ``offices`` is re-exported from the module that owns it.
__all__ = [
    "DEFAULT_UNTIL",
    "DEFAULT_YEARS",
    "CaseMaker",
    "generate",
    "main",
    "offices",
    "self_check",
    "write_csv",
    "write_json",
]

DEFAULT_UNTIL = date(2025, 12, 31)
DEFAULT_YEARS = 10


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
        self.names = NameMaker(self.rng, self.home)
        self.officers = {o.code: [self.names.officer() for _ in range(self.rng.randrange(12, 40))]
                         for o in self.profile.offices}
        self.conveyances = ConveyanceMaker(self.rng, self.profile, self.names)
        self.narrator = NarrativeMaker(self.rng, self.profile)

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

    # -- one case ------------------------------------------------------------------------------------------

    def case(self, index: int) -> dict[str, Any]:
        """Return the case at this position of the series."""
        rng = self.rng
        day = self._date(index)
        category = weighted(rng, CATEGORY_WEIGHTS)
        goods_list = self.goods_by_category[category]
        goods = rng.choices(goods_list, weights=[g.weight for g in goods_list])[0]
        modes = {m: w for m, w in goods.modes.items() if m in self.modes_available} or {"road": 1.0}
        mode = weighted(rng, modes)
        office, path = self._office(mode, self._route(goods, mode))
        ports = self._ports(path, mode)
        concealment = weighted(rng, CONCEALMENT_BY_MODE[mode])
        if concealment == "internal" and goods.key not in ("cocaine", "heroin", "meth"):
            concealment = "on_body"
        lines = [commodity_line(rng, goods, mode, day, path, self.profile.currency,
                                swallowed=concealment == "internal")]
        for _ in range(int(weighted(rng, {"0": 80, "1": 15, "2": 5}))):
            other = goods if category == "cites" or rng.random() < 0.4 else \
                rng.choices(goods_list, weights=[g.weight for g in goods_list])[0]
            if category != "currency" and not other.extra.get("open") and concealment != "internal":
                lines.append(commodity_line(rng, other, mode, day, path, self.profile.currency))
        if concealment in ("on_body", "in_baggage") and bulky(lines[0], concealment):
            concealment = "in_baggage" if mode == "air_passenger" and not bulky(lines[0], "in_baggage") else \
                "in_cargo" if mode not in ("air_passenger", "pedestrian") else "in_baggage"
        offence = weighted(rng, dict.fromkeys(goods.extra["offences"], 1.0)) if "offences" in goods.extra else \
            weighted(rng, OFFENCES[category])
        if offence == "ipr_infringement" and category == "tobacco":
            lines[0]["description"] = "counterfeit " + lines[0]["description"].removeprefix("counterfeit ")
        age = (self.until - day).days
        status = weighted(rng, next(table for limit, table in STATUS_BY_AGE if age < limit))
        self.sequence[(office.short, day.year)] += 1
        reference = f"{self.home}/{office.short}/{day.year}/{self.sequence[(office.short, day.year)]:05d}"
        conveyance, parties, story = self.conveyances.conveyance_and_parties(mode, path, ports, office, day, lines)
        if story.get("big") and concealment in ("on_body", "in_baggage"):
            concealment = rng.choice(("in_cargo", "false_compartment", "natural_cavity"))
        if goods.extra.get("open") and rng.random() < 0.7:
            concealment = ""  # bulk goods misdeclared or without a permit, not hidden
        concealment_text = self.narrator.concealment_text(concealment, mode, story, lines[0]) if concealment else ""
        detection = weighted(rng, DETECTION_BY_MODE[mode])
        detection_note, detection_text = self.narrator.detection(detection, story)
        outcome_types, outcome_note, closing = self.narrator.outcome(category, status, age, day, story, lines)
        found = [quantity_text(x) for x in lines]
        finding = f"Officers found {found[0]}" + (f" {concealment_text}." if concealment_text else ".")
        if len(found) > 1:
            finding += f" Also found: {'; '.join(found[1:])}."
        narrative = " ".join(s for s in (story["opening"], detection_text, finding,
                                         self.narrator.offence_text(offence, story, path), closing) if s)
        handling = weighted(rng, HANDLING)
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
            "handling": {"code": handling, "sharing": weighted(rng, SHARING), "onward": rng.random() < 0.3,
                         "note": "Not to be disclosed before the trial has concluded." if handling == "H3" else ""},
            "commodities": lines,
            "detection": {"method": detection, "note": detection_note},
            "conveyance": conveyance,
            "route": {"departure": path[0], "transit": path[1:-1], "destination": path[-1], "ports": ports},
            "concealment": {"method": concealment, "description": concealment_text},
            "parties": parties,
        }

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
