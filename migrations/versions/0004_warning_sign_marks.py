"""warning sign marks

An occurrence of a warning sign (a rule with the evidence that raised it) that the patient marked
seen or a clinician reviewed; synced to the patient's devices like every other record.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 15:27:17.149555

"""
from alembic import op
import sqlalchemy as sa

import backend.database


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_marks',
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('occurrence', sa.String(length=60), nullable=False),
    sa.Column('tokens', sa.JSON(), nullable=False),
    sa.Column('acknowledged_at', backend.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reviewed_at', backend.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reviewer_id', sa.Uuid(), nullable=True),
    sa.Column('reviewer_name', sa.String(length=100), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', backend.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', backend.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', backend.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('change_seq', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['users.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('patient_id', 'occurrence', name='uq_sign_marks_patient_occurrence')
    )
    with op.batch_alter_table('sign_marks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_marks_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index('ix_sign_marks_patient_change', ['patient_id', 'change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_marks_patient_id'), ['patient_id'], unique=False)



def downgrade():
    with op.batch_alter_table('sign_marks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_marks_patient_id'))
        batch_op.drop_index('ix_sign_marks_patient_change')
        batch_op.drop_index(batch_op.f('ix_sign_marks_change_seq'))

    op.drop_table('sign_marks')
