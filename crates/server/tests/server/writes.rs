//! Preconditions, idempotency and the all-or-nothing write.

use reqwest::StatusCode;
use serde_json::json;
use ssodesk_model::{ProblemKind, ORG_NAME_MAX_CHARS};

use crate::support::{Answer, TestServer};

#[tokio::test]
async fn a_write_without_if_match_gets_428() {
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");
    let path = format!("/v1/orgs/{}", server.org_id("Acme Team"));
    let answer =
        Answer::of(server.request(reqwest::Method::PATCH, &path, &ada).json(&json!({ "name": "No precondition" })))
            .await;
    answer.problem(ProblemKind::PreconditionRequired);
    assert_eq!(server.version(&path, &ada).await, 1, "nothing was written");
    assert!(server.audit_events().await.is_empty());
}

#[tokio::test]
async fn a_stale_if_match_gets_412_with_the_current_resource() {
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");
    let path = format!("/v1/orgs/{}", server.org_id("Acme Team"));

    let first = Answer::of(server.patch(&path, &ada, 1, &json!({ "name": "Acme Team (EU)" }))).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text());
    assert_eq!(first.header("etag"), Some("\"2\""));
    assert_eq!(first.json()["version"], 2);
    assert_eq!(first.json()["role"], "primary_owner");
    let read = server.get(&path, &ada).await;
    assert_eq!(read.header("etag"), Some("\"2\""));

    let stale = Answer::of(server.patch(&path, &ada, 1, &json!({ "name": "Acme Team (US)" }))).await;
    let problem = stale.problem(ProblemKind::VersionMismatch);
    let current = problem.current.expect("a 412 carries the current resource");
    assert_eq!(current["name"], "Acme Team (EU)");
    assert_eq!(current["version"], 2);
    assert_eq!(current["id"], server.org_id("Acme Team"));
    assert_eq!(current["role"], "primary_owner", "current is the resource as the caller sees it");
    assert_eq!(server.get(&path, &ada).await.json()["name"], "Acme Team (EU)");

    // The same holds for parents.
    let parent = format!("/v1/parents/{}", server.seed.parent_id);
    assert_eq!(
        Answer::of(server.patch(&parent, &ada, 1, &json!({ "name": "Acme Group" }))).await.status,
        StatusCode::OK
    );
    let stale = Answer::of(server.patch(&parent, &ada, 1, &json!({ "name": "Acme Holding" }))).await;
    let current = stale.problem(ProblemKind::VersionMismatch).current.unwrap();
    assert_eq!(current["name"], "Acme Group");
    assert_eq!(current["can_manage"], true);
}

#[tokio::test]
async fn a_replayed_key_returns_the_same_answer_and_writes_once() {
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");
    let path = format!("/v1/orgs/{}", server.org_id("Acme Console"));
    let body = json!({ "name": "Acme Console (prod)" });
    let send = || Answer::of(server.patch(&path, &ada, 1, &body).header("Idempotency-Key", "rename-console-1"));

    let first = send().await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text());
    assert_eq!(first.header("idempotency-replayed"), None);
    let second = send().await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(second.body, first.body, "the replay is byte for byte the first answer");
    assert_eq!(second.header("etag"), first.header("etag"));
    assert_eq!(second.header("content-type"), Some("application/json"));
    assert_eq!(second.header("idempotency-replayed"), Some("true"));
    let third = send().await;
    assert_eq!(third.body, first.body);

    assert_eq!(server.version(&path, &ada).await, 2, "the change was applied once");
    let events = server.audit_events().await;
    assert_eq!(events.len(), 1, "one audit event: {events:?}");
    assert_eq!(events[0]["resource"]["id"], server.org_id("Acme Console"));
}

#[tokio::test]
async fn refusals_are_replayed_too_but_a_key_reused_for_another_request_gets_422() {
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");
    let path = format!("/v1/orgs/{}", server.org_id("Acme Team"));
    let key = "0b5e7d1c-reused";

    let first =
        Answer::of(server.patch(&path, &ada, 1, &json!({ "name": "One" })).header("Idempotency-Key", key)).await;
    assert_eq!(first.status, StatusCode::OK);
    for (version, body) in [(1, json!({ "name": "Two" })), (2, json!({ "name": "One" }))] {
        let reused = Answer::of(server.patch(&path, &ada, version, &body).header("Idempotency-Key", key)).await;
        reused.problem(ProblemKind::IdempotencyKeyReused);
    }
    let other_path = format!("/v1/orgs/{}", server.org_id("Acme Enterprise"));
    Answer::of(server.patch(&other_path, &ada, 1, &json!({ "name": "One" })).header("Idempotency-Key", key))
        .await
        .problem(ProblemKind::IdempotencyKeyReused);

    // Keys are per user: Olu may use the same key for his own request.
    let olu = server.token("olu@acme.example");
    let olus =
        Answer::of(server.patch(&other_path, &olu, 1, &json!({ "name": "Olu's" })).header("Idempotency-Key", key))
            .await;
    assert_eq!(olus.status, StatusCode::OK, "{}", olus.text());
    assert_eq!(olus.header("idempotency-replayed"), None);

    // A refused write's answer is stored and replayed like a success.
    let stale_key = "stale-once";
    let stale =
        Answer::of(server.patch(&path, &ada, 1, &json!({ "name": "Late" })).header("Idempotency-Key", stale_key)).await;
    stale.problem(ProblemKind::VersionMismatch);
    let again =
        Answer::of(server.patch(&path, &ada, 1, &json!({ "name": "Late" })).header("Idempotency-Key", stale_key)).await;
    again.problem(ProblemKind::VersionMismatch);
    assert_eq!(again.body, stale.body);
    assert_eq!(again.header("idempotency-replayed"), Some("true"));
    assert_eq!(server.audit_events().await.len(), 2);
}

#[tokio::test]
async fn a_write_that_changes_nothing_keeps_the_version_and_records_nothing() {
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");
    let path = format!("/v1/orgs/{}", server.org_id("Acme Team"));
    for body in [json!({ "name": "Acme Team" }), json!({ "name": "  Acme Team  " }), json!({})] {
        let answer = Answer::of(server.patch(&path, &ada, 1, &body)).await;
        assert_eq!(answer.status, StatusCode::OK, "{body}: {}", answer.text());
        assert_eq!(answer.json()["version"], 1);
        assert_eq!(answer.header("etag"), Some("\"1\""));
    }
    // Its preconditions still hold: a stale version is refused even when nothing would change.
    Answer::of(server.patch(&path, &ada, 7, &json!({ "name": "Acme Team" })))
        .await
        .problem(ProblemKind::VersionMismatch);
    assert!(server.audit_events().await.is_empty());
}

#[tokio::test]
async fn invalid_names_get_422_with_the_field() {
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");
    let org = format!("/v1/orgs/{}", server.org_id("Acme Team"));
    let parent = format!("/v1/parents/{}", server.seed.parent_id);
    let too_long = "x".repeat(ORG_NAME_MAX_CHARS + 1);
    for path in [&org, &parent] {
        for name in ["", "   ", too_long.as_str(), "line\nbreak", "tab\there"] {
            let answer = Answer::of(server.patch(path, &ada, 1, &json!({ "name": name }))).await;
            let problem = answer.problem(ProblemKind::Validation);
            assert_eq!(problem.field.as_deref(), Some("name"), "{name:?}");
        }
        // Names are trimmed before they are stored.
        let answer = Answer::of(server.patch(path, &ada, 1, &json!({ "name": "  Trimmed  " }))).await;
        assert_eq!(answer.json()["name"], "Trimmed");
    }
}

#[tokio::test]
async fn concurrent_writes_on_one_version_let_exactly_one_through() {
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");
    let path = format!("/v1/orgs/{}", server.org_id("Acme Enterprise"));
    let mut requests = Vec::new();
    for index in 0..8 {
        requests.push(Answer::of(server.patch(&path, &ada, 1, &json!({ "name": format!("Racer {index}") }))));
    }
    let answers = futures_join_all(requests).await;
    let winners = answers.iter().filter(|answer| answer.status == StatusCode::OK).count();
    assert_eq!(winners, 1, "{:?}", answers.iter().map(|answer| answer.status).collect::<Vec<_>>());
    for answer in answers.iter().filter(|answer| answer.status != StatusCode::OK) {
        answer.problem(ProblemKind::VersionMismatch);
    }
    assert_eq!(server.version(&path, &ada).await, 2);
    assert_eq!(server.audit_events().await.len(), 1);
}

/// Runs the futures concurrently on the test's runtime and collects their outputs in order.
async fn futures_join_all<F>(futures: Vec<F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut outputs = Vec::new();
    for handle in handles {
        outputs.push(handle.await.unwrap());
    }
    outputs
}
