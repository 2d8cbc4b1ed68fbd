"""Automatic rules (their switches, delays and run-once marks), the rule that made an entry, and
complaints as records with a response deadline in business days.

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# Every rule starts off, with the delay the settings page suggests.
RULES = (('after_sale', 7), ('open_quote', 7), ('no_contact', 90))


def upgrade():
    rules = op.create_table(
        'automatic_rules',
        sa.Column('name', sa.String(length=30), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('delay_days', sa.Integer(), nullable=False),
        sa.Column('enabled_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_automatic_rules')),
    )
    op.bulk_insert(rules, [{'name': name, 'enabled': False, 'delay_days': days}
                           for name, days in RULES])
    op.create_table(
        'complaints',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=False),
        sa.Column('party_id', sa.Integer(), nullable=False),
        sa.Column('responsible_id', sa.Integer(), nullable=False),
        sa.Column('opened_on', sa.Date(), nullable=False),
        sa.Column('deadline', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('resolution', sa.Text(), nullable=False),
        sa.Column('resolved_on', sa.Date(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['entry_id'], ['follow_up_entries.id'],
                                name=op.f('fk_complaints_entry_id_follow_up_entries')),
        sa.ForeignKeyConstraint(['party_id'], ['parties.id'],
                                name=op.f('fk_complaints_party_id_parties')),
        sa.ForeignKeyConstraint(['responsible_id'], ['users.id'],
                                name=op.f('fk_complaints_responsible_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_complaints')),
        sa.UniqueConstraint('entry_id', name=op.f('uq_complaints_entry_id')),
    )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index('ix_complaints_opened_on', ['opened_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_party_id'), ['party_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_responsible_id'), ['responsible_id'],
                              unique=False)
        batch_op.create_index('ix_complaints_status_deadline', ['status', 'deadline'],
                              unique=False)
    op.create_table(
        'rule_marks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('rule', sa.String(length=30), nullable=False),
        sa.Column('subject', sa.String(length=60), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['entry_id'], ['follow_up_entries.id'],
                                name=op.f('fk_rule_marks_entry_id_follow_up_entries')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_marks')),
        sa.UniqueConstraint('rule', 'subject', name='uq_rule_marks_rule_subject'),
    )
    # A plain ADD COLUMN: a batch copy of this table would drop the search index's triggers.
    op.add_column('follow_up_entries', sa.Column('created_by_rule', sa.String(length=30),
                                                 nullable=True))
    with op.batch_alter_table('settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('complaint_response_days', sa.Integer(),
                                      server_default='5', nullable=False))


def downgrade():
    with op.batch_alter_table('settings', schema=None) as batch_op:
        batch_op.drop_column('complaint_response_days')
    op.drop_column('follow_up_entries', 'created_by_rule')  # no batch copy: see upgrade()
    op.drop_table('rule_marks')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index('ix_complaints_status_deadline')
        batch_op.drop_index(batch_op.f('ix_complaints_responsible_id'))
        batch_op.drop_index(batch_op.f('ix_complaints_party_id'))
        batch_op.drop_index('ix_complaints_opened_on')
    op.drop_table('complaints')
    op.drop_table('automatic_rules')
