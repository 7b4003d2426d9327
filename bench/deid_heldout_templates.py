"""Held-out templates for bench/make_deid_set.py --heldout: other wording, other locales.

These are for measuring only. Rules are never tuned on the set they make (tests/data/deid_heldout.txt);
a miss there is fixed, if at all, by a rule about the world that the tuning set also needs.
"""

from __future__ import annotations

# some locales here are in neither the tuning set nor its list: Austrian, Croatian, Slovene, Zulu, NZ
HELDOUT_LOCALES = [
    "en_US",
    "en_GB",
    "en_NZ",
    "en_AU",
    "de_DE",
    "de_AT",
    "fr_FR",
    "nl_NL",
    "sv_SE",
    "no_NO",
    "da_DK",
    "fi_FI",
    "pl_PL",
    "cs_CZ",
    "hr_HR",
    "sl_SI",
    "it_IT",
    "es_ES",
    "pt_BR",
    "zu_ZA",
    "en_IN",
]

TEMPLATES: dict[str, list[str]] = {
    "interview": [
        "When I started at {company}, there were maybe fifteen of us, and {first} was the one "
        "who trained me.",
        "Her partner, {full}, came to the third session, which I had not expected at all.",
        "We drove out to {city} on a Saturday in 2017, just the two of us, and it rained the whole way.",
        "The clinic was on {street}, above a bakery, and you could smell bread in every session.",
        "I asked {first} whether she had told anyone, and she said only her cousin in {city}.",
        "My professor, Dr. {last}, said the same thing in 2012, that you never stop learning this.",
        "The hospital gave us a number to call, {phone}, but nobody picked up after 8 pm.",
        "So that was {date}, a Thursday, and I had four clients back to back.",
        "His son {first} was seven then, and he drew pictures of the house in {city} for me.",
        "One of the partners at {company}, {last}, offered me a job, but I wanted to finish the PhD first.",
        "Her file said {id}, and the consent was signed by her father, {full}.",
    ],
    "interview spoken": [
        "he said text me on {phone} whenever you're free",
        "the form goes to {email}, that's what the coordinator told us",
        "i found them on {url}, the page with the volunteer hours",
        "my student number is {id}, if that helps",
        "we had the memorial on {date} and the whole family came from {city}",
        "and {first} goes, you're not my mother, and walks out",
        "i interned at {company} over in {city} for two summers",
    ],
    "message": [
        "{first}, running 10 min late, order me a coffee pls",
        "Confirmed: {full} at {address} on {date}. Call {phone} to reschedule.",
        "From {company}: your parcel is waiting at {street}. Opening hours 9-17, Mon-Sat.",
        "Good morning {first}, the report is attached. Best, {full} | {company} | {phone}",
        "Can someone pick up {first} from {city} station at 7? Her number is {phone}.",
        "Your booking ref {id} for 2 adults is confirmed. Questions: {email}",
        "{full} left {company} in March and now runs a small shop in {city}.",
        "Lunch at {address}? My treat. Text me at {phone}.",
    ],
    "form": [
        "Full name: {full}\nStreet: {address}\nCity: {city} {postcode}\nMobile: {phone}\nEmail: {email}",
        "Next of kin: {full}, {phone}",
        "Company: {company}; Contact: {first} {last}; Web: {url}; Tel: {phone}",
        "Resident: {full}\nHome address: {address}, {city}\nDate of birth: {date}\nNational ID: {id}",
        "Billing: {company}, {address}, {postcode} {city}",
    ],
}
