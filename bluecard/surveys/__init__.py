"""The enterprise survey 企业技能人才现状及需求情况调查表 (台儿庄 附件1; issue 14 §2).

``form`` (pure): the form's fields and checks; ``summary`` (pure): 统计汇总; ``export`` (pure):
the workbook; ``seal`` (pure): the 盖章 image; ``models``: rounds and invitations;
``services``: rounds, links, drafts, submissions, summaries.
"""
