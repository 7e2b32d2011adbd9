"""Writes for inspections, samples and assessments: keyword-only, typed, one transaction each.

Modules: ``inspections`` (inspections, teams, status), ``sample`` (case sample import and edits,
allocation), ``applicability`` (judgements kept in step with their case), ``judgements`` (saving a
criterion page), ``assessments`` (submit, return, the interview), ``judgement_import`` (the
inspection-judgements/1 CSV, its row checks in ``judgement_rows``), with ``csv_files`` and
``bulk_writes`` (its foreign keys checked once per referenced row by ``foreign_keys``) beneath
the imports.
"""
