-- Who did what to which token or user, from where: written in the same transaction as the change itself.
-- No foreign keys: the trail must outlive the tokens (and any user) it talks about.
create table audit_events (
    id              uuid        primary key,
    occurred_at     timestamptz not null,
    event           text        not null,
    actor_user_id   uuid,
    subject_user_id uuid,
    token_id        uuid,
    token_hint      text,
    client_address  text
);
-- Newest first, keyset-paged, optionally narrowed to one subject user or one kind of event.
create index ix_audit_events_occurred on audit_events (occurred_at desc, id desc);
create index ix_audit_events_subject_occurred on audit_events (subject_user_id, occurred_at desc, id desc);
create index ix_audit_events_event_occurred on audit_events (event, occurred_at desc, id desc);
