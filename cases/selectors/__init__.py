"""Reads of the cases app: ``inspections`` (team, sample, composition, progress) and ``assessment`` (my
cases, task list, criterion pages, history).
"""
