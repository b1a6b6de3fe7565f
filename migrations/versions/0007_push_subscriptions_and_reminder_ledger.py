"""push subscriptions and reminder ledger

Browsers' push subscriptions (one account per endpoint), the reminder ledger whose UNIQUE
(patient, subject, local date, kind) makes each reminder go out once however many workers run,
and the devices each reminder reached, so a retry never reaches one twice.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 17:10:16.131332

"""
from alembic import op
import sqlalchemy as sa

import backend.database


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('push_subscriptions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('endpoint', sa.String(length=2048), nullable=False),
    sa.Column('p256dh', sa.String(length=128), nullable=False),
    sa.Column('auth', sa.String(length=64), nullable=False),
    sa.Column('created_at', backend.database.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('endpoint')
    )
    with op.batch_alter_table('push_subscriptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_push_subscriptions_user_id'), ['user_id'], unique=False)

    op.create_table('reminder_sends',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('subject', sa.String(length=40), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=True),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('due_at', backend.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', backend.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', backend.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('lease_until', backend.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('claimed_by', sa.Uuid(), nullable=True),
    sa.Column('sent_at', backend.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', backend.database.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['care_plan_items.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['patient_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('patient_id', 'subject', 'local_date', 'kind', name='uq_reminder_sends_once')
    )
    with op.batch_alter_table('reminder_sends', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_sends_item_id'), ['item_id'], unique=False)
        batch_op.create_index('ix_reminder_sends_due_at', ['due_at'], unique=False)
        batch_op.create_index('ix_reminder_sends_status_next', ['status', 'next_attempt_at'], unique=False)

    op.create_table('reminder_deliveries',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('send_id', sa.Uuid(), nullable=False),
    sa.Column('subscription_id', sa.Uuid(), nullable=False),
    sa.Column('delivered_at', backend.database.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['send_id'], ['reminder_sends.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subscription_id'], ['push_subscriptions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('send_id', 'subscription_id', name='uq_reminder_deliveries_send_subscription')
    )
    with op.batch_alter_table('reminder_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_deliveries_subscription_id'), ['subscription_id'], unique=False)



def downgrade():
    with op.batch_alter_table('reminder_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_deliveries_subscription_id'))

    op.drop_table('reminder_deliveries')
    with op.batch_alter_table('reminder_sends', schema=None) as batch_op:
        batch_op.drop_index('ix_reminder_sends_status_next')
        batch_op.drop_index('ix_reminder_sends_due_at')
        batch_op.drop_index(batch_op.f('ix_reminder_sends_item_id'))

    op.drop_table('reminder_sends')
    with op.batch_alter_table('push_subscriptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_subscriptions_user_id'))

    op.drop_table('push_subscriptions')
