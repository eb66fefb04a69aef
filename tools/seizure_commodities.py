"""The commodity lines of seizure cases: what was found, how much of it and what it is worth.

``commodity_line`` draws one line for a kind of goods, with a quantity that has a long tail, the CITES appendix
of the day for wildlife, and a value as an officer estimates it; ``quantity_text`` states a line as a narrative
does; ``bulky`` and ``containers_for`` tell what a line's quantity means for the way it travelled.
"""

from __future__ import annotations

import math
from datetime import date
from random import Random
from typing import Any

from tools.seizure_tables import CURRENCY_RATES, DENOMINATIONS, SMALL, USD_RATE_BY_YEAR, Goods, weighted

COUNT_UNITS = {"pieces": ("", ""), "pairs": ("pair", "pairs"), "heads": ("head", "head"),
               "cartons": ("carton", "cartons"), "sticks": ("stick", "sticks"), "packs": ("pack", "packs")}
BODY_LIMITS = {"kg": 4, "l": 2, "cartons": 4, "sticks": 800, "pieces": 60, "pairs": 4, "heads": 2, "m3": 0}
BAGGAGE_LIMITS = {"kg": 45, "l": 25, "cartons": 40, "sticks": 8000, "pieces": 2000, "pairs": 40, "heads": 10,
                  "m3": 0}


def round_value(value: float) -> int:
    """Round a value to two or three significant digits, as officers estimate."""
    if value < 100:
        return max(1, int(value))
    digits = int(math.log10(value)) - 1
    return int(round(value / 10**digits) * 10**digits)


def _decimal(number: float) -> str:
    text = f"{number:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def _quantity(rng: Random, goods: Goods, mode: str) -> float:
    median = goods.sizes[SMALL[mode]]
    value = median * math.exp(rng.gauss(0, goods.sigma))
    if goods.unit in ("heads", "pieces", "pairs", "cartons"):
        return float(max(1, round(value)))
    return max(10 ** -goods.decimals, round(value, goods.decimals))


def _appendix(rule: str, day: date, path: list[str]) -> str:
    if rule == "P":  # pangolins and grey parrots moved to Appendix I on 2 January 2017
        return "I" if day >= date(2017, 1, 2) else "II"
    if rule == "I*":  # elephants of Botswana, Namibia, South Africa and Zimbabwe are in Appendix II
        return "II" if path[0] in ("BW", "NA", "ZA", "ZW") else "I"
    return rule


def commodity_line(rng: Random, goods: Goods, mode: str, day: date, path: list[str], home_currency: str, *,
                   swallowed: bool = False) -> dict[str, Any]:
    """Return a commodity line of these goods, valued in ``home_currency`` or in US dollars."""
    quantity = round(rng.uniform(0.25, 1.3), 3) if swallowed else _quantity(rng, goods, mode)
    line: dict[str, Any] = {"category": goods.category}
    brand = rng.choice(goods.extra["brands"]) if "brands" in goods.extra else ""
    count = max(1, round(quantity / goods.extra.get("per_piece", 1)))
    fill: dict[str, Any] = {"brand": brand, "count": count, "s": "" if count == 1 else "s"}
    if goods.category == "currency":
        currency = weighted(rng, {"USD": 40, "EUR": 10, "ZAR": 15, home_currency: 15, "AOA": 8, "CNY": 5, "GBP": 4,
                                  "AED": 3})
        amount = round_value(quantity * CURRENCY_RATES.get(currency, 1.0))
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
        line["cites_appendix"] = _appendix(appendix, day, path)
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
            rate = USD_RATE_BY_YEAR.get(day.year, 16.0) if home_currency in ("NAD", "ZAR") else \
                CURRENCY_RATES.get(home_currency, 1.0)
            line |= {"value": str(round_value(value_usd * rate)), "currency": home_currency}
        else:
            line |= {"value": str(round_value(value_usd)), "currency": "USD"}
    return line


def quantity_text(line: dict[str, Any]) -> str:
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


def bulky(line: dict[str, Any], concealment: str) -> bool:
    """Tell whether a commodity line is too much to carry on the body (or in a suitcase)."""
    if line["category"] == "currency" or not line.get("quantity"):
        return False
    limits = BODY_LIMITS if concealment == "on_body" else BAGGAGE_LIMITS
    return float(line["quantity"]) > limits.get(line["unit"], math.inf)


def containers_for(line: dict[str, Any]) -> int:
    """Return how many containers a commodity line fills at least."""
    per_box = {"m3": 25.0, "kg": 22000.0, "l": 20000.0, "t": 22.0}.get(line.get("unit", ""))
    return math.ceil(float(line["quantity"]) / per_box) if per_box and line.get("quantity") else 1
