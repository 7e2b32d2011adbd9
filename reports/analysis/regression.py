"""Forward stepwise logistic regression of one analysis question (DOMAIN.md, "Programmes and research
analysis"; research bulletin 2018/02, Annex A).

Outcome 1 = above the line (yes), 0 = below. Each candidate variable is categorical, coded against
its reference level: the first in vocabulary order among the cases analysed (``programme``: the
first programme given that has cases). Cases with an unknown value of any candidate are left out.
From the intercept alone, the candidate with the smallest likelihood-ratio p-value enters if it is
below 0.05, then the variable in the model with the largest LR p-value leaves if it is above 0.10,
until nothing enters or leaves (at most twice as many steps as candidates).

The data are the covariate patterns of ``pooled.pattern_counts`` (one GROUP BY: programme and
every candidate → yes, counted), fitted as a binomial GLM with a numeric design matrix: the same
maximum likelihood estimates and information matrix as a case-level logit, in memory bounded by
the number of patterns, not of cases.
"""

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm
from scipy import stats
from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationError, PerfectSeparationWarning

from cases.models import Programme
from reports.scoring import groupings

from .pooled import GROUPINGS, ordered_keys, pattern_counts

PROGRAMME = "programme"
DEFAULT_VARIABLES = (PROGRAMME, "gender", "age_group", "bame", "supervision", "rosh_band", "mappa")
VARIABLES = frozenset((GROUPINGS - {"age"}) | {PROGRAMME})  # age itself is not categorical
ENTER, REMOVE = 0.05, 0.10
Z = 1.959964
# A fit is taken as not estimable (complete or quasi-complete separation, or no convergence) when a
# pattern's fitted probability is this close to 0 or 1, a coefficient this large, or an SE this large.
EDGE, MAX_COEFFICIENT, MAX_SE = 1e-7, 20.0, 50.0


def is_valid_variable(name: str) -> bool:
    return name in VARIABLES


def default_variables(programmes: Sequence[Programme]) -> list[str]:
    """The bulletin's variables; ``programme`` only with two or more programmes."""
    return [v for v in DEFAULT_VARIABLES if v != PROGRAMME or len(programmes) >= 2]


@dataclass(frozen=True)
class LevelEstimate:
    level: str
    odds_ratio: float
    ci_low: float
    ci_high: float
    p_value: float  # Wald, two-sided


@dataclass(frozen=True)
class VariableResult:
    name: str
    in_model: bool
    reference: str | None  # in the model: its reference level
    levels: tuple[LevelEstimate, ...]  # in the model: each level but the reference, in order
    # In the model: the LR p-value of removing it from the final model; not in the model: of adding
    # it (None when that model cannot be estimated, or the variable has one level among the cases).
    p_value: float | None


@dataclass(frozen=True)
class Step:
    action: str  # "enter" or "remove"
    variable: str
    p_value: float


@dataclass(frozen=True)
class Regression:
    question: str
    programmes: tuple[str, ...]  # slugs, in the order given
    n: int  # cases in the model (complete cases)
    variables: tuple[VariableResult, ...]  # in the order asked
    steps: tuple[Step, ...]

    @property
    def in_model(self) -> list[VariableResult]:
        return [v for v in self.variables if v.in_model]

    @property
    def not_in_model(self) -> list[VariableResult]:
        return [v for v in self.variables if not v.in_model]


@dataclass(frozen=True)
class Data:
    """Complete-case covariate patterns: each variable's level index per pattern, and the counts."""

    levels: dict[str, list[str]]
    codes: dict[str, np.ndarray]
    yes: np.ndarray
    no: np.ndarray

    @property
    def n(self) -> int:
        return int(self.yes.sum() + self.no.sum())


def prepare(patterns, *, fields: Sequence[str], variables: Sequence[str], programmes: Sequence[Programme]) -> Data:
    """Leave out patterns with an unknown value of any candidate; code the rest (levels in vocabulary
    order among the cases left, ``programme`` in the order given)."""
    slug_of = {p.pk: p.slug for p in programmes}
    kept = [p for p in patterns if groupings.UNKNOWN not in p.keys]
    values = {PROGRAMME: [slug_of[p.programme_id] for p in kept]}
    values.update({field: [p.keys[i] for p in kept] for i, field in enumerate(fields)})
    levels, codes = {}, {}
    for name in variables:
        found = set(values[name])
        order = [p.slug for p in programmes] if name == PROGRAMME else ordered_keys(name, found)
        levels[name] = [level for level in order if level in found]
        index = {level: i for i, level in enumerate(levels[name])}
        codes[name] = np.fromiter((index[v] for v in values[name]), dtype=np.int64, count=len(kept))
    yes = np.fromiter((p.yes for p in kept), dtype=np.float64, count=len(kept))
    total = np.fromiter((p.total for p in kept), dtype=np.float64, count=len(kept))
    return Data(levels, codes, yes, total - yes)


def design(data: Data, names: Sequence[str]) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """The intercept and one 0/1 column per non-reference level of each variable named."""
    columns = [np.ones(len(data.yes))]
    labels = [("", "")]
    for name in names:
        for index, level in enumerate(data.levels[name][1:], start=1):
            columns.append((data.codes[name] == index).astype(np.float64))
            labels.append((name, level))
    return np.column_stack(columns), labels


@dataclass(frozen=True)
class Fit:
    llf: float
    params: np.ndarray
    bse: np.ndarray
    pvalues: np.ndarray
    labels: list[tuple[str, str]]

    @property
    def df(self) -> int:
        return len(self.params)


def fit(data: Data, names: Sequence[str]) -> Fit | None:
    """The maximum likelihood fit with the variables named, or None when it cannot be estimated."""
    exog, labels = design(data, names)
    if len(data.yes) == 0 or np.linalg.matrix_rank(exog) < exog.shape[1]:
        return None
    model = sm.GLM(np.column_stack([data.yes, data.no]), exog, family=sm.families.Binomial())
    with warnings.catch_warnings():
        # statsmodels warns of "perfect separation" whenever fitted proportions equal the observed
        # ones, which every saturated model of patterns does: separation is judged below instead.
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        warnings.simplefilter("error", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)  # a saturated model's WLS scale divides by 0 df
        try:
            result = model.fit(maxiter=100, tol=1e-10, tol_criterion="params")
        except (PerfectSeparationError, ConvergenceWarning, ValueError, np.linalg.LinAlgError):
            return None
    params = np.asarray(result.params)
    mu = 1 / (1 + np.exp(-(exog @ params)))
    # The standard errors from the inverse information matrix at the estimates (X'WX, W = n·p(1-p)).
    with np.errstate(all="ignore"):
        information = exog.T @ (exog * ((data.yes + data.no) * mu * (1 - mu))[:, None])
        try:
            bse = np.sqrt(np.diag(np.linalg.inv(information)))
        except np.linalg.LinAlgError:
            return None
    if (
        not result.converged
        or not (np.all(np.isfinite(params)) and np.all(np.isfinite(bse)))
        or np.any(np.abs(params) > MAX_COEFFICIENT)
        or np.any(bse > MAX_SE)
        or np.any((mu < EDGE) | (mu > 1 - EDGE))
    ):
        return None
    return Fit(float(result.llf), params, bse, 2 * stats.norm.sf(np.abs(params / bse)), labels)


def lr_p(smaller: Fit | None, larger: Fit | None) -> float | None:
    """The likelihood-ratio test's p-value of the larger of two nested fits against the smaller."""
    if smaller is None or larger is None or larger.df <= smaller.df:
        return None
    statistic = max(0.0, 2 * (larger.llf - smaller.llf))
    return float(stats.chi2.sf(statistic, larger.df - smaller.df))


class Fits:
    """Fits by the set of variables in the model, each computed once; columns in the candidates' order."""

    def __init__(self, data: Data, candidates: Sequence[str]):
        self.data, self.candidates, self._fits = data, list(candidates), {}

    def __call__(self, names) -> Fit | None:
        key = frozenset(names)
        if key not in self._fits:
            self._fits[key] = fit(self.data, [c for c in self.candidates if c in key])
        return self._fits[key]


def _entry(fits: Fits, model: list[str]) -> tuple[float, str] | None:
    """The candidate whose entry has the smallest LR p-value (the first asked on a tie), if any can enter."""
    current = fits(model)
    tests = [(lr_p(current, fits([*model, v])), v) for v in fits.candidates if v not in model]
    tests = [(p, v) for p, v in tests if p is not None]
    return min(tests, key=lambda t: (t[0], fits.candidates.index(t[1]))) if tests else None


def _removal(fits: Fits, model: list[str]) -> tuple[float, str] | None:
    """The variable in the model whose removal has the largest LR p-value (the last asked on a tie)."""
    current = fits(model)
    tests = [(lr_p(fits([m for m in model if m != v]), current), v) for v in model]
    tests = [(p, v) for p, v in tests if p is not None]
    return max(tests, key=lambda t: (t[0], fits.candidates.index(t[1]))) if tests else None


def stepwise(fits: Fits) -> tuple[list[str], list[Step]]:
    """Forward stepwise selection: (the variables of the final model, the steps taken)."""
    model: list[str] = []
    steps: list[Step] = []
    if fits(model) is None:  # not even the intercept: every answer yes, or every answer no
        return model, steps
    limit = 2 * len(fits.candidates)
    while len(steps) < limit:
        moved = False
        entry = _entry(fits, model)
        if entry is not None and entry[0] < ENTER:
            model.append(entry[1])
            steps.append(Step("enter", entry[1], entry[0]))
            moved = True
        removal = _removal(fits, model) if model and len(steps) < limit else None
        if removal is not None and removal[0] > REMOVE:
            model.remove(removal[1])
            steps.append(Step("remove", removal[1], removal[0]))
            moved = True
        if not moved:
            break
    return model, steps


def _in_model(final: Fit, fits: Fits, model: list[str], name: str) -> VariableResult:
    levels = []
    for i, (variable, level) in enumerate(final.labels):
        if variable == name:
            b, se = float(final.params[i]), float(final.bse[i])
            p = float(final.pvalues[i])
            levels.append(LevelEstimate(level, math.exp(b), math.exp(b - Z * se), math.exp(b + Z * se), p))
    without = fits([m for m in model if m != name])
    return VariableResult(name, True, fits.data.levels[name][0], tuple(levels), lr_p(without, final))


def logistic_regression(
    *, question: str, programmes: Sequence[Programme], variables: Sequence[str] | None = None
) -> Regression:
    """Forward stepwise logistic regression of ``question`` over the programmes' cases (one query).
    ``variables``: the candidates, in the order the result lists them (default
    ``default_variables``). Raises ValueError for a name that is not a candidate variable."""
    programmes = list(dict.fromkeys(programmes))
    candidates = list(dict.fromkeys(default_variables(programmes) if variables is None else variables))
    unknown = [name for name in candidates if not is_valid_variable(name)]
    if unknown:
        raise ValueError(f"not a variable of the model: {', '.join(unknown)}")
    fields = [name for name in candidates if name != PROGRAMME]
    patterns = pattern_counts(question=question, programmes=programmes, fields=fields)
    data = prepare(patterns, fields=fields, variables=candidates, programmes=programmes)
    fits = Fits(data, candidates)
    model, steps = stepwise(fits)
    final = fits(model)
    results = []
    for name in candidates:
        if name in model:
            results.append(_in_model(final, fits, model, name))
        else:
            results.append(VariableResult(name, False, None, (), lr_p(final, fits([*model, name]))))
    return Regression(question, tuple(p.slug for p in programmes), data.n, tuple(results), tuple(steps))
