"""The demo's fixed data: its criteria set, area, units and users, the demo users' passwords, the
texts its judgements are written with, and a realistic sample file (``seed_demo``,
``seed_demo_programmes`` and ``prepare_demo`` read them)."""

import base64
import csv
import hashlib
import hmac
import io
import random
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from cases.models import Membership
from cases.services import sample as sample_services

CRITERIA_SLUG = "roh-2007"
CRITERIA_FILE = Path(settings.BASE_DIR) / "criteria" / "sets" / "roh-2007.yaml"
AREA = "Demoshire Probation Trust"
UNITS = ["Demoport", "North Demoshire", "South Demoshire", "Rural Demoshire"]
OFFENCES = [
    "Violence against the person",
    "Violence against the person",
    "Drug offences",
    "Burglary",
    "Theft and handling",
    "Sexual offences",
    "Criminal damage",
    "Robbery",
    "Motoring offences",
    "Fraud and forgery",
    "Public order",
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str  # a Membership role, or "admin"


USERS = [
    DemoUser("demo-admin", "Ada", "Admin", "admin"),
    DemoUser("demo-lead", "Lena", "Lead", Membership.Role.LEAD),
    DemoUser("demo-inspector", "Ian", "Inspector", Membership.Role.INSPECTOR),
    DemoUser("demo-inspector2", "Isla", "Inspector", Membership.Role.INSPECTOR),
    DemoUser("demo-assessor", "Asha", "Assessor", Membership.Role.LOCAL_ASSESSOR),
    DemoUser("demo-qa", "Quinn", "Quality", Membership.Role.QUALITY_ASSURANCE),
]

RATIONALE = {
    "above": [
        "Clear evidence in the case record.",
        "Completed thoroughly and on time.",
        "Well evidenced in OASys.",
        "Good analysis drawing on police and partner information.",
        "Appropriate and clearly recorded.",
        "The offender manager explained this well at interview and the record supports it.",
    ],
    "below": [
        "Not evident in the case record.",
        "Completed late and not reviewed.",
        "Lacked analysis of previous behaviour.",
        "No evidence of contact with partner agencies.",
        "Plan generic and not linked to the assessed risks.",
        "Victim issues not addressed.",
    ],
    "excluded": ["Not applicable in this case.", "Cannot be judged from the record."],
}
GOOD_PRACTICE = [
    "Thorough RoH analysis used police call-out records and children's services information.",
    "Quick, well-coordinated response when the risk escalated, with a prompt home visit.",
    "Risk management plan reviewed after each significant event and shared with the hostel.",
]
POOR_PRACTICE = [
    "Domestic abuse call-outs were known but not considered in the RoH screening.",
    "No review of the plan after the offender moved in with a partner who has children.",
]


def demo_password(username: str) -> str:
    """A password for a demo user, stable for this installation's SECRET_KEY."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"seed_demo:{username}".encode(), hashlib.sha256).digest()
    letters = base64.b32encode(digest).decode().lower()[:16]
    return "-".join(letters[i : i + 4] for i in range(0, 16, 4))


def _weighted(rng: random.Random, pairs: list[tuple[str, float]]) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def sample_csv(*, rng: random.Random, prefix: str, count: int) -> str:
    """A realistic inspection-sample/1 CSV: sentence types, RoSH, MAPPA etc. in plausible proportions."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(sample_services.COLUMNS)
    for n in range(1, count + 1):
        sentence = _weighted(
            rng, [("community_order", 40), ("suspended_sentence_order", 15), ("licence", 30), ("custody", 15)]
        )
        rosh = _weighted(rng, [("low", 18), ("medium", 47), ("high", 28), ("very_high", 5), ("unknown", 2)])
        high = rosh in ("high", "very_high")
        tier = _weighted(
            rng, [("2", 10), ("3", 40), ("4", 50)] if high else [("1", 10), ("2", 35), ("3", 40), ("4", 15)]
        )
        mappa_level = _weighted(rng, [("0", 45), ("1", 40), ("2", 12), ("3", 3)] if high else [("0", 90), ("1", 10)])
        mappa_category = rng.choice(["1", "2", "2", "3"]) if mappa_level != "0" else ""
        custodial = sentence in ("licence", "custody")
        writer.writerow(
            {
                "case_ref": f"{prefix}-{n:04d}",
                "unit": UNITS[(n - 1) % len(UNITS)] if rng.random() < 0.8 else rng.choice(UNITS),
                "sentence_type": sentence,
                "rosh": rosh,
                "tier": tier if rng.random() > 0.03 else "",
                "mappa_level": mappa_level,
                "mappa_category": mappa_category,
                "ppo": "yes" if rng.random() < 0.1 else "no",
                "approved_premises": "yes" if sentence == "licence" and rng.random() < (0.4 if high else 0.1) else "no",
                "victim_contact": "yes" if custodial and rng.random() < 0.55 else "no",
                "domestic_abuse": "yes" if rng.random() < 0.25 else "no",
                "child_safeguarding": "yes" if rng.random() < 0.2 else "no",
                "gender": _weighted(rng, [("male", 85), ("female", 14), ("unknown", 1)]),
                "age": str(min(75, 18 + int(rng.gammavariate(2.2, 7)))),
                "ethnic_group": _weighted(
                    rng, [("white", 80), ("black", 7), ("asian", 6), ("mixed", 4), ("other", 2), ("unknown", 1)]
                ),
                "offence_type": rng.choice(OFFENCES),
            }.values()
        )
    return out.getvalue()
