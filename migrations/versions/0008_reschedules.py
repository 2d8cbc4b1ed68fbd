"""How many times each return was put off (Adiar), and the follow-up type per document kind.

A follow-up started from a Venda is Pós-Venda, from an Orçamento or a Pedido de Venda Em Análise
(Configurações Gerais can change each).

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

DOCUMENT_TYPES = (('quote', 'Em Análise'), ('order', 'Em Análise'), ('sale', 'Pós-Venda'))


def upgrade():
    # A plain ADD COLUMN: a batch copy of this table would drop the search index's triggers.
    op.add_column('follow_up_entries', sa.Column('reschedule_count', sa.Integer(),
                                                 server_default='0', nullable=False))
    with op.batch_alter_table('settings', schema=None) as batch_op:
        for kind, _name in DOCUMENT_TYPES:
            column = f'{kind}_follow_up_type_id'
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f'fk_settings_{column}_follow_up_types'), 'follow_up_types',
                [column], ['id'])
    for kind, name in DOCUMENT_TYPES:
        op.execute(sa.text(
            f"update settings set {kind}_follow_up_type_id = "
            "(select id from follow_up_types where name = :name)").bindparams(name=name))


def downgrade():
    with op.batch_alter_table('settings', schema=None) as batch_op:
        for kind, _name in DOCUMENT_TYPES:
            column = f'{kind}_follow_up_type_id'
            batch_op.drop_constraint(batch_op.f(f'fk_settings_{column}_follow_up_types'),
                                     type_='foreignkey')
            batch_op.drop_column(column)
    op.drop_column('follow_up_entries', 'reschedule_count')  # no batch copy: see upgrade()
