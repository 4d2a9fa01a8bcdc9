"""participant.interface_language: the language a participant chose for Agora's pages

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("participant") as batch:
        batch.add_column(sa.Column("interface_language", sa.String(length=12), nullable=True))


def downgrade():
    with op.batch_alter_table("participant") as batch:
        batch.drop_column("interface_language")
