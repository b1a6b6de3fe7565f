"""reminder times

When each care-plan item reminds the patient (theirs to set) and the time a clinician suggests,
and the profile's bedtime and morning reminder, all local wall-clock times.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 17:05:04.482130

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('care_plan_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_at', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('suggested_reminder_at', sa.Time(), nullable=True))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bedtime', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('morning_reminder_at', sa.Time(), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('morning_reminder_at')
        batch_op.drop_column('bedtime')

    with op.batch_alter_table('care_plan_items', schema=None) as batch_op:
        batch_op.drop_column('suggested_reminder_at')
        batch_op.drop_column('reminder_at')
