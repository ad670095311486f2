-- Users sign in with a username that is unique regardless of letter case.
create table users (
    id                  uuid        primary key,
    username            text        not null,
    normalized_username text        not null,
    password_hash       text        not null,
    is_admin            boolean     not null,
    is_active           boolean     not null,
    created_at          timestamptz not null
);
create unique index ux_users_normalized_username on users (normalized_username);
create index ix_users_created on users (created_at, id);

-- Only the SHA-256 of a token is stored; the hint is the non-secret first 10 characters.
create table api_tokens (
    id           uuid        primary key,
    user_id      uuid        not null references users (id) on delete cascade,
    name         text        not null,
    hint         text        not null,
    token_hash   bytea       not null,
    created_at   timestamptz not null,
    last_used_at timestamptz,
    expires_at   timestamptz,
    constraint ck_api_tokens_hash_is_sha256 check (octet_length(token_hash) = 32)
);
create unique index ux_api_tokens_token_hash on api_tokens (token_hash);
create index ix_api_tokens_user_created on api_tokens (user_id, created_at desc, id desc);
create index ix_api_tokens_created on api_tokens (created_at desc, id desc);
