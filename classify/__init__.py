"""Classifying posts: report type and government function, with calibrated confidence."""
