"""access log visits

The page visit a clinician's read belongs to (the id their page sends in X-Visit-Id), so the
patient's log shows one line for one look at their data instead of one per request.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 15:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visit_id', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.drop_column('visit_id')
