"""Operator edges: the review commands and (later) the web console."""
