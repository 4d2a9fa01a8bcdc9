"""attendance and peak concurrency, for participation reports

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "attendance",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["debate_session.id"],
            name=op.f("fk_attendance_session_id_debate_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_attendance_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "participant_id", name=op.f("pk_attendance")),
    )
    op.create_index(
        op.f("ix_attendance_participant_id"), "attendance", ["participant_id"], unique=False
    )
    with op.batch_alter_table("debate_session") as batch:
        batch.add_column(sa.Column("peak_online", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("peak_online_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("debate_session") as batch:
        batch.drop_column("peak_online_at")
        batch.drop_column("peak_online")
    op.drop_index(op.f("ix_attendance_participant_id"), table_name="attendance")
    op.drop_table("attendance")
