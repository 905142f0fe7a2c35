"""技能人才库 and supply–demand (issue 14 §1): workers (card holders and registered workers),
enterprises' demand, search and export within a district, the supply–demand summary per
district and offers of matching demand to workers open to them.

Policy anchors: 洪泽 三（一）4 (建立技能人才库), 台儿庄 三（三）7 (高技能人才信息库, 定期发布供求信息),
叶集 九 (定期发布技能人才供求信息). ``services`` holds the public functions; ``notify`` is the one
place that talks to the notifications service.
"""
