//! How every write runs: idempotency check, the change, its audit event and the stored answer,
//! all in one SQLite transaction.
//!
//! Invariant: a write is all or nothing. If the process dies at any point, either the change,
//! its audit event and its stored idempotent answer are all in the database, or none of them is.

use axum::http::StatusCode;
use axum::response::Response;
use rusqlite::{Connection, TransactionBehavior};
use ssodesk_model::ProblemKind;

use crate::extract::{ActionConditions, Caller, PutConditions, WriteConditions};
use crate::idempotency::{self, fingerprint, IdempotencyKey, StoredResponse};
use crate::problem::ApiProblem;

/// A write request, as the transaction needs it.
#[derive(Debug, Clone)]
pub(crate) struct WriteRequest {
    pub caller: Caller,
    /// The version the change is based on; `None` for a POST that creates or acts (no `If-Match`).
    pub if_match: Option<i64>,
    pub idempotency_key: Option<IdempotencyKey>,
    pub fingerprint: String,
}

impl WriteRequest {
    /// A change to an existing resource, based on the version in `If-Match`.
    pub fn new(caller: Caller, conditions: &WriteConditions, body: &[u8]) -> WriteRequest {
        let if_match = Some(conditions.if_match);
        WriteRequest {
            caller,
            if_match,
            idempotency_key: conditions.idempotency_key.clone(),
            fingerprint: fingerprint(&conditions.method, &conditions.path, if_match, body),
        }
    }

    /// A PUT that creates (no `If-Match`) or replaces (`If-Match`) a resource.
    pub fn put(caller: Caller, conditions: &PutConditions, body: &[u8]) -> WriteRequest {
        WriteRequest {
            caller,
            if_match: conditions.if_match,
            idempotency_key: conditions.idempotency_key.clone(),
            fingerprint: fingerprint(&conditions.method, &conditions.path, conditions.if_match, body),
        }
    }

    /// A POST that creates a resource or asks for an action: no version to match.
    pub fn action(caller: Caller, conditions: &ActionConditions, body: &[u8]) -> WriteRequest {
        WriteRequest {
            caller,
            if_match: None,
            idempotency_key: conditions.idempotency_key.clone(),
            fingerprint: fingerprint(&conditions.method, &conditions.path, None, body),
        }
    }
}

/// What a successful change answers: a status and the resource as the caller now sees it with
/// its version, or no content (204, a deletion).
#[derive(Debug, Clone)]
pub(crate) struct Written {
    pub status: StatusCode,
    /// The JSON body and the version for the ETag; `None` for 204 No Content.
    pub resource: Option<(Vec<u8>, i64)>,
}

impl Written {
    /// 200 with `resource` at `version`.
    pub fn new(resource: &impl serde::Serialize, version: i64) -> Written {
        Written::with_status(StatusCode::OK, resource, version)
    }

    /// 201 with the resource just created.
    pub fn created(resource: &impl serde::Serialize, version: i64) -> Written {
        Written::with_status(StatusCode::CREATED, resource, version)
    }

    /// 204 No Content.
    pub fn no_content() -> Written {
        Written { status: StatusCode::NO_CONTENT, resource: None }
    }

    fn with_status(status: StatusCode, resource: &impl serde::Serialize, version: i64) -> Written {
        let body = serde_json::to_vec(resource).expect("API resources are plain data and always serialise");
        Written { status, resource: Some((body, version)) }
    }

    fn into_stored(self) -> StoredResponse {
        match self.resource {
            Some((body, version)) => StoredResponse::json(self.status, body, Some(etag(version))),
            None => StoredResponse::empty(self.status),
        }
    }
}

pub(crate) fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// The problem for a write based on `if_match` when the resource is at `current_version`, or
/// `None` when they agree (or the write names no version). The problem carries `current`, the
/// resource as the caller sees it now.
pub(crate) fn version_mismatch(
    if_match: Option<i64>,
    current_version: i64,
    current: &impl serde::Serialize,
) -> Option<ApiProblem> {
    let if_match = if_match?;
    if if_match == current_version {
        return None;
    }
    let mut problem = ApiProblem::new(
        ProblemKind::VersionMismatch,
        format!("you sent If-Match \"{if_match}\" but the resource is at version \"{current_version}\""),
    );
    problem.problem.current = serde_json::to_value(current).ok();
    Some(problem)
}

/// The stored answer for `request`'s idempotency key, read without writing anything: the replay
/// for the same request, a 422 for a different one, `None` when the key is new (or absent).
///
/// For writes that do slow work (a DNS check) before their transaction: a retry is answered
/// at once instead of doing the work again. [`run_write`] checks again inside the transaction.
pub(crate) fn stored_answer(connection: &Connection, request: &WriteRequest) -> Result<Option<Response>, ApiProblem> {
    let Some(key) = &request.idempotency_key else { return Ok(None) };
    let now_unix = time::OffsetDateTime::now_utc().unix_timestamp();
    match idempotency::find(connection, &request.caller.user_id, key, now_unix)? {
        Some((stored_fingerprint, stored)) if stored_fingerprint == request.fingerprint => {
            Ok(Some(stored.into_response(true)))
        }
        Some(_) => Err(key_reused()),
        None => Ok(None),
    }
}

fn key_reused() -> ApiProblem {
    ApiProblem::new(
        ProblemKind::IdempotencyKeyReused,
        "this Idempotency-Key was used for a different request (method, path, If-Match or body); use a new key",
    )
}

/// Runs `apply` as one write of `request`.
///
/// With an idempotency key: a stored answer for the same request is replayed without running
/// `apply`; a stored answer for a different request is a 422. Otherwise `apply` runs, and its
/// answer — success or a 4xx problem — is stored with the key. A 5xx is never stored, and rolls
/// everything back.
pub(crate) fn run_write(
    connection: &mut Connection,
    request: &WriteRequest,
    apply: impl FnOnce(&Connection) -> Result<Written, ApiProblem>,
) -> Result<Response, ApiProblem> {
    let now_unix = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(key) = &request.idempotency_key {
        idempotency::delete_expired(&transaction, now_unix)?;
        if let Some((stored_fingerprint, stored)) =
            idempotency::find(&transaction, &request.caller.user_id, key, now_unix)?
        {
            transaction.commit()?;
            if stored_fingerprint == request.fingerprint {
                return Ok(stored.into_response(true));
            }
            return Err(key_reused());
        }
    }
    // The change runs in a savepoint, so a refusal leaves nothing of it behind while the stored
    // answer still commits.
    let outcome = {
        let savepoint = transaction.savepoint()?;
        match apply(&savepoint) {
            Ok(written) => {
                savepoint.commit()?;
                Ok(written)
            }
            Err(problem) => Err(problem),
        }
    };
    let stored = match outcome {
        Ok(written) => written.into_stored(),
        Err(problem) if problem.is_server_fault() => return Err(problem),
        Err(problem) => StoredResponse::problem(&problem),
    };
    if let Some(key) = &request.idempotency_key {
        idempotency::store(&transaction, &request.caller.user_id, key, &request.fingerprint, &stored, now_unix)?;
    }
    transaction.commit()?;
    Ok(stored.into_response(false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Database;

    struct Fixture {
        _dir: tempfile::TempDir,
        db: Database,
        caller: Caller,
    }

    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(&dir.path().join("server.db")).unwrap();
        db.seed().unwrap();
        let caller = db
            .with_connection(|connection| {
                Ok(connection.query_row("SELECT id, email FROM users ORDER BY rowid LIMIT 1", [], |row| {
                    Ok(Caller { user_id: row.get(0)?, email: row.get(1)? })
                })?)
            })
            .unwrap();
        Fixture { _dir: dir, db, caller }
    }

    fn request(caller: &Caller, key: Option<&str>, fingerprint: &str) -> WriteRequest {
        WriteRequest {
            caller: caller.clone(),
            if_match: Some(1),
            idempotency_key: key.map(|key| IdempotencyKey::parse(key).unwrap()),
            fingerprint: fingerprint.to_owned(),
        }
    }

    fn parent_name(db: &Database) -> String {
        db.with_connection(|connection| Ok(connection.query_row("SELECT name FROM parents", [], |row| row.get(0))?))
            .unwrap()
    }

    fn stored_keys(db: &Database) -> i64 {
        db.with_connection(|connection| {
            Ok(connection.query_row("SELECT COUNT(*) FROM idempotency_keys", [], |row| row.get(0))?)
        })
        .unwrap()
    }

    fn rename(connection: &Connection, name: &str) -> rusqlite::Result<usize> {
        connection.execute("UPDATE parents SET name = ?1", [name])
    }

    #[test]
    fn a_refusal_undoes_the_change_but_keeps_the_stored_answer() {
        let fixture = fixture();
        let request = request(&fixture.caller, Some("refused"), "fp");
        let response = fixture
            .db
            .with_connection(|connection| {
                Ok(run_write(connection, &request, |connection| {
                    rename(connection, "half-applied")?;
                    Err(ApiProblem::forbidden("no"))
                }))
            })
            .unwrap()
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(parent_name(&fixture.db), "Acme Corp");
        assert_eq!(stored_keys(&fixture.db), 1);
    }

    #[test]
    fn a_server_fault_rolls_back_everything_and_stores_nothing() {
        let fixture = fixture();
        let request = request(&fixture.caller, Some("faulty"), "fp");
        let outcome = fixture
            .db
            .with_connection(|connection| {
                Ok(run_write(connection, &request, |connection| {
                    rename(connection, "half-applied")?;
                    Err(ApiProblem::new(ProblemKind::Internal, "disk on fire"))
                }))
            })
            .unwrap();
        assert!(outcome.is_err());
        assert_eq!(parent_name(&fixture.db), "Acme Corp");
        assert_eq!(stored_keys(&fixture.db), 0, "a retry gets another chance");
    }

    #[test]
    fn a_replay_does_not_run_the_change_again() {
        let fixture = fixture();
        let request = request(&fixture.caller, Some("once"), "fp");
        let mut runs = 0;
        for _ in 0..3 {
            let response = fixture
                .db
                .with_connection(|connection| {
                    Ok(run_write(connection, &request, |connection| {
                        runs += 1;
                        rename(connection, "Renamed")?;
                        Ok(Written::new(&serde_json::json!({ "name": "Renamed" }), 2))
                    }))
                })
                .unwrap()
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
        }
        assert_eq!(runs, 1);
        assert_eq!(parent_name(&fixture.db), "Renamed");
    }

    #[test]
    fn stored_answers_expire_after_a_day() {
        let fixture = fixture();
        let key = IdempotencyKey::parse("old").unwrap();
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let lifetime = idempotency::KEY_LIFETIME.as_secs() as i64;
        fixture
            .db
            .with_connection(|connection| {
                let answer = StoredResponse::json(StatusCode::OK, b"{}".to_vec(), None);
                idempotency::store(connection, &fixture.caller.user_id, &key, "fp", &answer, now - lifetime - 1)?;
                assert!(idempotency::find(connection, &fixture.caller.user_id, &key, now)?.is_none());
                assert!(idempotency::find(connection, &fixture.caller.user_id, &key, now - 2)?.is_some());
                idempotency::delete_expired(connection, now)?;
                assert!(idempotency::find(connection, &fixture.caller.user_id, &key, now - 2)?.is_none());
                Ok(())
            })
            .unwrap();
        // An expired key may be used for a new request.
        let request = request(&fixture.caller, Some("old"), "another fingerprint");
        let response = fixture
            .db
            .with_connection(|connection| {
                Ok(run_write(connection, &request, |_| Ok(Written::new(&serde_json::json!({}), 1))))
            })
            .unwrap()
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.headers().get(idempotency::REPLAYED_HEADER).is_none());
    }
}
