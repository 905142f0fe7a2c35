"""Operations statistics and what workers asked that nothing answered (issue 13 §2).

``services``: statistics for a period and district, the unanswered questions grouped, and
the 扩展问 policy staff attach to clauses; ``grouping`` and ``period``: pure logic;
``live``: each process keeps its search index in step with the 扩展问.
"""
