"""The total of a filtered list: exact, "more than" past the cap, or "about" when a large category drives it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from aiohttp.test_utils import TestClient

from node.appkeys import SERVICES
from store import seizures as repo
from tests.node.seizures.test_cases import create

DAYS = 60


async def test_counts_are_exact_capped_or_estimated_from_the_newest_cases(
        client: TestClient, admin_auth: dict[str, str], case_data: dict[str, Any]) -> None:
    # Sixty cases, one a day from 1 January 2025: every third found by the dog, every second from Angola.
    for day in range(DAYS):
        detection = {"method": "detector_dog" if day % 3 == 0 else "xray", "note": ""}
        route = {"departure": "AO" if day % 2 == 0 else "BR", "transit": [], "destination": "NA", "ports": []}
        await create(client, admin_auth, case_data, reference=f"C-{day:03d}", detection=detection, route=route,
                     date=(date(2025, 1, 1) + timedelta(days=day)).isoformat())
    runner = client.app[SERVICES].runner

    async def count(query: repo.SeizureQuery, **limits: int) -> repo.Count:
        return await runner.read(lambda db: repo.count(db, query, **limits))

    both = repo.SeizureQuery(facets=("cty:AO", "det:detector_dog"))  # every sixth day: 10 cases
    assert await count(both) == repo.Count(10)  # the dog's 20 rows fit in the budget: exact
    assert await count(both, cap=5) == repo.Count(5, capped=True)
    # A budget of the dog's 10 newest rows (days 57 down to 30) holds 5 from Angola: about 5 * 20 / 10.
    assert await count(both, budget=10, min_sample=1) == repo.Count(10, estimated=True)
    # Too few matches among those rows to extrapolate from: counted exactly.
    assert await count(both, budget=10) == repo.Count(10)
    # Within a period, the estimate scales by the facet's rows in it (13 from 21 January to 1 March).
    spring = repo.SeizureQuery(facets=("cty:AO", "det:detector_dog"), date_from="2025-01-21", date_to="2025-03-01")
    assert await count(spring, budget=10, min_sample=1) == repo.Count(round(5 * 13 / 10), estimated=True)
    assert await count(spring) == repo.Count(6)
    # Text alone is counted in the full-text index, without reading the cases.
    assert await count(repo.SeizureQuery(text='"cocaine"')) == repo.Count(DAYS)
    assert await count(repo.SeizureQuery(text='"cocaine"'), cap=50) == repo.Count(50, capped=True)

    page = await (await client.get("/api/v1/seizures", params={"country": "AO", "detection": "detector_dog"},
                                   headers=admin_auth)).json()
    assert page["total"] == 10 and not page["total_is_capped"] and not page["total_is_estimated"]
