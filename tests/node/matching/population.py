"""A synthetic register of persons and companies with skewed name frequencies, to measure key selectivity.

Names are drawn with Zipf weights (weight 1/rank) from pools that start with real names and go on with
names made up from syllables: the commonest given name then covers about 12 % of people and the commonest
family name about 10 %, as "Mohamed" or "Nguyen" do in the registers that have most of them. Dates of birth
spread over 55 years, 5 % on the 1 January default, 20 % with the year alone. Such a register repeats names
more than a real one of its size, so a measure on it errs on the pessimistic side.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import accumulate

from node.matching import EntityFacts, PersonFacts


def _words(text: str) -> list[str]:
    """Split a list of words written as one string."""
    return text.split()


GIVEN = _words(
    "Mohamed Ahmed Ali Ibrahim Abdullahi Fatima Aisha Mamadou Aminata Hassan Yusuf Omar Khalid Mariam Moussa "
    "Abdoulaye Oumar Ousmane Amadou Ibrahima Issa Adama Salif Seydou Boubacar Hawa Kadiatou Fatoumata Zeinab "
    "John Joseph Peter Grace Mary James Samuel Daniel Emmanuel Esther Wanjiru Otieno Kamau Chukwuemeka Ngozi "
    "Olusegun Adebayo Tendai Sipho Thabo Jose Maria Juan Carlos Luis Ana Wei Fang Jun Li Min Ivan Olga Sergei"
)
FAMILY = _words(
    "Diallo Traore Toure Kone Coulibaly Keita Camara Sow Ba Ndiaye Diop Fall Sy Cisse Bah Barry Sylla Kamara "
    "Mohamed Ahmed Ali Hassan Abdi Farah Omar Osman Musa Bello Sani Garba Abubakar Okafor Okeke Eze Adeyemi "
    "Mensah Asante Boateng Owusu Kamau Otieno Mwangi Njoroge Dlamini Nkosi Moyo Banda Phiri Mutombo Kabila "
    "Garcia Rodriguez Lopez Hernandez Silva Santos Wang Zhang Chen Liu Nguyen Tran Ivanov Petrov Haddad Khan"
)
WORDS = _words(
    "Sahel Sahara Atlas Nile Star Golden Crescent Delta Kilimanjaro Savannah Baobab Lion Eagle Ocean Royal "
    "Sunrise Horizon Unity Victory Alliance Pioneer Zenith Summit Oasis Harmony Phoenix Diamond Emerald Africa "
    "Continental Pacific Atlantic Eastern Western Northern Southern Coastal Highland Prime Elite Union Faith"
)
TRADES = _words("Trading Logistics Import Export Shipping Transport Services Enterprises Holdings General Freight")
FORMS = _words("Ltd SARL LLC SA GmbH Limited Plc")
COUNTRIES = ("SN", "ML", "GN", "NG", "KE", "SO", "SD", "EG", "MA", "CN", "RU", "BR")
_ONSETS = _words("b d f g h j k l m n p r s t v z ch sh kh ny mb nd ng")
_RIMES = _words("a e i o u an en in on ar el ou ai ia ua ama eni oko ula ide")


def _pool(head: list[str], size: int, seed: int) -> list[str]:
    """Return real names first (the commonest), then made-up ones from syllables, up to size."""
    rng = random.Random(seed)
    made = {(rng.choice(_ONSETS) + rng.choice(_RIMES) + rng.choice(_ONSETS) + rng.choice(_RIMES)).capitalize()
            for _ in range(size * 2)}
    tail = sorted(made - set(head))
    rng.shuffle(tail)
    return head + tail[: size - len(head)]


def _cumulative(pool: list[str], offset: int = 1) -> list[float]:
    """Return cumulative Zipf-Mandelbrot weights, 1/(rank + offset)."""
    return list(accumulate(1 / (rank + offset) for rank in range(len(pool))))


GIVEN_POOL = _pool(GIVEN, 3000, 1)
FAMILY_POOL = _pool(FAMILY, 20000, 2)
WORD_POOL = _pool(WORDS, 20000, 3)
_GIVEN_WEIGHTS, _FAMILY_WEIGHTS = _cumulative(GIVEN_POOL), _cumulative(FAMILY_POOL)
_WORD_WEIGHTS = _cumulative(WORD_POOL, offset=10)  # the commonest distinctive word in about 1 % of names


def persons(count: int, seed: int = 4) -> list[PersonFacts]:
    """Return a register of persons with skewed names and dates."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        given = rng.choices(GIVEN_POOL, cum_weights=_GIVEN_WEIGHTS, k=2)
        words = given[: 1 + (rng.random() < 0.4)] + rng.choices(FAMILY_POOL, cum_weights=_FAMILY_WEIGHTS)
        year = rng.randint(1950, 2004)
        dob: date | None = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
        if rng.random() < 0.05:
            dob = date(year, 1, 1)
        birth_year = None
        if rng.random() < 0.2:
            dob, birth_year = None, year
        out.append(PersonFacts(id=str(i), names=(" ".join(words),), date_of_birth=dob, birth_year=birth_year,
                               nationalities=(rng.choice(COUNTRIES),)))
    return out


def entities(count: int, seed: int = 4) -> list[EntityFacts]:
    """Return a register of companies with skewed names."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        words = rng.choices(WORD_POOL, cum_weights=_WORD_WEIGHTS, k=1 + (rng.random() < 0.5))
        words += [rng.choice(TRADES)] * (rng.random() < 0.8) + [rng.choice(FORMS)]
        out.append(EntityFacts(id=str(i), names=(" ".join(words),), country=rng.choice(COUNTRIES)))
    return out
