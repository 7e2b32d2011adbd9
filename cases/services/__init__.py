"""Writes for inspections, samples and assessments: keyword-only, typed, one transaction each.

Modules: ``inspections`` (inspections, teams, status), ``sample`` (case sample import and edits,
allocation), ``judgements`` (saving judgements, submit/return, applicability), ``judgement_import``
(the inspection-judgements/1 CSV).
"""
