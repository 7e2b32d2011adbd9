import pytest
from cases.services.sample import import_sample
from cases.services.judgement_import import import_judgements
from criteria import loader
from tests.scoring.helpers import make_case

pytestmark = pytest.mark.django_db

def test_nul_in_sample(inspection):
    data = "case_ref,unit,sentence_type,rosh,offence_type\nC1,North,custody,high,Dru\x00gs\n"
    import_sample(inspection=inspection, data=data.encode(), source="s.csv")

def test_nul_in_judgements(inspection):
    make_case(inspection, "C1")
    data = "case_ref,question_code,answer,rationale\nC1,A.1.01,on_time,Ti\x00mely\n"
    import_judgements(inspection=inspection, data=data.encode(), source="j.csv")

def test_deep_yaml():
    loader.read("a: " + "[" * 500 + "]" * 500 + "\n", "deep.yaml")
