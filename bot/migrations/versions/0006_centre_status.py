"""centre status

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 23:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('status_year', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('status_source', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('centres', schema=None) as batch_op:
        batch_op.drop_column('status_source')
        batch_op.drop_column('status_year')
        batch_op.drop_column('status')
