"""The administrations the seizure generator writes for: their offices, courts, police and towns.

Namibia has a full profile (``NAMIBIA``); ``profile(country)`` makes a generic one for any other country.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import pycountry

from tools.seizure_tables import COUNTRY_NAMES


@dataclass(frozen=True, slots=True)
class Office:
    """A customs office: where it is, what traffic it sees, and which country its land border faces."""

    code: str
    short: str
    name: str
    place: str
    locode: str
    modes: Mapping[str, float]
    weight: float
    neighbour: str = ""
    court: str = ""


@dataclass(frozen=True, slots=True)
class Profile:
    """What the generator needs to know about one administration."""

    country: str
    currency: str
    offices: tuple[Office, ...]
    police_drugs: str
    police_wildlife: str
    police: str
    wildlife_authority: str
    hospital: str
    courts: tuple[str, ...]
    roadblocks: tuple[str, ...]
    towns: tuple[str, ...]
    rail_carrier: str
    postal_operator: str


WDH_COURT = "Windhoek Magistrate's Court"
WVB_COURT = "Walvis Bay Magistrate's Court"
NAMIBIA = Profile(
    country="NA", currency="NAD",
    offices=(
        # UN/LOCODEs where the place has one; border posts without their own code leave it empty.
        Office("walvis_bay_port", "WBP", "Walvis Bay Port", "Container terminal, Namport", "NAWVB",
               {"sea_container": 80, "sea_other": 20}, 20, court=WVB_COURT),
        Office("walvis_bay_airport", "WBA", "Walvis Bay Airport", "Walvis Bay International Airport", "NAWVB",
               {"air_passenger": 85, "air_cargo": 15}, 3, court=WVB_COURT),
        Office("hosea_kutako_airport", "HKIA", "Hosea Kutako International Airport", "Arrivals and departures hall",
               "NAWDH", {"air_passenger": 75, "air_cargo": 25}, 18, court=WDH_COURT),
        Office("eros_airport", "ERS", "Eros Airport", "Windhoek Eros Airport, general aviation", "NAERS",
               {"air_passenger": 100}, 1.5, court=WDH_COURT),
        Office("windhoek_mail_centre", "WMC", "Windhoek Mail and Courier Centre", "NamPost mail centre, Windhoek",
               "NAWDH", {"postal": 60, "express_courier": 40}, 7, court=WDH_COURT),
        Office("windhoek_enforcement", "WEU", "Windhoek Customs Enforcement Unit", "Mobile team, Khomas Region",
               "NAWDH", {"road": 100}, 3, court=WDH_COURT),
        Office("luderitz_port", "LUD", "Lüderitz Port", "Lüderitz harbour", "NALUD",
               {"sea_other": 60, "sea_container": 40}, 2.5, court="Lüderitz Magistrate's Court"),
        Office("noordoewer", "NOO", "Noordoewer Border Post", "B1, Orange River bridge (border with South Africa)",
               "", {"road": 90, "pedestrian": 10}, 8, "ZA", "Karasburg Magistrate's Court"),
        Office("ariamsvlei", "ARI", "Ariamsvlei Border Post", "B3, border with South Africa (Nakop)", "",
               {"road": 85, "rail": 15}, 6, "ZA", "Karasburg Magistrate's Court"),
        Office("trans_kalahari", "TKB", "Trans-Kalahari Border Post", "Buitepos, B6 (border with Botswana, Mamuno)",
               "", {"road": 100}, 6, "BW", "Gobabis Magistrate's Court"),
        Office("oshikango", "OSH", "Oshikango Border Post", "B1, border with Angola (Santa Clara)", "",
               {"road": 70, "pedestrian": 30}, 12, "AO", "Eenhana Magistrate's Court"),
        Office("katima_mulilo", "KMB", "Katima Mulilo Border Post", "Wenela, border with Zambia (Sesheke)", "",
               {"road": 80, "pedestrian": 20}, 5, "ZM", "Katima Mulilo Magistrate's Court"),
        Office("ngoma", "NGO", "Ngoma Border Post", "Ngoma bridge, border with Botswana (Kasane)", "",
               {"road": 100}, 3, "BW", "Katima Mulilo Magistrate's Court"),
        Office("oranjemund", "ORM", "Oranjemund Customs Office", "Oranjemund, mining area exit", "NAOMD",
               {"road": 90, "air_passenger": 10}, 0.5, court="Oranjemund Periodical Court"),
        Office("rundu", "RUN", "Rundu Customs Office", "Katwitwi crossing (border with Angola, Calai)", "",
               {"road": 60, "pedestrian": 40}, 3, "AO", "Rundu Magistrate's Court"),
    ),
    police_drugs="NAMPOL Drug Law Enforcement Unit", police_wildlife="NAMPOL Protected Resources Division",
    police="NAMPOL", wildlife_authority="the Ministry of Environment, Forestry and Tourism",
    hospital="Windhoek Central Hospital",
    courts=("Windhoek Magistrate's Court", "Walvis Bay Magistrate's Court", "Oshakati Magistrate's Court",
            "Katima Mulilo Magistrate's Court", "Keetmanshoop Magistrate's Court", "Karasburg Magistrate's Court"),
    roadblocks=("the B1 near Okahandja", "the B2 near Karibib", "the B6 near Gobabis", "the B1 near Otjiwarongo",
                "the B1 near Mariental", "the C28 near Walvis Bay", "the B8 near Rundu"),
    towns=("Windhoek", "Walvis Bay", "Swakopmund", "Oshakati", "Ondangwa", "Rundu", "Katima Mulilo",
           "Keetmanshoop", "Otjiwarongo", "Lüderitz", "Gobabis", "Tsumeb"),
    rail_carrier="TransNamib", postal_operator="NamPost",
)
CURRENCY_OF = {"NA": "NAD", "ZA": "ZAR", "BW": "BWP", "ZM": "ZMW", "AO": "AOA", "KE": "KES", "NG": "NGN",
               "SN": "XOF", "CI": "XOF", "CM": "XAF", "GB": "GBP", "US": "USD", "IN": "INR", "CN": "CNY",
               "AE": "AED", **dict.fromkeys(("FR", "DE", "BE", "NL", "PT", "ES", "IT", "AT", "IE"), "EUR")}


@cache
def profile(country: str) -> Profile:
    """Return the generator's profile of an administration (a generic one outside Namibia)."""
    country = country.upper()
    if country == "NA":
        return NAMIBIA
    if pycountry.countries.get(alpha_2=country) is None:
        raise ValueError(f"unknown country code {country!r}")
    name = country_name(country)
    prefix = country.lower()
    offices = (
        Office(f"{prefix}_main_port", "PORT", f"{name} main seaport", "Container terminal", "",
               {"sea_container": 80, "sea_other": 20}, 20),
        Office(f"{prefix}_main_airport", "APT", f"{name} international airport", "Arrivals and departures hall", "",
               {"air_passenger": 75, "air_cargo": 25}, 20),
        Office(f"{prefix}_mail_centre", "MAIL", "International mail and courier centre", "Mail centre", "",
               {"postal": 60, "express_courier": 40}, 8),
        Office(f"{prefix}_enforcement", "MOB", "Customs enforcement unit", "Mobile team", "", {"road": 100}, 8),
        Office(f"{prefix}_north_border", "NBP", "Northern border post", "Main road crossing", "",
               {"road": 85, "pedestrian": 15}, 12),
        Office(f"{prefix}_south_border", "SBP", "Southern border post", "Main road crossing", "",
               {"road": 80, "rail": 10, "pedestrian": 10}, 10),
    )
    return Profile(country=country, currency=CURRENCY_OF.get(country, "USD"), offices=offices,
                   police_drugs="the anti-narcotics police", police_wildlife="the wildlife crime unit",
                   police="the police", wildlife_authority="the wildlife authority", hospital="the main hospital",
                   courts=("the Magistrate's Court",), roadblocks=("a main road",), towns=(name,),
                   rail_carrier="the national railway", postal_operator="the national post")


def offices(country: str = "NA") -> list[dict[str, str]]:
    """Return the offices cases are generated for, to register in the node's office list first."""
    return [{"code": o.code, "name": o.name, "place": o.place, "locode": o.locode} for o in profile(country).offices]


@cache
def country_name(code: str) -> str:
    """Return a short English name of a country for narratives."""
    if code in COUNTRY_NAMES:
        return COUNTRY_NAMES[code]
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return code
    return str(getattr(found, "common_name", None) or found.name)
