-- Every change that takes rights away tells every instance of the web app, through NOTIFY on the channel
-- essal_credentials, so that no instance keeps a revoked token in its validation cache. Triggers rather than
-- application code: a notification is sent at commit, exactly when the change becomes visible, whatever made
-- it (the API, a cascade, an operator with psql). Payloads: 't:<token id>,…', 'u:<user id>,…', or '*' for all.

-- Sends the ids in chunks that stay far below NOTIFY's 8000-byte payload limit.
create function essal_notify_credentials(kind text, ids uuid[]) returns void language plpgsql as $$
declare
    chunk_size constant int := 150;
    i int := 1;
begin
    while i <= coalesce(array_length(ids, 1), 0) loop
        perform pg_notify('essal_credentials', kind || ':' || array_to_string(ids[i : i + chunk_size - 1], ','));
        i := i + chunk_size;
    end loop;
end
$$;

create function essal_tokens_deleted() returns trigger language plpgsql as $$
begin
    perform essal_notify_credentials('t', array(select id from gone));
    return null;
end
$$;

create trigger tr_api_tokens_notify_delete after delete on api_tokens
    referencing old table as gone for each statement execute function essal_tokens_deleted();

-- Changing what a token grants (not last_used_at, which the write-behind updates all the time).
create function essal_token_changed() returns trigger language plpgsql as $$
begin
    perform essal_notify_credentials('t', array[old.id]);
    return null;
end
$$;

create trigger tr_api_tokens_notify_update after update of user_id, token_hash, expires_at, hint on api_tokens
    for each row when (old.user_id is distinct from new.user_id or old.token_hash is distinct from new.token_hash
                       or old.expires_at is distinct from new.expires_at or old.hint is distinct from new.hint)
    execute function essal_token_changed();

create function essal_users_changed() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        perform essal_notify_credentials('u', array(select id from before_rows));
    else
        perform essal_notify_credentials('u', array(
            select b.id from before_rows b join after_rows a on a.id = b.id
             where b.is_active is distinct from a.is_active or b.is_admin is distinct from a.is_admin
                or b.username is distinct from a.username));
    end if;
    return null;
end
$$;

create trigger tr_users_notify_update after update on users
    referencing old table as before_rows new table as after_rows for each statement execute function essal_users_changed();
create trigger tr_users_notify_delete after delete on users
    referencing old table as before_rows for each statement execute function essal_users_changed();

create function essal_everything_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('essal_credentials', '*');
    return null;
end
$$;

create trigger tr_api_tokens_notify_truncate after truncate on api_tokens for each statement execute function essal_everything_changed();
create trigger tr_users_notify_truncate after truncate on users for each statement execute function essal_everything_changed();
