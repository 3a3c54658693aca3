"""Dates that matter in the room: days to renewal, and where the vendor is in its fiscal year."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class FiscalPosition:
    """Where a day falls in the vendor's fiscal year."""

    fiscal_year: int  # named by the calendar year in which it ends (FY27 ends in 2027)
    quarter: int  # 1-4
    quarter_end: date
    days_to_quarter_end: int
    year_end: date
    days_to_year_end: int

    @property
    def label(self) -> str:
        """e.g. ``FY27 Q2``."""
        return f"FY{self.fiscal_year % 100:02d} Q{self.quarter}"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def fiscal_position(day: date, year_end: str) -> FiscalPosition:
    """Fiscal year, quarter and their ends for ``day``, given the year end as ``MM-DD``.

    The year end is taken as the end of its month (quarters end on month ends).
    """
    end_month = int(year_end.split("-")[0])
    fy_end_year = day.year if day.month <= end_month else day.year + 1
    fy_end = _month_end(fy_end_year, end_month)
    for quarter in range(1, 5):
        months_before_end = 3 * (4 - quarter)
        month_index = fy_end_year * 12 + (end_month - 1) - months_before_end
        q_end = _month_end(month_index // 12, month_index % 12 + 1)
        if day <= q_end:
            return FiscalPosition(fy_end_year, quarter, q_end, (q_end - day).days,
                                  fy_end, (fy_end - day).days)
    raise AssertionError("unreachable: the fiscal year end is always a quarter end")
