"""A second held-out template set for bench/make_deid_set.py --unseen: new wording and new locales.

Written after the tuning set and the first held-out set, in other words and with locales neither uses
(Baltic, Slovak, Icelandic, Irish, Albanian, Vietnamese, Latin American Spanish, Canadian and Belgian
French, Swiss Italian, Luxembourg and Liechtenstein German, Azerbaijani, Uzbek, Nigerian and Kenyan
English). The set it makes (tests/data/deid_unseen.txt, seed 8191) is measured at the start and at
the end of a round of work, and never tuned on in between: its figures say how the rules carry over
to text nobody looked at.
"""

from __future__ import annotations

UNSEEN_LOCALES = [
    "en_US",
    "en_GB",
    "en_NG",
    "en_KE",
    "es_AR",
    "es_CL",
    "es_CO",
    "fr_CA",
    "fr_BE",
    "it_CH",
    "de_LU",
    "et_EE",
    "lt_LT",
    "lv_LV",
    "sk_SK",
    "is_IS",
    "ga_IE",
    "sq_AL",
    "vi_VN",
    "de_LI",
    "az_AZ",
    "uz_UZ",
]

TEMPLATES: dict[str, list[str]] = {
    "interview": [
        "The first year I was at {company}, I shared an office with {first}, and we still talk most weeks.",
        "Her stepfather, {full}, drove her to every appointment, even in the snow.",
        "I think it was {date} when she finally said it out loud, and I just let the silence sit.",
        "We rented a place on {street} for the summer, which was cheap because of the construction.",
        "And then {first} looks at me and says, I am not going back to {city}, not ever.",
        "My advisor, Professor {last}, kept telling me the dissertation was a marathon, not a sprint.",
        "They gave me her mother's number, {phone}, in case she stopped showing up.",
        "She trained as a nurse in {city} before the family came over, around 2009 I think.",
        "His landlord at {address} kept threatening to evict him, and that was most of what we worked on.",
        "I applied to {company} twice, once in 2014 and again after the move, and they took me "
        "the second time.",
        "The referral came with an intake code, {id}, and a two-page letter from her GP.",
        "What I remember about {first} is that he always brought tea for the receptionist.",
    ],
    "interview spoken": [
        "you can call her at {phone}, she said, but not before ten",
        "i emailed {email} twice and then gave up",
        "it was all on {url}, the whole schedule",
        "the reference they gave me was {id}",
        "she was born on {date}, so she had just turned eighteen",
        "so {first} basically ran the group by the end of the semester",
        "my cousin {first} {last} still lives near {city}",
        "i spent two years at {company} in {city} before grad school",
    ],
    "message": [
        "{first} are you still coming tonight? bring the charger",
        "Appointment reminder: {full}, {date}, {address}. Reply STOP to cancel or call {phone}.",
        "Hello {first}, {company} here. Your new card ends in 4421 and was posted to {street}.",
        "Sorry for the delay! I'm in {city} until Friday. Talk soon, {first}",
        "Transfer of 120 EUR to {full} done. Ref: {id}.",
        "Our new office: {address}, {postcode} {city}. Same phone: {phone}.",
        "Could you forward this to {full} at {email}? Many thanks.",
        "Welcome to {company}! Your login is at {url} and support is on {phone}.",
        "{full} and 3 others liked your photo from {city}.",
    ],
    "form": [
        "Surname: {last}\nGiven name: {first}\nPlace of birth: {city}\nDate of birth: {date}",
        "Tenant: {full}\nProperty: {address}\nPostal code: {postcode}\nLandlord phone: {phone}",
        "Organization: {company}\nContact name: {full}\nEmail address: {email}\nWebsite: {url}",
        "Recipient: {full}, {address}, {postcode} {city}, tel. {phone}",
        "Participant {id}; guardian {full}; school {company}; municipality {city}",
        "Delivery address: {street}, {city}\nCustomer number: {id}",
    ],
}
