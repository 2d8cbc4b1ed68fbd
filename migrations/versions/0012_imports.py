"""Imports: the saved column mappings, and the Inscrição Estadual the other systems hold.

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'import_mappings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('target', sa.String(length=20), nullable=False),
        sa.Column('columns', sa.JSON(), nullable=False),
        sa.Column('saved_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_mappings')),
        sa.UniqueConstraint('target', name=op.f('uq_import_mappings_target')),
    )
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state_registration', sa.String(length=20),
                                      server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.drop_column('state_registration')
    op.drop_table('import_mappings')
