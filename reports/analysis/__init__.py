"""Pooled analysis across the inspections of one or more programmes (DOMAIN.md, "Programmes and
research analysis"; research bulletin 2018/02): counts in the database, models on covariate patterns.

Public API (every argument keyword-only)::

    from reports import analysis

    analysis.find_questions(programmes=[p1, p2], search="Q1" or "words of its text")
        -> list[AnalysisQuestion]   # .key (analysis code), .code, .text, .group, .sentence, .full_text,
                                    # .criteria_sets (names); one per key, worded as its oldest set words it
    analysis.find_question(key="Q1", programmes=[p1, p2]) -> AnalysisQuestion | None

    table = analysis.programme_table(question="Q1", programmes=[p1, p2], by=analysis.TABLE_GROUPINGS)
        # one query; raises ValueError for a grouping not in analysis.GROUPINGS
        # table.rows: TableRow(group_by, group, programme (slug or "all"), numerator, denominator),
        # in the binding row order, each with .score (Fraction 0..1 or None), .one_decimal (Decimal
        # percent or None), .score_display ("74.5" or ""), .group_label ("All cases", "High or very high")
        # table.row(group_by, group, programme="all") -> TableRow | None; table.groups(group_by) -> keys
    analysis.TABLE_GROUPINGS    # the bulletin's: gender, age_group, bame, supervision, rosh_band, mappa

    fit = analysis.logistic_regression(question="Q1", programmes=[p1, p2], variables=None)
        # one query; variables default analysis.default_variables(programmes) (programme only with 2+);
        # raises ValueError for a name not in analysis.VARIABLES
        # fit.n, fit.programmes, fit.variables (VariableResult in the order asked: .name, .in_model,
        # .reference, .levels (LevelEstimate: .level, .odds_ratio, .ci_low, .ci_high, .p_value (Wald)),
        # .p_value (LR: of removing it if in the model, of adding it if not; None if not estimable)),
        # fit.in_model, fit.not_in_model, fit.steps (Step: .action "enter"/"remove", .variable, .p_value)

    analysis.regression_sentences(fit, question=AnalysisQuestion, programmes=[p1, p2]) -> list[str]
        # one plain-words sentence per significant level (Wald p < 0.05) of a variable in the model
    analysis.group_words("rosh_band", "high_very_high", programmes=[...]) -> "cases at high or very high RoSH"

    analysis.table_csv(table) -> str                  # programme-table/1 (TABLE_COLUMNS)
    analysis.regression_csv(fit) -> str              # programme-regression/1 (REGRESSION_COLUMNS)
    analysis.workbook(table=table, fit=fit) -> bytes  # XLSX: both tables, formula-safe
    analysis.is_valid_grouping(name), analysis.is_valid_variable(name)

Modules: ``questions`` (finding analysis questions), ``pooled`` (the table and the covariate-pattern
query the regression shares), ``regression`` (forward stepwise logistic regression, statsmodels),
``sentences`` (plain words), ``exports`` (CSV and XLSX), ``options`` (the commands' option checks).
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
