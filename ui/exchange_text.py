"""What the exchange pages call things: handling codes, peer states, roles, record types, sync failures."""

from __future__ import annotations

from dataclasses import dataclass

from node.web.api.exchange import BROKEN, REFUSED, UNREACHABLE, error_reason
from protocol.text import N_


@dataclass(frozen=True, slots=True)
class HandlingCode:
    """A FIRST TLP 2.0 code with its label and one-line explanation (docs/protocol.md section 10)."""

    code: str
    label: str
    explanation: str


HANDLING: tuple[HandlingCode, ...] = (
    HandlingCode("red", N_("TLP:RED"), N_("For the named recipients only: not passed on, never relayed by a hub.")),
    HandlingCode("amber+strict", N_("TLP:AMBER+STRICT"), N_("The receiving administration only.")),
    HandlingCode("amber", N_("TLP:AMBER"), N_("The receiving administration and its national enforcement "
                                               "partners, on a need-to-know basis.")),
    HandlingCode("green", N_("TLP:GREEN"), N_("The enforcement community, but not the public.")),
    HandlingCode("clear", N_("TLP:CLEAR"), N_("No limit on disclosure.")),
)
HANDLING_BY_CODE = {h.code: h for h in HANDLING}
DEFAULT_HANDLING = "amber"

PEER_STATUS = {"paired": N_("Paired"), "pending": N_("Waiting for fingerprint confirmation"),
               "removed": N_("Removed")}
NODE_ROLES = {"national": N_("National administration"), "hub": N_("Regional hub"), "global": N_("Global CEN")}
RECORD_TYPES = {"seizure": N_("Seizure"), "person": N_("Person"), "entity": N_("Entity"),
                "tombstone": N_("Deleted by its origin")}
SCOPES = {"nominal": N_("Nominal (may name people and companies)"),
          "non_nominal": N_("Non-nominal (no names, documents or free text)")}
VERDICTS = {"equivocation": N_("Equivocation: the same revision with different content"),
            "fork": N_("Fork: two records with the same sequence number")}
_FAILURES = {
    REFUSED: N_("The administration's node refused the request."),
    BROKEN: N_("The administration's node answered something this node cannot read."),
    UNREACHABLE: N_("The administration's node could not be reached."),
}


def sync_failure(last_error: str) -> tuple[str, str]:
    """Return (translatable sentence, reason code) for a stored sync error; never the peer's own words."""
    kind, code = error_reason(last_error)
    return (_FAILURES[kind], code) if kind else ("", "")
