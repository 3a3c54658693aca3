"""The vendor's fiscal calendar: Microsoft's year ends 30 June; quarters end on month ends."""

from datetime import date

import pytest

from briefpack.packs.fiscal import fiscal_position


@pytest.mark.parametrize("day, label, quarter_end, days", [
    (date(2026, 12, 3), "FY27 Q2", date(2026, 12, 31), 28),
    (date(2026, 7, 1), "FY27 Q1", date(2026, 9, 30), 91),
    (date(2027, 4, 1), "FY27 Q4", date(2027, 6, 30), 90),
    (date(2027, 6, 30), "FY27 Q4", date(2027, 6, 30), 0),
    (date(2027, 1, 1), "FY27 Q3", date(2027, 3, 31), 89),
])
def test_microsoft_quarters(day, label, quarter_end, days):
    pos = fiscal_position(day, "06-30")
    assert (pos.label, pos.quarter_end, pos.days_to_quarter_end) == (label, quarter_end, days)
    assert pos.year_end == date(2027, 6, 30)


def test_calendar_year_vendor():
    pos = fiscal_position(date(2026, 11, 25), "12-31")
    assert (pos.label, pos.quarter_end) == ("FY26 Q4", date(2026, 12, 31))
