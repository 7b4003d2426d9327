"""Generate a broad, marked de-identification set from Faker data in many locales.

    .venv/bin/python bench/make_deid_set.py OUT.txt [--n 1000] [--seed 13] [--heldout | --unseen]

The tuning set (default) uses the templates below; ``--heldout`` uses bench/deid_heldout_templates.py,
written separately and with other wording, so that a rule tuned on one set can be checked on the other;
``--unseen`` uses bench/deid_unseen_templates.py, written later still, with locales neither of the
others has. The committed samples are tests/data/deid_generated.txt (seed 13, tuning templates),
tests/data/deid_heldout.txt (seed 2024, held-out templates) and tests/data/deid_unseen.txt (--n 600
--seed 8191, unseen templates; measured before and after a round of work, never tuned on).

Templates mix identifiers with what must stay: years, counts, times, money, weekdays, countries, role
words and ordinary capitalised words.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from deid_fill import generate

TEMPLATES: dict[str, list[str]] = {
    "interview": [
        "My client {first} had just moved from {city}, and she was living with her aunt for "
        "about three months.",
        "I did my first placement at {company} in {city}, and my supervisor there, {full}, was very patient.",
        "So her husband {first} called the clinic on a Tuesday, which was unusual, and asked for me by name.",
        "We met at the office on {street} every week in 2019, and honestly it was the best part of my year.",
        "There was this guy named {first} {last} in my cohort, and we used to drive to {city} together.",
        "{first}, I said, you don't have to tell me everything today. We have twelve sessions.",
        "Her brother worked at {company} for like ten years before they let him go in 2015.",
        "I remember it was {date}, because that was the week my grandmother got sick.",
        "The intake form had her number, {phone}, and I called it twice before anyone answered.",
        "My supervisor, Dr. {last}, told me to write it down and bring it to supervision on Friday.",
        "He grew up in a small village called {city}, near the border, and his parents still farm there.",
        "Honestly {first} was one of the hardest clients I had in my second year, and I think "
        "about her a lot.",
        "They referred her to {company}, and the case worker there, Ms. {last}, followed up within a week.",
        "We talked about Canada and Germany, about how different the systems are, and then she "
        "mentioned {city}.",
        "My client's record number was {id}, and I had to redact it from every page before the audit.",
        "I wrote to him at {email} and he answered at 11:30 at night, which worried me.",
        "Her mom lives at {address} and she goes there every Sunday, even though it takes two hours.",
        "And {last} from the admin office, she was the one who finally got the paperwork through.",
    ],
    "interview spoken": [
        "she gave me her number, it's {phone}, and said to call after six",
        "um my email is {email} if you need to send the consent form",
        "the website is {url} and they post the group times there",
        "uh her case number was {id}, i think, or something close to that",
        "it was {date}, i remember because it was right before the exam",
        "so i was working with {first} and, like, he was really quiet the first four sessions",
        "my client {first} {last} was from {city}, and she missed her family a lot",
        "we were at {company} for the training, about forty of us, and it was in {city}",
        "you can reach the office on {phone} between nine and five on weekdays",
        "i sent it to {email} on monday and never heard back",
    ],
    "message": [
        "Hi {first}, can you call me back on {phone}? Thanks, {full}",
        "Please send the signed form to {email} by {date}. Kind regards, {full}, {company}",
        "Meeting moved to {address}, {city}. Parking is free after 6 pm.",
        "Dear Mr. {last}, your appointment with {company} is confirmed for {date} at 10:15.",
        "{first} - the courier could not deliver to {street}. Please call {phone}.",
        "Thanks for your order of 3 items (total €45.90). Questions? Write to {email} or visit {url}.",
        "New contact: {full}, {company}, mobile {phone}, email {email}.",
        "Hey it's {first}, lost my phone, new number is {phone}",
        "Reminder: your reference number is {id}. Keep it for the next 12 months.",
        "{full} ({company}) wants to connect. She lives in {city} and works in sales.",
        "Invoice from {company}: 2 hours of consulting, $240, due in 30 days. Contact {email}.",
        "The package for {full} was left with a neighbour at {address}.",
    ],
    "form": [
        "Name: {full}\nAddress: {address}\nPostcode: {postcode}\nTown: {city}\nPhone: {phone}",
        "Employer: {company}\nPosition: nurse\nStart date: {date}\nWork phone: {phone}",
        "Patient: {full}, date of birth {date}, ID {id}, referred by {company}",
        "Emergency contact: {first} {last} (sister), {phone}, {email}",
        "Ship to: {full}, {address}, {postcode} {city}",
        "Applicant {full} from {city}; current employer {company}; website {url}",
        "Contact person: {full} | Tel. {phone} | E-mail: {email} | Office: {street}",
    ],
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=13)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--heldout", action="store_true", help="use the held-out templates")
    which.add_argument("--unseen", action="store_true", help="use the second held-out (unseen) templates")
    args = parser.parse_args()
    if args.unseen:
        from deid_unseen_templates import TEMPLATES as UNSEEN
        from deid_unseen_templates import UNSEEN_LOCALES

        items = generate(UNSEEN, args.n, args.seed, UNSEEN_LOCALES)
    elif args.heldout:
        from deid_heldout_templates import HELDOUT_LOCALES
        from deid_heldout_templates import TEMPLATES as HELDOUT

        items = generate(HELDOUT, args.n, args.seed, HELDOUT_LOCALES)
    else:
        items = generate(TEMPLATES, args.n, args.seed)
    header = (
        f"# Generated by bench/make_deid_set.py (--n {args.n} --seed {args.seed}"
        f"{' --heldout' if args.heldout else ' --unseen' if args.unseen else ''}) from Faker data; "
        "do not edit by hand.\n"
        "# Format: shared/eval/README.md. One excerpt per paragraph.\n\n"
    )
    args.out.write_text(header + "\n\n".join(items) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
