"""The native CSV format and the mapping file, without a node: cells, round trip, mapping errors, countries."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from node.services.seizure_csv import (
    COLUMNS,
    case_rows,
    column_of,
    format_parties,
    format_ports,
    neutralise,
    parse_parties,
    parse_ports,
    restore,
    rows_to_case,
    split_items,
)
from node.services.seizure_import import CaseReader
from node.services.seizure_mapping import ImportRefused, country_code, load_mapping
from protocol.records.seizure import normalise_seizure

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"


def test_a_case_survives_rows_and_back(case_data: dict[str, Any]) -> None:
    case_data["parties"].append({"kind": "entity", "role": "owner", "name": "Semi; colon: Ltd \\ Co", "ref": "E-7"})
    case_data["route"]["ports"] = [{"locode": "BRSSZ", "name": ""}, {"locode": "NAWVB", "name": "Walvis Bay"},
                                   {"locode": "", "name": "LAGOS"}, {"locode": "", "name": "Port: Louis"}]
    case_data["narrative"] = "=HYPERLINK(\"x\") and a line\nbreak"
    body = normalise_seizure(case_data)
    rows = case_rows(body)
    assert len(rows) == 2 and list(rows[0]) == list(COLUMNS)
    assert rows[0]["parties"].startswith("person/driver: Johannes Amupolo; entity/consignee: Kalahari")
    # Through real CSV text, with the export's formula neutralisation and the import's undoing of it.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows([[neutralise(row[c]) for c in COLUMNS] for row in rows])
    assert "'=HYPERLINK" in buffer.getvalue()
    reader = CaseReader(io.BytesIO(buffer.getvalue().encode()))
    [pending] = reader.next_batch()
    assert pending.item.errors == {} and pending.rows == (1, 2)
    assert normalise_seizure(pending.item.data) == body


def test_cells_split_escape_and_neutralise() -> None:
    assert split_items("ZA;BW") == ["ZA", "BW"] and split_items(" ZA ; ;BW ") == ["ZA", "BW"]
    assert split_items("a\\;b;c") == ["a\\;b", "c"]
    parties, problem = parse_parties("driver: John Smith; entity/consignee#C-1: ACME\\; Ltd")
    assert problem is None
    assert parties == [{"kind": "person", "role": "driver", "name": "John Smith", "ref": ""},
                       {"kind": "entity", "role": "consignee", "name": "ACME; Ltd", "ref": "C-1"}]
    assert format_parties(parties) == "person/driver: John Smith; entity/consignee#C-1: ACME\\; Ltd"
    assert parse_parties("John Smith")[1] is not None
    ports = [{"locode": "NAWVB", "name": ""}, {"locode": "", "name": "Walvis Bay"}, {"locode": "", "name": "LAGOS"}]
    assert format_ports(ports) == "NAWVB; Walvis Bay; : LAGOS" and parse_ports(format_ports(ports)) == ports
    for text in ("=1+1", "+27 61", "-5", "@SUM(A1)", "'=x", "''+y", "plain", "'quoted", ""):
        assert restore(neutralise(text)) == text
        assert neutralise(text)[:1] not in ("=", "+", "-", "@")
    assert column_of("commodities.2.quantity") == ("quantity", 2)
    assert column_of("conveyance.container_numbers.0") == ("container_numbers", None)
    assert column_of("parties.1.name") == ("parties", None) and column_of("office.locode") == ("office_locode", None)


def test_later_rows_may_repeat_or_omit_case_fields_but_not_contradict_them() -> None:
    first = {"reference": "R1", "date": "2026-01-02", "category": "drugs"}
    data, errors = rows_to_case([first, {"reference": "R1", "category": "tobacco"}], numbers=(4, 5))
    assert errors == {} and [line["category"] for line in data["commodities"]] == ["drugs", "tobacco"]
    _, errors = rows_to_case([first, {"reference": "R1", "date": "2026-01-03", "category": "x"}], numbers=(4, 5))
    assert errors["date"].params == {"row": 5}
    _, errors = rows_to_case([{"reference": "R1", "handling_onward": "perhaps"}])
    assert "handling.onward" in errors


@pytest.mark.parametrize(("text", "code"), [
    ("Nigeria", "NG"), ("NIGERIA", "NG"), ("NGA", "NG"), ("ng", "NG"), (" Afrique du Sud ", "ZA"),
    ("Côte d’Ivoire", "CI"), ("cote d'ivoire", "CI"), ("Namibie", "NA"), ("United States of America", "US"),
    ("U.S.A.", "US"), ("Allemagne", "DE"), ("Atlantis", None),
])
def test_country_names_and_codes_become_alpha_2(text: str, code: str | None) -> None:
    assert country_code(text) == code


@pytest.mark.parametrize(("text", "fragment"), [
    ('reference = "Case"\nsheet = 2', "Unknown key sheet"),
    ('reference = "Case"\n[columns]\n"Qty" = "amount"',
     "Key columns.Qty of the mapping file names amount, which is not a native column"),
    ('reference = "Case"\n[defaults]\ncolour = "red"', "Key defaults.colour of the mapping file names colour"),
    ('reference = "Case"\n[values.mode]\nAIR = "air_cargo"', "Key values.mode of the mapping file names mode"),
    ('[columns]\n"Qty" = "quantity"', "no column with the case reference"),
    ('reference = "Case"\n[columns]\n"A" = "date"\n"B" = "date"', "date is mapped from both A and B"),
    ('reference = "Case"\ndecimal_comma = "yes"', "decimal_comma of the mapping file must be true or false"),
    ('reference = "Case"\nencoding = "klingon"', "Unknown encoding klingon"),
    ('reference = "Case"\n[parties]\n"Driver" = "alien/driver"', "parties.Driver"),
    ("reference = ", "not valid TOML"),
])
def test_mapping_mistakes_name_the_key(text: str, fragment: str) -> None:
    with pytest.raises(ImportRefused) as caught:
        load_mapping(text)
    assert fragment in str(caught.value)


def test_the_documented_example_mapping_loads() -> None:
    mapping = load_mapping((EXAMPLES / "legacy-mapping.toml").read_bytes())
    assert mapping.columns["Case No"] == "reference" and mapping.decimal_comma
    assert mapping.values["conveyance_mode"]["airfreight"] == "air_cargo"
    assert mapping.parties["Driver"] == ("person", "driver")
