"""Policy documents uploaded by policy staff: the file, what ingestion made of it, its
metadata and lifecycle, and the knowledge-base version every process follows.

``services`` holds the public functions (upload, edit, publish, retire, list, the knowledge
base's published documents); ``models`` the rows; ``lifecycle`` the statuses and their labels.
"""
