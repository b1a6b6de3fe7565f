"""diary and sync log indexes

The diary reads a page of live episodes in its order straight off an index (newest first, the
id breaking ties), and counts them there, instead of sorting the whole diary on every read. A
pushed batch looks its records up in the sync log by patient and id, whatever the entity: the id
comes second in the index, so each is a lookup, not a scan of the patient's whole log.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 20:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

LIVE = sa.text('deleted_at IS NULL')


def upgrade():
    with op.batch_alter_table('episodes', schema=None) as batch_op:
        batch_op.drop_index('ix_episodes_patient_started')
        batch_op.create_index(
            'ix_episodes_diary', ['patient_id', 'started_at', 'id'], unique=False,
            sqlite_where=LIVE, postgresql_where=LIVE,
        )

    with op.batch_alter_table('sync_mutations', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_mutations_record')
        batch_op.create_index('ix_sync_mutations_record', ['patient_id', 'entity_id', 'entity'], unique=False)


def downgrade():
    with op.batch_alter_table('sync_mutations', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_mutations_record')
        batch_op.create_index('ix_sync_mutations_record', ['patient_id', 'entity', 'entity_id'], unique=False)

    with op.batch_alter_table('episodes', schema=None) as batch_op:
        batch_op.drop_index('ix_episodes_diary')
        batch_op.create_index('ix_episodes_patient_started', ['patient_id', 'started_at'], unique=False)
