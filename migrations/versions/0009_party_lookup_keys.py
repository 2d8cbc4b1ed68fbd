"""The lookup's keys: parties' folded name key and search terms, products' folded search key.

Existing rows get their keys here. The folding is copied (not imported from app/) so this
migration keeps doing what it did when the app's code moves on.

Revision ID: 0009
Revises: 0008
"""
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

TERM_MAX, KEY_MAX, BATCH = 60, 250, 5000
_WORD = re.compile(r"[^\W_]+")


def _words(text):
    decomposed = unicodedata.normalize("NFKD", text or "")
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return [word[:TERM_MAX] for word in _WORD.findall(folded)]


def _phone_terms(phone):
    number = re.sub(r"\D", "", phone or "")[:TERM_MAX]
    if not number:
        return set()
    if phone.lstrip().startswith("(") and len(number) > 2:
        return {number, number[2:]}
    return {number}


def upgrade():
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_key', sa.String(length=250), server_default='',
                                      nullable=False))
        batch_op.create_index('ix_parties_kind_name_key', ['kind', 'name_key', 'id'],
                              unique=False)
        batch_op.create_index('ix_parties_name_key', ['name_key', 'id'], unique=False)
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_key', sa.String(length=250), server_default='',
                                      nullable=False))
    op.create_table(
        'party_search_terms',
        sa.Column('term', sa.String(length=60), nullable=False),
        sa.Column('party_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['party_id'], ['parties.id'],
                                name=op.f('fk_party_search_terms_party_id_parties'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('term', 'party_id', name=op.f('pk_party_search_terms')),
    )
    with op.batch_alter_table('party_search_terms', schema=None) as batch_op:
        batch_op.create_index('ix_party_search_terms_party_term', ['party_id', 'term'],
                              unique=False)
    _fill_parties()
    _fill_products()


def _fill_parties():
    connection = op.get_bind()
    parties = sa.table('parties', sa.column('id'), sa.column('name'), sa.column('trade_name'),
                       sa.column('phone'), sa.column('mobile'), sa.column('name_key'))
    terms = sa.table('party_search_terms', sa.column('term'), sa.column('party_id'))
    rows = connection.execute(sa.select(parties.c.id, parties.c.name, parties.c.trade_name,
                                        parties.c.phone, parties.c.mobile)).all()
    keys, found = [], []
    for party_id, name, trade_name, phone, mobile in rows:
        name_words = _words(f"{name} {trade_name}")
        keys.append({"party_id": party_id, "key": " ".join(name_words)[:KEY_MAX]})
        for term in set(name_words) | _phone_terms(phone) | _phone_terms(mobile):
            found.append({"term": term, "party_id": party_id})
    update = parties.update().where(parties.c.id == sa.bindparam('party_id')).values(
        name_key=sa.bindparam('key'))
    for start in range(0, len(keys), BATCH):
        connection.execute(update, keys[start:start + BATCH])
    for start in range(0, len(found), BATCH):
        connection.execute(terms.insert(), found[start:start + BATCH])


def _fill_products():
    connection = op.get_bind()
    products = sa.table('products', sa.column('id'), sa.column('code'),
                        sa.column('description'), sa.column('search_key'))
    rows = connection.execute(sa.select(products.c.id, products.c.code,
                                        products.c.description)).all()
    keys = [{"product_id": product_id,
             "key": " ".join(_words(f"{code} {description}"))[:KEY_MAX]}
            for product_id, code, description in rows]
    update = products.update().where(products.c.id == sa.bindparam('product_id')).values(
        search_key=sa.bindparam('key'))
    for start in range(0, len(keys), BATCH):
        connection.execute(update, keys[start:start + BATCH])


def downgrade():
    with op.batch_alter_table('party_search_terms', schema=None) as batch_op:
        batch_op.drop_index('ix_party_search_terms_party_term')
    op.drop_table('party_search_terms')
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_column('search_key')
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.drop_index('ix_parties_name_key')
        batch_op.drop_index('ix_parties_kind_name_key')
        batch_op.drop_column('name_key')
