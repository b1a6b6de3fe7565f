"""spent ids and item pauses

Ids of purged records stay spent, so neither REST nor sync recreates them; the days an item was
paused or stopped are kept so adherence never counts them as missed. Items paused before this
revision have no pause rows: adherence then counts none of their days (see insights.adherence).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 14:41:16.469668

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('purged_records',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('entity', sa.String(length=30), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('purged_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_purged_records_patient_id'), ['patient_id'], unique=False)

    op.create_table('care_plan_item_pauses',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['care_plan_items.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('care_plan_item_pauses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_care_plan_item_pauses_item_id'), ['item_id'], unique=False)



def downgrade():
    with op.batch_alter_table('care_plan_item_pauses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_care_plan_item_pauses_item_id'))

    op.drop_table('care_plan_item_pauses')
    with op.batch_alter_table('purged_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_purged_records_patient_id'))

    op.drop_table('purged_records')
