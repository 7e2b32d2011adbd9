"""The judgements import's foreign keys, checked once per referenced row (``foreign_keys``) where the
database session may turn its per-row checks off, and by the database's own per-row checks where it
may not: the same judgements and history either way, and a missing referenced row refused as the
database's constraint would refuse it."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from cases.models import Assessment, Judgement
from cases.services import foreign_keys
from cases.services.bulk_writes import insert_with_history
from cases.services.judgement_import import JUDGEMENT_FIELDS, import_judgements
from criteria.models import Question

from .helpers import make_case

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")

TEXT = "case_ref,question_code,answer,rationale,assessor\nC1,A.1.01,on_time,Timely,ian\nC1,A.1.02,yes,,ian\n"


def imported(inspection, lead):
    make_case(inspection, "C1")
    result = import_judgements(inspection=inspection, data=TEXT.encode(), source="j.csv", actor=lead)
    judgements = {j.question.code: j for j in Judgement.objects.select_related("question", "option")}
    return result, judgements


@postgres_only
def test_the_session_here_checks_references_in_bulk(db):
    with connection.cursor() as cursor:
        assert foreign_keys.may_skip_row_triggers(cursor)  # the tests' superuser, as the bench's


@pytest.mark.parametrize("in_bulk", [True, False], ids=["checked in bulk", "checked row by row"])
def test_the_import_writes_the_same_judgements_and_history_either_way(
    inspection, lead, inspector, monkeypatch, in_bulk
):
    if not in_bulk:  # a role without the right to set session_replication_role
        monkeypatch.setattr(foreign_keys, "may_skip_row_triggers", lambda cursor: False)

    result, judgements = imported(inspection, lead)

    assert result.created == 2 and result.submitted == 1
    assert judgements["A.1.01"].option.value == "on_time" and judgements["A.1.01"].rationale == "Timely"
    assert judgements["A.1.01"].updated_by == inspector
    for judgement in judgements.values():
        record = judgement.history.get()
        assert (record.history_type, record.history_user, record.history_change_reason) == ("+", lead, "import")
        assert record.option_id == judgement.option_id and record.assessment_id == judgement.assessment_id
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW session_replication_role")
            assert cursor.fetchone()[0] == "origin"  # the per-row checks are on again for what follows


@postgres_only
def test_a_missing_referenced_row_is_refused_and_nothing_is_written(inspection, lead):
    make_case(inspection, "C1")
    question = Question.objects.get(criteria_set=inspection.criteria_set, code="A.1.01")
    missing_assessment = (Assessment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    now = timezone.now()
    row = (missing_assessment, question.pk, None, "", "", "", True, 1, now, None, lead.pk)
    assert len(row) == len(JUDGEMENT_FIELDS) + 1

    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        insert_with_history(model=Judgement, fields=JUDGEMENT_FIELDS, rows=[row], when=now, reason="import")

    assert f"Key (assessment_id)=({missing_assessment}) is not present" in str(caught.value)
    assert not Judgement.objects.exists() and not Judgement.history.exists()


@postgres_only
@pytest.mark.parametrize("increment", [1, 3], ids=["consecutive ids", "ids with gaps"])
def test_new_rows_and_their_history_get_the_ids_the_sequence_gave(inspection, lead, increment):
    """The ids come back as a range when consecutive (as usual), else one by one (another session
    took some meanwhile: here the sequence steps by 3)."""
    case = make_case(inspection, "C1")
    assessment = Assessment.objects.create(case=case, is_primary=True)
    questions = list(Question.objects.filter(criteria_set=inspection.criteria_set).order_by("pk")[:3])
    now = timezone.now()
    rows = [(assessment.pk, q.pk, None, f"r{n}", "", "", True, 1, now, None, lead.pk) for n, q in enumerate(questions)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence('cases_judgement', 'id')")
        sequence = cursor.fetchone()[0]
        cursor.execute(f"ALTER SEQUENCE {sequence} INCREMENT BY {increment}")
    try:
        insert_with_history(model=Judgement, fields=JUDGEMENT_FIELDS, rows=rows, when=now, reason="import")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER SEQUENCE {sequence} INCREMENT BY 1")

    written = list(Judgement.objects.order_by("pk").values_list("pk", "rationale"))
    assert [rationale for _, rationale in written] == ["r0", "r1", "r2"]
    assert {pk for pk, _ in written} == {written[0][0] + increment * n for n in range(3)}
    records = Judgement.history.order_by("id").values_list("id", "rationale", "history_user_id", "history_type")
    assert list(records) == [(pk, rationale, lead.pk, "+") for pk, rationale in written]


def test_assessments_created_in_bulk_get_their_ids_and_created_records(inspection, lead, inspector):
    from cases.services.bulk_writes import bulk_create_with_history
    from inspection import history

    cases = [make_case(inspection, ref) for ref in ("C1", "C2")]
    made = [
        Assessment(case=cases[0], assessor=inspector, status=Assessment.Status.IN_PROGRESS),
        history.attribute(Assessment(case=cases[1], is_primary=False), actor=inspector, reason="second"),
    ]

    created = bulk_create_with_history(made, Assessment, default_user=lead, default_change_reason="import")

    assert created == made and all(a.pk and not a._state.adding for a in made)
    stored = {a.pk: a for a in Assessment.objects.filter(pk__in=[a.pk for a in made])}
    assert (stored[made[0].pk].status, stored[made[0].pk].assessor) == ("in_progress", inspector)
    assert (stored[made[1].pk].is_primary, stored[made[1].pk].status) == (False, "not_started")
    records = [a.history.get() for a in made]
    assert [(r.history_type, r.history_user, r.history_change_reason) for r in records] == [
        ("+", lead, "import"),
        ("+", inspector, "second"),
    ]
    assert records[0].status == "in_progress" and records[0].case_id == cases[0].pk
