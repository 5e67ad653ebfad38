"""SQLAlchemy 2 tables, engine and session factories, and Alembic migrations."""

from models.base import Base
from models.tables import (
    AuditEvent,
    Classification,
    Decision,
    Draft,
    DraftPost,
    ModelVersion,
    OfficialRecord,
    Operator,
    Post,
    PostRevision,
    Source,
)

__all__ = [
    "AuditEvent",
    "Base",
    "Classification",
    "Decision",
    "Draft",
    "DraftPost",
    "ModelVersion",
    "OfficialRecord",
    "Operator",
    "Post",
    "PostRevision",
    "Source",
]
