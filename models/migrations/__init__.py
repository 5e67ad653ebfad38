"""Alembic migrations of Jaring's schema."""
