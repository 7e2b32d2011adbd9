"""Forms of the reports app: ``scores`` (breakdown chooser, judgements upload) and ``reports`` (writing
the report).
"""
