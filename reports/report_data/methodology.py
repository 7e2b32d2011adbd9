"""How the cases were sampled and assessed, as the methodology appendix says it (part of ``ReportData``)."""

from dataclasses import dataclass

from .. import wording


@dataclass(frozen=True)
class Methodology:
    minimums: tuple[tuple[str, int], ...]  # (kind of case, minimum in the sample)
    assessors: int  # who completed the counted assessments
    interviews: int  # counted assessments with an interview of the case manager
    double_marked: int  # cases with a submitted second marking
    pairs: int  # answers compared between the two markers
    agreement: str  # percent of those answers the same, e.g. "91.3%" ("" when none)
    resolved: int  # disagreements the lead resolved

    @property
    def minimums_sentence(self) -> str:
        """ "The sample was drawn to hold at least: 15 cases of high or very high RoSH; 5 cases of …" """
        if not self.minimums:
            return ""
        held = "; ".join(wording.minimum_phrase(label, n) for label, n in self.minimums)
        return f"The sample was drawn to hold at least: {held}."

    @property
    def assessed_sentence(self) -> str:
        """ "Four assessors completed the assessments counted in this report, 31 of them with an interview…" """
        if not self.assessors:
            return ""
        text = f"{wording.count(self.assessors, 'assessor', start=True)} completed the assessments counted here"
        if self.interviews:
            text += f", {wording.number(self.interviews)} of them with an interview of the case manager"
        return text + "."

    @property
    def double_marking_sentence(self) -> str:
        if not self.double_marked:
            return ""
        text = (
            f"A second assessor marked {wording.count(self.double_marked, 'case')} independently, to check that "
            "judgements were consistent."
        )
        if self.agreement:
            text += f" Of the {wording.count(self.pairs, 'answer')} both markers gave, {self.agreement} were the same."
        if self.resolved:
            text += (
                f" The lead inspector resolved {wording.count(self.resolved, 'disagreement')}; "
                "the figures count the agreed answers."
            )
        return text + " Only the first marker's (or the agreed) answers count in the figures."
