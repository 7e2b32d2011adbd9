"""Pages of the reports app: ``scores`` (scores, breakdowns, exports, judgements upload, programme) and
``reports`` (writing the report, its PDFs).
"""
