"""Writes of the reports app: ``reports`` (report versions, their text, finalising, PDF requests),
``jobs`` (a PDF build's state, written by the worker) and ``retention`` (erasing case-level data
after publication)."""
