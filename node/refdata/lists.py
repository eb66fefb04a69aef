"""The code lists of seizure cases, persons and entities, with English labels (translated through the catalogue).

Fixed lists mirror the vocabularies in protocol/records/: every node understands them. Extendable
lists start with these built-in entries; administrators add entries (with English and French labels) or
retire built-in ones in Admin → Reference lists. Codes are what is stored and exchanged, labels only shown.
"""

from __future__ import annotations

from protocol.records import parts, person, seizure
from protocol.text import N_

FIXED: dict[str, dict[str, str]] = {
    "status": {"draft": N_("Draft"), "confirmed": N_("Confirmed"), "closed": N_("Closed")},
    "offence_type": {
        "smuggling": N_("Smuggling"),
        "misdeclaration_value": N_("Misdeclaration of value"),
        "misdeclaration_origin": N_("Misdeclaration of origin"),
        "misdeclaration_quantity": N_("Misdeclaration of quantity"),
        "misdeclaration_description": N_("Misdeclaration of description"),
        "ipr_infringement": N_("IPR infringement"),
        "undeclared_currency": N_("Undeclared currency"),
        "prohibited_restricted": N_("Prohibited or restricted goods"),
        "cites_violation": N_("CITES violation"),
        "other": N_("Other offence"),
    },
    "category": {
        "drugs": N_("Drugs"),
        "precursors": N_("Precursors and chemicals"),
        "tobacco": N_("Tobacco"),
        "alcohol": N_("Alcohol"),
        "cites": N_("CITES / wildlife"),
        "ipr": N_("IPR / counterfeit"),
        "weapons": N_("Weapons and ammunition"),
        "currency": N_("Currency"),
        "cultural_goods": N_("Cultural goods"),
        "revenue_other": N_("Revenue / other"),
    },
    "mode": {
        "sea_container": N_("Sea, container"),
        "sea_other": N_("Sea, other"),
        "air_cargo": N_("Air cargo"),
        "air_passenger": N_("Air passenger"),
        "road": N_("Road"),
        "rail": N_("Rail"),
        "postal": N_("Postal"),
        "express_courier": N_("Express courier"),
        "pedestrian": N_("Pedestrian"),
    },
    "transport_document": {
        "bill_of_lading": N_("Bill of lading"),
        "air_waybill": N_("Air waybill"),
        "road_consignment_note": N_("Road consignment note (CMR)"),
        "rail_consignment_note": N_("Rail consignment note (CIM)"),
        "postal_declaration": N_("Postal declaration"),
        "courier_waybill": N_("Courier waybill"),
        "other": N_("Other document"),
    },
    "cites_appendix": {"I": N_("Appendix I"), "II": N_("Appendix II"), "III": N_("Appendix III")},
    "handling_code": {
        "H0": N_("H0 — may be used in judicial proceedings"),
        "H1": N_("H1 — not for judicial proceedings without the provider's permission"),
        "H2": N_("H2 — not to be passed on without the provider's permission"),
        "H3": N_("H3 — other restrictions (see note)"),
    },
    "sharing": {
        "national": N_("National only"),
        "partners": N_("Paired administrations"),
        "region": N_("The region"),
        "international": N_("All administrations"),
    },
    "party_kind": {"person": N_("Person"), "entity": N_("Company or organisation")},
    # persons and entities
    "sex": {"F": N_("Female"), "M": N_("Male"), "X": N_("Unspecified")},
    "reliability": {
        "A": N_("A — always reliable"), "B": N_("B — mostly reliable"), "C": N_("C — not reliable"),
        "X": N_("X — reliability not assessed"),
    },
    "assessment": {
        "1": N_("1 — known to be true without reservation"),
        "2": N_("2 — known personally to the source, not to the officer"),
        "3": N_("3 — not known personally to the source, corroborated"),
        "4": N_("4 — cannot be judged"),
    },
    "picture_kind": {"photo": N_("Photo"), "document": N_("Scanned document")},
}

EXTENDABLE: dict[str, dict[str, str]] = {
    "detection_method": {
        "risk_profile": N_("Risk profile / targeting"),
        "intelligence": N_("Intelligence"),
        "random": N_("Random selection"),
        "routine": N_("Routine control"),
        "xray": N_("X-ray / scanner"),
        "detector_dog": N_("Detector dog"),
        "physical_examination": N_("Physical examination"),
        "document_check": N_("Document check"),
        "other": N_("Other method"),
    },
    "concealment_method": {
        "in_cargo": N_("In cargo"),
        "false_compartment": N_("False compartment"),
        "natural_cavity": N_("Natural cavity"),
        "in_baggage": N_("In baggage"),
        "on_body": N_("On the body"),
        "internal": N_("Internal (swallowed)"),
        "in_postal_item": N_("In a postal item"),
        "other": N_("Other concealment"),
    },
    "unit": {
        "kg": N_("kg"), "g": N_("g"), "t": N_("tonnes"), "l": N_("litres"), "ml": N_("ml"),
        "pieces": N_("pieces"), "cartons": N_("cartons"), "packs": N_("packs"), "sticks": N_("sticks"),
        "heads": N_("heads"), "pairs": N_("pairs"), "m2": N_("m²"), "m3": N_("m³"),
    },
    "outcome": {
        "penalty": N_("Penalty"),
        "prosecution": N_("Prosecution"),
        "arrest": N_("Arrest"),
        "goods_destroyed": N_("Goods destroyed"),
        "goods_forfeited": N_("Goods forfeited"),
        "goods_released": N_("Goods released"),
        "under_investigation": N_("Under investigation"),
        "other": N_("Other outcome"),
    },
    "party_role": {
        "driver": N_("Driver"), "passenger": N_("Passenger"), "crew": N_("Crew member"),
        "consignor": N_("Consignor"), "consignee": N_("Consignee"), "declarant": N_("Declarant"),
        "owner": N_("Owner"), "carrier": N_("Carrier"), "importer": N_("Importer"), "exporter": N_("Exporter"),
        "customs_broker": N_("Customs broker"), "freight_forwarder": N_("Freight forwarder"),
        "sender": N_("Sender"), "recipient": N_("Recipient"), "other": N_("Other role"),
    },
    "drug_type": {
        "cannabis_herb": N_("Cannabis (herb)"), "cannabis_resin": N_("Cannabis (resin)"), "cocaine": N_("Cocaine"),
        "heroin": N_("Heroin"), "opium": N_("Opium"), "methamphetamine": N_("Methamphetamine"),
        "amphetamine": N_("Amphetamine"), "mdma": N_("MDMA / ecstasy"), "captagon": N_("Captagon"),
        "khat": N_("Khat"), "tramadol": N_("Tramadol"), "fentanyl": N_("Fentanyl"), "ketamine": N_("Ketamine"),
        "nps": N_("New psychoactive substance"), "other": N_("Other drug"),
    },
    "weapon_type": {
        "pistol": N_("Pistol / revolver"), "rifle": N_("Rifle"), "shotgun": N_("Shotgun"),
        "automatic": N_("Automatic weapon"), "ammunition": N_("Ammunition"), "parts": N_("Parts and components"),
        "explosives": N_("Explosives"), "bladed": N_("Bladed weapon"), "other": N_("Other weapon"),
    },
    "office": {},
    # persons and entities
    "identity_document_type": {
        "passport": N_("Passport"), "national_id": N_("National identity card"),
        "residence_permit": N_("Residence permit"), "driving_licence": N_("Driving licence"),
        "travel_document": N_("Travel document (refugee, stateless)"),
        "seafarer_id": N_("Seafarer's identity document"),
        "voter_card": N_("Voter card"), "other": N_("Other document"),
    },
    "legal_form": {
        "sole_trader": N_("Sole trader"), "partnership": N_("Partnership"),
        "private_limited": N_("Private limited company (Ltd, SARL, GmbH…)"),
        "public_limited": N_("Public limited company (Plc, SA, AG…)"), "llc": N_("Limited liability company (LLC)"),
        "cooperative": N_("Cooperative"), "branch": N_("Branch of a foreign company"),
        "state_owned": N_("State-owned enterprise"), "association": N_("Association or NGO"), "other": N_("Other form"),
    },
    "entity_type": {
        "importer": N_("Importer"), "exporter": N_("Exporter"), "customs_broker": N_("Customs broker"),
        "freight_forwarder": N_("Freight forwarder"), "carrier": N_("Carrier"), "shipping_agent": N_("Shipping agent"),
        "warehouse": N_("Warehouse operator"), "manufacturer": N_("Manufacturer"), "wholesaler": N_("Wholesaler"),
        "retailer": N_("Retailer"), "money_transfer": N_("Money transfer or exchange"),
        "shell_company": N_("Shell company"), "front_company": N_("Front company"), "other": N_("Other type"),
    },
    "tax_id_scheme": {
        "tin": N_("TIN (taxpayer identification number)"), "vat": N_("VAT number"),
        "eori": N_("EORI number"), "trader_id": N_("Customs trader number"), "nif": N_("NIF"),
        "ninea": N_("NINEA"), "other": N_("Other identifier"),
    },
    "link_role": {
        "director": N_("Director"), "owner": N_("Owner"), "shareholder": N_("Shareholder"),
        "manager": N_("Manager"), "employee": N_("Employee"), "representative": N_("Legal representative"),
        "agent": N_("Agent"), "other": N_("Other role"),
    },
}

# Which extendable list checks which field of a case.
FIELD_LISTS: dict[str, str] = {
    "detection.method": "detection_method",
    "concealment.method": "concealment_method",
    "commodities.*.unit": "unit",
    "commodities.*.drug_type": "drug_type",
    "commodities.*.weapon_type": "weapon_type",
    "outcome.types": "outcome",
    "parties.*.role": "party_role",
    "office.code": "office",
}

# Which extendable list checks which field of a person or an entity.
PERSON_FIELD_LISTS: dict[str, str] = {"documents.*.type": "identity_document_type"}
ENTITY_FIELD_LISTS: dict[str, str] = {
    "legal_form": "legal_form", "types": "entity_type", "tax_ids.*.scheme": "tax_id_scheme",
    "persons.*.role": "link_role",
}

_FIXED_CODES = {
    "status": seizure.STATUSES, "offence_type": seizure.OFFENCE_TYPES, "category": seizure.CATEGORIES,
    "mode": seizure.MODES, "transport_document": seizure.TRANSPORT_DOCUMENT_TYPES,
    "cites_appendix": seizure.CITES_APPENDICES, "handling_code": seizure.HANDLING_CODES,
    "sharing": seizure.SHARING_SCOPES, "party_kind": seizure.PARTY_KINDS,
    "sex": person.SEXES, "reliability": parts.RELIABILITY, "assessment": parts.ASSESSMENT,
    "picture_kind": parts.PICTURE_KINDS,
}
# The labels must cover exactly the protocol's vocabularies; a mismatch is a programming error found at import.
for _name, _codes in _FIXED_CODES.items():
    if set(FIXED[_name]) != set(_codes):
        raise RuntimeError(f"labels of list {_name} do not match the protocol vocabulary")
