"""Pooled analysis across the inspections of one or more programmes (DOMAIN.md, "Programmes and
research analysis"; research bulletin 2018/02): counts in the database, models on covariate patterns.

Public API (every argument keyword-only)::

    from reports import analysis

    analysis.find_questions(programmes=[p1, p2], search="Q1" or "words of its text")
        -> list[AnalysisQuestion]    # .key (analysis code), .text, .group, .sentence, .criteria_sets
    analysis.find_question(key="Q1", programmes=[p1, p2]) -> AnalysisQuestion | None

    table = analysis.programme_table(question="Q1", programmes=[p1, p2], by=["gender", "rosh_band"])
        # one query; table.rows: TableRow(group_by, group, programme (slug or "all"), numerator,
        # denominator) with .score (Fraction or None), .score_display ("74.5" or ""), in the
        # binding row order; table.row(group_by, group, programme) -> TableRow
    analysis.TABLE_GROUPINGS        # the bulletin's groupings: gender, age_group, bame, supervision, rosh_band, mappa

    fit = analysis.logistic_regression(question="Q1", programmes=[p1, p2], variables=None)
        # variables default: analysis.default_variables(programmes)
        # fit.n, fit.variables (VariableResult in the order asked: .name, .in_model, .reference,
        # .levels (LevelEstimate: .level, .odds_ratio, .ci_low, .ci_high, .p_value), .p_value),
        # fit.in_model, fit.not_in_model, fit.steps (Step: .action "enter"/"remove", .variable, .p_value)

    analysis.regression_sentences(fit, question=AnalysisQuestion, programmes=[p1, p2]) -> list[str]
        # one plain-words sentence per significant level of a variable in the model
    analysis.group_words(name, level, programmes=[...]) -> str   # "cases at high or very high RoSH"

    analysis.table_csv(table) -> str                 # programme-table/1
    analysis.regression_csv(fit) -> str             # programme-regression/1
    analysis.workbook(table=table, fit=fit) -> bytes   # XLSX with both tables
    analysis.is_valid_grouping(name), analysis.is_valid_variable(name)

Modules: ``questions`` (finding analysis questions), ``pooled`` (the table and the covariate-pattern
query the regression shares), ``regression`` (forward stepwise logistic regression, statsmodels),
``sentences`` (plain words), ``exports`` (CSV and XLSX).
"""

from .exports import REGRESSION_COLUMNS, TABLE_COLUMNS, regression_csv, table_csv, workbook
from .pooled import ALL, GROUPINGS, TABLE_GROUPINGS, ProgrammeTable, TableRow, is_valid_grouping, programme_table
from .questions import AnalysisQuestion, find_question, find_questions
from .regression import (
    DEFAULT_VARIABLES,
    VARIABLES,
    LevelEstimate,
    Regression,
    Step,
    VariableResult,
    default_variables,
    is_valid_variable,
    logistic_regression,
)
from .sentences import group_words, regression_sentences

__all__ = [
    "ALL",
    "DEFAULT_VARIABLES",
    "GROUPINGS",
    "REGRESSION_COLUMNS",
    "TABLE_COLUMNS",
    "TABLE_GROUPINGS",
    "VARIABLES",
    "AnalysisQuestion",
    "LevelEstimate",
    "ProgrammeTable",
    "Regression",
    "Step",
    "TableRow",
    "VariableResult",
    "default_variables",
    "find_question",
    "find_questions",
    "group_words",
    "is_valid_grouping",
    "is_valid_variable",
    "logistic_regression",
    "programme_table",
    "regression_csv",
    "regression_sentences",
    "table_csv",
    "workbook",
]
