"""Targets of the documents and their actuals, progress and the 季报/年报 (issue 14 §3).

The targets are data (``policy_kb.targets``); ``models``: actuals entered by staff;
``services``: actuals counted by the system or entered, progress per area and indicator;
``charts``: progress bars as SVG (pygal); ``report``: the quarterly and annual report.
"""
