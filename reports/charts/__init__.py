"""Charts drawn on the server as SVG: ``svg`` (scales, text wrapping and elements, shared with the
report's sample charts in ``reports.report_data.charts``) and ``scores`` (the scores pages' charts:
bars against the rating bands, dot plots of a breakdown, the reinspection's before and after)."""
