"""reminder heartbeats

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 14:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reminder_heartbeats',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )


def downgrade() -> None:
    op.drop_table('reminder_heartbeats')
