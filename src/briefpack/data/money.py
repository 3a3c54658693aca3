"""Money as offers and prices are written: an ISO 4217 currency code and exact decimal amounts.

Amounts are :class:`decimal.Decimal`, never floats: a price of 46.74 stays 46.74, and a total is
rounded once, to the currency's minor unit, half up (0.005 becomes 0.01), as an invoice rounds.
The minor units are ISO 4217's (USD, EUR, GBP 2; JPY 0; KWD 3), kept here as a small table
rather than taken from a library: the one that carries them (Babel, from CLDR) is a large
dependency whose CLDR "digits" differ from ISO 4217 for some currencies, and an unknown code is
better refused than guessed. Converting between currencies is never done: an offer and what it
is compared with are in one currency, or that is an error.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import AfterValidator, Field, WithJsonSchema

# ISO 4217 minor units (the number of decimal places of the currency's minor unit)
MINOR_UNITS: dict[str, int] = {
    "AED": 2, "AUD": 2, "BHD": 3, "BRL": 2, "CAD": 2, "CHF": 2, "CLP": 0, "CNY": 2, "CZK": 2,
    "DKK": 2, "EUR": 2, "GBP": 2, "HKD": 2, "HUF": 2, "IDR": 2, "ILS": 2, "INR": 2, "ISK": 0,
    "JOD": 3, "JPY": 0, "KRW": 0, "KWD": 3, "MXN": 2, "MYR": 2, "NOK": 2, "NZD": 2, "OMR": 3,
    "PHP": 2, "PLN": 2, "QAR": 2, "RON": 2, "SAR": 2, "SEK": 2, "SGD": 2, "THB": 2, "TND": 3,
    "TRY": 2, "TWD": 2, "USD": 2, "VND": 0, "ZAR": 2,
}


def currency_code(value: str) -> str:
    """An ISO 4217 code briefpack knows the minor unit of (usd is read as USD)."""
    code = str(value).strip().upper()
    if code not in MINOR_UNITS:
        raise ValueError(f"unknown currency '{value}': expected an ISO 4217 code, one of "
                         f"{', '.join(MINOR_UNITS)}")
    return code


Currency = Annotated[str, AfterValidator(currency_code), Field(
    description="ISO 4217 currency code (USD, EUR, GBP, JPY, ...)")]
_MONEY_TEXT = "an amount, written as a plain number (46.74)"
# Its JSON schema is written out, not left to pydantic, whose versions describe a Decimal
# differently (2.14 drops the string pattern): the shipped schemas must not change with them.
_MONEY_SCHEMA = {"anyOf": [{"minimum": 0.0, "type": "number"},
                           {"pattern": r"^(?!^[-+.]*$)[+-]?0*\d*\.?\d*$", "type": "string"}],
                 "description": _MONEY_TEXT}
Money = Annotated[Decimal, Field(ge=0, allow_inf_nan=False, description=_MONEY_TEXT),
                  WithJsonSchema(_MONEY_SCHEMA)]


def minor_units(currency: str) -> int:
    """Decimal places of ``currency``'s minor unit: 2 for USD, 0 for JPY."""
    return MINOR_UNITS[currency]


def rounded(amount: Decimal, currency: str) -> Decimal:
    """``amount`` rounded to ``currency``'s minor unit, half up: 12.345 USD is 12.35."""
    return amount.quantize(Decimal(1).scaleb(-minor_units(currency)), rounding=ROUND_HALF_UP)


def fits_minor_units(amount: Decimal, currency: str) -> bool:
    """Whether ``amount`` is a whole number of ``currency``'s minor unit (a total can be paid:
    19094400.00 USD yes, 12.345 USD or 100.5 JPY no)."""
    return rounded(amount, currency) == amount


def amount_text(amount: Decimal, currency: str) -> str:
    """``amount`` as printed, grouped by thousands, to the minor unit: ``11,441,952.00``;
    a negative amount with a minus sign (−)."""
    value = rounded(amount, currency)
    text = f"{abs(value):,.{minor_units(currency)}f}"
    return f"−{text}" if value < 0 else text


def price_text(amount: Decimal, currency: str) -> str:
    """A unit price as printed: to the minor unit, or with more places when it has them
    (0.0184)."""
    places = max(minor_units(currency), -amount.normalize().as_tuple().exponent)
    return f"{amount:,.{places}f}"


def percent_text(fraction: Decimal, places: int = 1) -> str:
    """``Decimal('0.18')`` as ``18.0%`` (half up); a negative share with a minus sign."""
    value = (fraction * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"−{abs(value)}%" if value < 0 else f"{value}%"
