"""Payout batches (发放批次): finance pays approved subsidy applications in batches and
reconciles the bank's result file line by line (``services``, ``bankfile``, ``models``)."""
