"""Tables: columns and relationships only; workflow lives in the stage packages."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, int_pk, json_dict, json_list, str_code, utc_now

# --- harvest -------------------------------------------------------------------------------


class Source(Base):
    """A configured place to harvest from, with its cursor and health."""

    __tablename__ = "sources"

    id: Mapped[int_pk]
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    config: Mapped[json_dict]
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    cursor: Mapped[str | None] = mapped_column(String(255))
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[utc_now]
    #: ETag / Last-Modified per URL of the source's newest page, sent back as a conditional GET.
    http_cache: Mapped[json_dict]
    #: Where an interrupted walk resumes, and the newest mark stored before the gap.
    backlog_url: Mapped[str | None] = mapped_column(Text)
    backlog_mark: Mapped[str | None] = mapped_column(String(255))

    posts: Mapped[list[Post]] = relationship(back_populates="source")


class Post(Base):
    """A harvested public post; the author is kept only as a keyed-hash pseudonym."""

    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("source_id", "external_id"),)

    id: Mapped[int_pk]
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(255))
    url: Mapped[str] = mapped_column(String(2048))
    text: Mapped[str] = mapped_column(Text)
    author_pseudonym: Mapped[str | None] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(32))
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    harvested_at: Mapped[utc_now]
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    content_hash: Mapped[str] = mapped_column(String(64))

    source: Mapped[Source] = relationship(back_populates="posts")
    revisions: Mapped[list[PostRevision]] = relationship(
        back_populates="post", cascade="all, delete-orphan", order_by="PostRevision.id"
    )
    classifications: Mapped[list[Classification]] = relationship(
        back_populates="post", cascade="all, delete-orphan"
    )


class PostRevision(Base):
    """An earlier text of a post that was edited on its platform."""

    __tablename__ = "post_revisions"

    id: Mapped[int_pk]
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    replaced_at: Mapped[utc_now]

    post: Mapped[Post] = relationship(back_populates="revisions")


# --- classify ------------------------------------------------------------------------------


class ModelVersion(Base):
    """A trained classifier saved on disk, with its provenance and scores."""

    __tablename__ = "model_versions"

    id: Mapped[int_pk]
    version: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(String(1024))
    is_active: Mapped[bool] = mapped_column(Boolean, default=False)
    data_hash: Mapped[str] = mapped_column(String(64))
    code_version: Mapped[str] = mapped_column(String(64))
    metrics: Mapped[json_dict]
    created_at: Mapped[utc_now]
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # How it came to be: seed (the default model), cli, labels, weekly, manual, fallback.
    trigger: Mapped[str] = mapped_column(String(32), default="manual", server_default="manual")
    # candidate, promoted (was active at some point), rejected (lost the comparison), broken.
    status: Mapped[str] = mapped_column(String(16), default="candidate",
                                        server_default="candidate")
    # Operator decisions in its training data: retraining starts every N new ones.
    operator_labels: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Label(Base):
    """A labelled text an analyst imported (operators' labels are read from ``decisions``)."""

    __tablename__ = "labels"

    id: Mapped[int_pk]
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64), unique=True)
    report_type: Mapped[str | None] = mapped_column(String(64))
    opd_code: Mapped[str | None] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[utc_now]
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Classification(Base):
    """One model's verdict on one post."""

    __tablename__ = "classifications"
    __table_args__ = (UniqueConstraint("post_id", "model_version"),)

    id: Mapped[int_pk]
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    model_version: Mapped[str] = mapped_column(String(64))
    report_type: Mapped[str_code]
    report_type_probability: Mapped[float] = mapped_column(Float)
    opd_code: Mapped[str_code]
    opd_probability: Mapped[float] = mapped_column(Float)
    probabilities: Mapped[json_dict]
    created_at: Mapped[utc_now]

    post: Mapped[Post] = relationship(back_populates="classifications")


# --- reports -------------------------------------------------------------------------------


class Draft(Base):
    """A LAPOR!-style report drafted from one or more posts, awaiting an operator."""

    __tablename__ = "drafts"
    __table_args__ = (Index("ix_drafts_status_created", "status", "created_at"),)

    id: Mapped[int_pk]
    status: Mapped[str] = mapped_column(String(32), default="menunggu_tinjauan")
    judul: Mapped[str] = mapped_column(String(200))
    isi: Mapped[str] = mapped_column(Text)
    tanggal_kejadian: Mapped[date] = mapped_column(Date)
    tanggal_kejadian_sumber: Mapped[str] = mapped_column(String(32))
    lokasi: Mapped[str | None] = mapped_column(String(500))
    kelurahan: Mapped[str | None] = mapped_column(String(100))
    kecamatan: Mapped[str | None] = mapped_column(String(100))
    report_type: Mapped[str_code]
    opd_code: Mapped[str_code]
    instansi_tujuan: Mapped[str] = mapped_column(String(300))
    kategori: Mapped[str] = mapped_column(String(200))
    privacy: Mapped[str] = mapped_column(String(16), default="rahasia", server_default="rahasia")
    confidence: Mapped[float] = mapped_column(Float)
    model_version: Mapped[str] = mapped_column(String(64))
    suggestions: Mapped[json_list]
    redactions: Mapped[json_list]
    #: Why the classifier was unsure ("perlu ditinjau"); empty when it was confident.
    review_reasons: Mapped[list[Any]] = mapped_column(JSON, default=list,
                                                      server_default=sql_text("'[]'"))
    created_at: Mapped[utc_now]
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    sources: Mapped[list[DraftPost]] = relationship(
        back_populates="draft", cascade="all, delete-orphan", order_by="DraftPost.post_id"
    )
    record: Mapped[OfficialRecord | None] = relationship(back_populates="draft")


class DraftPost(Base):
    """Evidence: a post that a draft was made from (a post belongs to at most one draft)."""

    __tablename__ = "draft_posts"

    draft_id: Mapped[int] = mapped_column(
        ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True
    )
    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True, unique=True
    )
    added_at: Mapped[utc_now]
    # Text similarity to the closest earlier evidence when merged; None for the first post.
    match_score: Mapped[float | None] = mapped_column(Float)

    draft: Mapped[Draft] = relationship(back_populates="sources")
    post: Mapped[Post] = relationship()


class OfficialRecord(Base):
    """A confirmed report with its tracking number, forwarded to an OPD and tracked."""

    __tablename__ = "official_records"

    id: Mapped[int_pk]
    tracking_number: Mapped[str] = mapped_column(String(32), unique=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), unique=True)
    status: Mapped[str] = mapped_column(String(32))
    report_type: Mapped[str_code]
    opd_code: Mapped[str_code]
    instansi_tujuan: Mapped[str] = mapped_column(String(300))
    confirmed_by: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    forwarded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    verify_due: Mapped[date] = mapped_column(Date)
    followup_due: Mapped[date] = mapped_column(Date)
    created_at: Mapped[utc_now]

    draft: Mapped[Draft] = relationship(back_populates="record")


class ForgottenPost(Base):
    """A post removed at its author's request: the SHA-256 of its URL, so it is not kept again."""

    __tablename__ = "forgotten_posts"

    id: Mapped[int_pk]
    url_hash: Mapped[str] = mapped_column(String(64), unique=True)
    forgotten_at: Mapped[utc_now]

    @staticmethod
    def fingerprint(url: str) -> str:
        """The fingerprint kept of a forgotten post's URL."""
        return hashlib.sha256(url.strip().encode("utf-8")).hexdigest()


# Retention purges by harvest time; the index lives here because the purge is a reports concern.
Index("ix_posts_harvested_at", Post.harvested_at)


# --- review --------------------------------------------------------------------------------


class Operator(Base):
    """A person who reviews drafts (operator), retrains models (analis) or administers."""

    __tablename__ = "operators"

    id: Mapped[int_pk]
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32), default="operator")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[utc_now]


class Decision(Base):
    """An operator's verdict on a draft: the labels that retraining learns from."""

    __tablename__ = "decisions"

    id: Mapped[int_pk]
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    operator: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    report_type: Mapped[str | None] = mapped_column(String(64))
    opd_code: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[utc_now]


class AuditEvent(Base):
    """Append-only log of every operator and privacy action."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "entity_type", "entity_id"),)

    id: Mapped[int_pk]
    at: Mapped[utc_now]
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
