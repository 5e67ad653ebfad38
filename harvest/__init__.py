"""Harvesting public posts: polite HTTP, one module per platform, pure parsers."""
