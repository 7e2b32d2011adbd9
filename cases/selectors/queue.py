"""The moderation queue's rows, read as columns (``label_queue``), for ``cases/views/tables.queue_rows``."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from inspection.links import reverser

from ..models import Assessment
from .inspections import person_name_of
from .progress import display_for


@dataclass(frozen=True)
class QueueRow:
    """What a row of the queue shows (``cases/views/tables.queue_rows``)."""

    assessor_id: int | None
    case_ref: str
    unit_name: str
    rosh_label: str
    assessor_name: str  # full name, else username; "" for none
    moderated_at: datetime | None
    moderator_name: str
    in_dip_sample: bool
    changed: int  # answers moderated
    url: str  # its moderation page


def label_queue(*, assessments: QuerySet[Assessment], slug: str) -> list[QueueRow]:
    """The rows of the queue (``moderation_queue``), read as columns rather than as five model
    instances a row (most of the page's time): ``url`` (its moderation page), ``rosh_label``,
    ``assessor_name`` and ``moderator_name`` worked out here. No query but the queue's own."""
    rosh_label = display_for("rosh")
    url_for = reverser("cases:moderation_assessment", slug)
    columns = assessments.values_list(
        "assessor_id",
        "case__case_ref",
        "case__unit__name",
        "case__rosh",
        *(f"assessor__{name}" for name in ("first_name", "last_name", "username")),
        "moderated_at",
        *(f"moderated_by__{name}" for name in ("first_name", "last_name", "username")),
        "in_dip_sample",
        "changed",
    )
    return [
        QueueRow(
            assessor_id=assessor_id,
            case_ref=ref,
            unit_name=unit,
            rosh_label=rosh_label(rosh),
            assessor_name=person_name_of(a_first, a_last, a_user),
            moderated_at=moderated_at,
            moderator_name=person_name_of(m_first, m_last, m_user),
            in_dip_sample=in_dip_sample,
            changed=changed,
            url=url_for(ref),
        )
        for (
            assessor_id,
            ref,
            unit,
            rosh,
            a_first,
            a_last,
            a_user,
            moderated_at,
            m_first,
            m_last,
            m_user,
            in_dip_sample,
            changed,
        ) in columns
    ]
