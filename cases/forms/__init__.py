"""Forms of the cases app: ``inspections`` (set-up, team, sample, allocation) and ``assessment``
(criterion pages, interview, return).
"""
