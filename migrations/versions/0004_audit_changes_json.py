"""The audit trail's changes as a JSON column instead of JSON written into text.

On SQLite the stored text stays as it is (Alembic copies a column becoming JSON without a
CAST, which would turn the text into a number): old rows read back as dicts.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.alter_column('changes', existing_type=sa.Text(), type_=sa.JSON(),
                              existing_nullable=False, postgresql_using='changes::json')


def downgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.alter_column('changes', existing_type=sa.JSON(), type_=sa.Text(),
                              existing_nullable=False, postgresql_using='changes::text')
