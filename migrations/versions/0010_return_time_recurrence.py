"""Hora do retorno, recurring returns, and the time-of-day alarm's "sent" mark on entries.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

COLUMNS = ('return_time', 'repeat_every', 'repeat_unit', 'time_alert_sent_for')


def upgrade():
    # Plain ADD COLUMNs: a batch copy of this table would drop the search index's triggers.
    op.add_column('follow_up_entries', sa.Column('return_time', sa.Time(), nullable=True))
    op.add_column('follow_up_entries', sa.Column('repeat_every', sa.Integer(), nullable=True))
    op.add_column('follow_up_entries', sa.Column('repeat_unit', sa.String(length=6),
                                                 nullable=True))
    op.add_column('follow_up_entries', sa.Column('time_alert_sent_for', sa.DateTime(),
                                                 nullable=True))


def downgrade():
    for column in reversed(COLUMNS):
        op.drop_column('follow_up_entries', column)  # no batch copy: see upgrade()
