"""The subsidy ledger: applications for a benefit (申领), their review, payment and claw-back,
and the Excel export finance hands on."""
