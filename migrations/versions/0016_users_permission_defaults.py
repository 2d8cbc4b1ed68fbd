"""The area permissions' server defaults go: they filled the accounts that existed at 0007's
upgrade, and new accounts get their values from the app (the models declare no server default).

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

# (column, the default 0007 gave it)
COLUMNS = (
    ('can_access_parties', True),
    ('can_add_parties', True),
    ('can_edit_parties', True),
    ('can_delete_parties', False),
    ('can_access_sales', True),
    ('can_add_sales', True),
    ('can_edit_sales', True),
    ('can_cancel_sales', True),
    ('can_see_all_sales', True),
    ('can_access_products', True),
    ('can_edit_products', True),
)


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        for name, _default in COLUMNS:
            batch_op.alter_column(name, existing_type=sa.Boolean(), existing_nullable=False,
                                  server_default=None)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        for name, default in COLUMNS:
            batch_op.alter_column(name, existing_type=sa.Boolean(), existing_nullable=False,
                                  server_default='1' if default else '0')
