"""told dates and change versions

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reminder_told_dates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subscriber_id', sa.Integer(), nullable=False),
    sa.Column('centre', sa.String(length=64), nullable=False),
    sa.Column('provider', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['subscriber_id'], ['reminder_subscribers.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('subscriber_id', 'centre', 'provider', 'day')
    )
    with op.batch_alter_table('reminder_told_dates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_told_dates_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminder_told_dates_subscriber_id'), ['subscriber_id'], unique=False)

    with op.batch_alter_table('published_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('replaces', sa.Integer(), server_default='0', nullable=False))
    # Each change made so far replaced the one before it of the same record.
    op.execute(
        "UPDATE published_changes SET replaces = COALESCE((SELECT MAX(earlier.id) FROM published_changes AS earlier"
        " WHERE earlier.kind = published_changes.kind AND earlier.centre = published_changes.centre"
        " AND earlier.target = published_changes.target AND earlier.id < published_changes.id), 0)"
    )
    with op.batch_alter_table('published_changes', schema=None) as batch_op:
        batch_op.create_unique_constraint(
            'uq_published_changes_kind_centre_target_replaces', ['kind', 'centre', 'target', 'replaces']
        )


def downgrade() -> None:
    with op.batch_alter_table('published_changes', schema=None) as batch_op:
        batch_op.drop_constraint('uq_published_changes_kind_centre_target_replaces', type_='unique')
        batch_op.drop_column('replaces')
    with op.batch_alter_table('reminder_told_dates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_told_dates_subscriber_id'))
        batch_op.drop_index(batch_op.f('ix_reminder_told_dates_day'))
    op.drop_table('reminder_told_dates')
