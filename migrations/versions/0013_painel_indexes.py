"""Indexes for the Painel: returns closed this week, open returns per day and type, and entries
with a complaint by contact instant (each count reads its index alone).

Revision ID: 0013
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op


revision = '0013'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # Plain CREATE INDEX: a batch copy of this table would drop the search index's triggers.
    op.create_index('ix_entries_done_at', 'follow_up_entries',
                    ['done_at', 'responsible_id', 'status', 'deleted_at'])
    op.create_index('ix_entries_status_return_type', 'follow_up_entries',
                    ['status', 'return_date', 'type_id', 'responsible_id', 'deleted_at'])
    op.create_index('ix_entries_complaints_contacted', 'follow_up_entries',
                    ['contacted_at', 'responsible_id', 'deleted_at', 'complaints'],
                    sqlite_where=sa.text("complaints <> '' AND deleted_at IS NULL"))


def downgrade():
    op.drop_index('ix_entries_complaints_contacted', table_name='follow_up_entries')
    op.drop_index('ix_entries_status_return_type', table_name='follow_up_entries')
    op.drop_index('ix_entries_done_at', table_name='follow_up_entries')
