"""Full-text index over entry texts (SQLite FTS5); return-date indexes that cover the lists.

The FTS index follows follow_up_entries through triggers: a later migration that rebuilds that
table (batch mode on SQLite) must create the three triggers again.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

FTS_TRIGGERS = {
    "follow_up_entries_fts_ai": """
        CREATE TRIGGER follow_up_entries_fts_ai AFTER INSERT ON follow_up_entries BEGIN
          INSERT INTO follow_up_entries_fts(rowid, notes, complaints, internal_comment)
          VALUES (new.id, new.notes, new.complaints, new.internal_comment);
        END""",
    "follow_up_entries_fts_ad": """
        CREATE TRIGGER follow_up_entries_fts_ad AFTER DELETE ON follow_up_entries BEGIN
          INSERT INTO follow_up_entries_fts(follow_up_entries_fts, rowid, notes, complaints,
                                            internal_comment)
          VALUES ('delete', old.id, old.notes, old.complaints, old.internal_comment);
        END""",
    "follow_up_entries_fts_au": """
        CREATE TRIGGER follow_up_entries_fts_au
        AFTER UPDATE OF notes, complaints, internal_comment ON follow_up_entries BEGIN
          INSERT INTO follow_up_entries_fts(follow_up_entries_fts, rowid, notes, complaints,
                                            internal_comment)
          VALUES ('delete', old.id, old.notes, old.complaints, old.internal_comment);
          INSERT INTO follow_up_entries_fts(rowid, notes, complaints, internal_comment)
          VALUES (new.id, new.notes, new.complaints, new.internal_comment);
        END""",
}


def upgrade():
    with op.batch_alter_table('follow_up_entries', schema=None) as batch_op:
        batch_op.create_index('ix_entries_return', ['return_date', 'id'], unique=False)
        batch_op.create_index('ix_entries_responsible_return',
                              ['responsible_id', 'return_date', 'id'], unique=False)
        # deleted_at at the end: due counts and list filters read the index alone.
        batch_op.drop_index('ix_entries_status_return')
        batch_op.create_index('ix_entries_status_return',
                              ['status', 'return_date', 'id', 'deleted_at'], unique=False)
        batch_op.drop_index('ix_entries_responsible_status_return')
        batch_op.create_index('ix_entries_responsible_status_return',
                              ['responsible_id', 'status', 'return_date', 'deleted_at'],
                              unique=False)
    if op.get_bind().dialect.name != 'sqlite':
        return
    op.execute("""
        CREATE VIRTUAL TABLE follow_up_entries_fts USING fts5(
          notes, complaints, internal_comment,
          content='follow_up_entries', content_rowid='id',
          tokenize='unicode61 remove_diacritics 2')""")
    for ddl in FTS_TRIGGERS.values():
        op.execute(ddl)
    op.execute("INSERT INTO follow_up_entries_fts(follow_up_entries_fts) VALUES ('rebuild')")


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        for name in FTS_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS follow_up_entries_fts")
    with op.batch_alter_table('follow_up_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_entries_return')
        batch_op.drop_index('ix_entries_responsible_return')
        batch_op.drop_index('ix_entries_responsible_status_return')
        batch_op.create_index('ix_entries_responsible_status_return',
                              ['responsible_id', 'status', 'return_date'], unique=False)
        batch_op.drop_index('ix_entries_status_return')
        batch_op.create_index('ix_entries_status_return', ['status', 'return_date', 'id'],
                              unique=False)
