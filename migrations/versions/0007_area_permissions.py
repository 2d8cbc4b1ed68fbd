"""Permissions per area: Clientes/Fornecedores, Orçamento/Pedido de Venda/Venda, Produtos.

Existing accounts keep what they could do before: every action on, except deleting customers
and suppliers; "see other users' documents" on, so no document disappears on upgrade (accounts
created afterwards start with it off).

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# (column, value for the accounts that exist when upgrading)
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
        for name, existing in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Boolean(), nullable=False,
                                          server_default='1' if existing else '0'))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        for name, _existing in reversed(COLUMNS):
            batch_op.drop_column(name)
