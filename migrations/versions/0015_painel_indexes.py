"""Indexes for the Painel: returns closed this week, and open returns per day and type (each
count reads its index alone).

Revision ID: 0015
Revises: 0014
"""
from alembic import op


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    # Plain CREATE INDEX: a batch copy of this table would drop the search index's triggers.
    op.create_index('ix_entries_done_at', 'follow_up_entries',
                    ['done_at', 'responsible_id', 'status', 'deleted_at'])
    op.create_index('ix_entries_status_return_type', 'follow_up_entries',
                    ['status', 'return_date', 'type_id', 'responsible_id', 'deleted_at'])


def downgrade():
    op.drop_index('ix_entries_status_return_type', table_name='follow_up_entries')
    op.drop_index('ix_entries_done_at', table_name='follow_up_entries')
