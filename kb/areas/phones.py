"""UK phone numbers of area contacts, parsed and validated by ``phonenumbers``."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat

# Ofcom keeps 01632 960000 to 960999 for drama: made-up areas in tests and
# benchmarks use it, and published guidance never may.
DRAMA_PREFIX, DRAMA_FIRST, DRAMA_LAST = "+441632", 960000, 960999


@dataclass(frozen=True)
class Phone:
    shown: str  # as the body's page writes it, spaces tidied: "028 9504 9999"
    dial: str  # for tel: links: "+442895049999", "101"
    drama: bool = False  # in Ofcom's drama range


def parse_uk(text: str) -> Phone | str:
    """The number, or why it is not a UK number a practitioner can ring. It is
    shown as the body's page writes it, so an editor can check it digit for
    digit; ``dial`` is the form a phone needs."""
    if len(text) > 40:
        return "expected a phone number of at most 40 characters"
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException as exc:
        return f"'{text}' is not a phone number ({exc._msg})"
    if number.country_code != 44:
        return f"'{text}' is not a UK number"
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    written = " ".join(text.split())
    short = len(str(number.national_number)) <= 6
    if short and phonenumbers.is_valid_short_number(number):
        return Phone(str(number.national_number), str(number.national_number))
    if _drama(e164):
        return Phone(written, e164, drama=True)
    if not phonenumbers.is_valid_number(number):
        return (f"'{text}' is not a valid UK number: check the digits against the "
                "body's own page")
    return Phone(written, e164)


def _drama(e164: str) -> bool:
    tail = e164[len(DRAMA_PREFIX):]
    return (e164.startswith(DRAMA_PREFIX) and tail.isdigit()
            and DRAMA_FIRST <= int(tail) <= DRAMA_LAST)
