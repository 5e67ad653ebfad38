"""Drafting formal reports, redaction, incident clustering, records and exports."""
