"""Every channel gets the shared cases: signatures where signed, empty, missing, huge, badly
encoded, emoji, SQL metacharacters and markup. No case may give a 5xx, lose or corrupt data.
(Each channel's own refusals are a table in its own test file, checked the same way.)"""

from __future__ import annotations

import pytest
from harness import DRIVERS, check_case, shared_cases

CASES = [(driver, case) for driver in DRIVERS for case in shared_cases(driver)]


@pytest.mark.parametrize("driver,case", CASES, ids=["%s: %s" % (d.name, c.label) for d, c in CASES])
def test_shared_case(signed_app, signed_client, driver, case):
    check_case(signed_app, signed_client, driver, case)
