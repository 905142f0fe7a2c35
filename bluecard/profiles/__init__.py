"""Workers' saved eligibility profiles (encrypted at rest)."""
