"""helpdesk

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 18:23:19
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('helpdesk_tickets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('user_key', sa.String(length=64), nullable=False),
    sa.Column('centre', sa.String(length=64), nullable=True),
    sa.Column('province', sa.String(length=8), nullable=True),
    sa.Column('provider', sa.String(length=64), nullable=True),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('number', sa.LargeBinary(), nullable=True),
    sa.Column('number_tail', sa.String(length=4), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('assigned_to', sa.Integer(), nullable=True),
    sa.Column('status_by', sa.Integer(), nullable=True),
    sa.Column('status_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('citizen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('first_reply_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('late_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assigned_to'], ['console_users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reference')
    )
    with op.batch_alter_table('helpdesk_tickets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_helpdesk_tickets_assigned_to'), ['assigned_to'], unique=False)
        batch_op.create_index(batch_op.f('ix_helpdesk_tickets_centre'), ['centre'], unique=False)
        batch_op.create_index(batch_op.f('ix_helpdesk_tickets_closed_at'), ['closed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_helpdesk_tickets_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_helpdesk_tickets_province'), ['province'], unique=False)
        batch_op.create_index('ix_helpdesk_tickets_status_created', ['status', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_helpdesk_tickets_user_key'), ['user_key'], unique=False)

    op.create_table('helpdesk_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('via', sa.String(length=16), nullable=True),
    sa.Column('delivery', sa.String(length=16), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sid', sa.String(length=64), nullable=True),
    sa.Column('provider_status', sa.String(length=16), nullable=True),
    sa.Column('error', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['helpdesk_tickets.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['console_users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('helpdesk_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_helpdesk_entries_delivery'), ['delivery'], unique=False)
        batch_op.create_index(batch_op.f('ix_helpdesk_entries_sid'), ['sid'], unique=False)
        batch_op.create_index(batch_op.f('ix_helpdesk_entries_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('helpdesk_canned_replies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre', sa.String(length=64), nullable=True),
    sa.Column('province', sa.String(length=8), nullable=True),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=80), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['console_users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('helpdesk_canned_replies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_helpdesk_canned_replies_centre'), ['centre'], unique=False)
        batch_op.create_index(batch_op.f('ix_helpdesk_canned_replies_province'), ['province'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('helpdesk_canned_replies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_helpdesk_canned_replies_province'))
        batch_op.drop_index(batch_op.f('ix_helpdesk_canned_replies_centre'))

    op.drop_table('helpdesk_canned_replies')
    with op.batch_alter_table('helpdesk_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_helpdesk_entries_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_helpdesk_entries_sid'))
        batch_op.drop_index(batch_op.f('ix_helpdesk_entries_delivery'))

    op.drop_table('helpdesk_entries')
    with op.batch_alter_table('helpdesk_tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_helpdesk_tickets_user_key'))
        batch_op.drop_index('ix_helpdesk_tickets_status_created')
        batch_op.drop_index(batch_op.f('ix_helpdesk_tickets_province'))
        batch_op.drop_index(batch_op.f('ix_helpdesk_tickets_created_at'))
        batch_op.drop_index(batch_op.f('ix_helpdesk_tickets_closed_at'))
        batch_op.drop_index(batch_op.f('ix_helpdesk_tickets_centre'))
        batch_op.drop_index(batch_op.f('ix_helpdesk_tickets_assigned_to'))

    op.drop_table('helpdesk_tickets')
