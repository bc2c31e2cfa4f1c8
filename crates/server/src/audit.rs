//! The audit log: one event per write, appended in the write's transaction.
//!
//! Most events are a user's write. The server also records what it does on its own (the
//! background re-check verifying or expiring a domain); such events have the actor
//! [`Actor::system`]: `user_id` and `email` are both `"system"`, and the database keeps a NULL
//! user id for them.

use rusqlite::Connection;
use ssodesk_model::{Actor, AuditEvent, Page, ResourceRef};

use crate::database::{now, parse_stored_timestamp};
use crate::extract::{encode_cursor, AuditQuery, Caller};
use crate::ids::{new_id, IdKind};
use crate::{Result, ServerError};

/// Who did what an event records.
#[derive(Debug, Clone, Copy)]
pub(crate) enum AuditActor<'a> {
    User(&'a Caller),
    /// The server on its own, such as the background re-check.
    System,
}

/// An event to append. `before` and `after` are the resource without caller-specific fields.
#[derive(Debug, Clone)]
pub(crate) struct NewAuditEvent<'a> {
    pub parent_id: &'a str,
    pub actor: AuditActor<'a>,
    /// A dotted verb such as `org.update`.
    pub action: &'static str,
    pub resource_type: &'static str,
    pub resource_id: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Appends an event. Call it inside the transaction of the write it records.
pub(crate) fn append(connection: &Connection, event: &NewAuditEvent<'_>) -> Result<String> {
    let id = new_id(IdKind::Event);
    let json_text = |value: &Option<serde_json::Value>| value.as_ref().map(serde_json::Value::to_string);
    let (actor_user_id, actor_email) = match event.actor {
        AuditActor::User(caller) => (Some(caller.user_id.as_str()), caller.email.as_str()),
        AuditActor::System => (None, Actor::SYSTEM),
    };
    connection.execute(
        "INSERT INTO audit_events
             (id, parent_id, at, actor_user_id, actor_email, action, resource_type, resource_id, before_json, after_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        rusqlite::params![
            id,
            event.parent_id,
            ssodesk_model::format_timestamp(now()),
            actor_user_id,
            actor_email,
            event.action,
            event.resource_type,
            event.resource_id,
            json_text(&event.before),
            json_text(&event.after),
        ],
    )?;
    Ok(id)
}

type RawEvent =
    (i64, String, String, String, Option<String>, String, String, String, String, Option<String>, Option<String>);

/// A page of a parent's events, newest first.
pub(crate) fn page(connection: &Connection, parent_id: &str, query: &AuditQuery) -> Result<Page<AuditEvent>> {
    let mut statement = connection.prepare(
        "SELECT seq, id, parent_id, at, actor_user_id, actor_email, action, resource_type, resource_id,
                before_json, after_json
         FROM audit_events
         WHERE parent_id = ?1 AND (?2 IS NULL OR seq < ?2)
         ORDER BY seq DESC
         LIMIT ?3",
    )?;
    // One more than asked for tells whether another page follows.
    let raws = statement
        .query_map(rusqlite::params![parent_id, query.before_seq, i64::from(query.limit) + 1], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
                row.get(6)?,
                row.get(7)?,
                row.get(8)?,
                row.get(9)?,
                row.get(10)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<RawEvent>>>()?;
    let has_more = raws.len() > query.limit as usize;
    let mut items = Vec::new();
    let mut last_seq = None;
    for raw in raws.into_iter().take(query.limit as usize) {
        let (seq, id, parent_id, at, user_id, email, action, resource_type, resource_id, before, after) = raw;
        let parse_json = |text: Option<String>| -> Result<Option<serde_json::Value>> {
            text.map(|text| serde_json::from_str(&text).map_err(|e| ServerError::corrupt("audit event JSON", e)))
                .transpose()
        };
        items.push(AuditEvent {
            id,
            parent_id,
            at: parse_stored_timestamp(&at)?,
            actor: match user_id {
                Some(user_id) => Actor { user_id, email },
                None => Actor::system(),
            },
            action,
            resource: ResourceRef { kind: resource_type, id: resource_id },
            before: parse_json(before)?,
            after: parse_json(after)?,
        });
        last_seq = Some(seq);
    }
    let next_cursor = if has_more { last_seq.map(encode_cursor) } else { None };
    Ok(Page { items, next_cursor })
}
