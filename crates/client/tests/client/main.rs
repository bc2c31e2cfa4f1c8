//! The API client and sync engine against the real reference backend over HTTP on loopback,
//! with the app's cache in a SQLite file on disk.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use ssodesk_client::{
    ApiClient, ApiToken, Backoff, ClientError, SyncConfig, SyncEngine, SyncEvent, SyncState, SyncWorker,
};
use ssodesk_model::{OrgName, OrgPatch, SeedReport};
use ssodesk_server::{Database, RunningServer, ServerConfig};
use ssodesk_store::{OutboxState, Store};

struct Backend {
    server: Option<RunningServer>,
    db_path: std::path::PathBuf,
    addr: SocketAddr,
    seed: SeedReport,
    _dir: tempfile::TempDir,
}

impl Backend {
    async fn start() -> Backend {
        let dir = tempfile::tempdir().unwrap();
        let db_path = dir.path().join("server.db");
        let db = Database::open(&db_path).unwrap();
        let seed = db.seed().unwrap();
        let server =
            ssodesk_server::start(db, ServerConfig::new(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))).await.unwrap();
        let addr = server.addr();
        Backend { server: Some(server), db_path, addr, seed, _dir: dir }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn token(&self, email: &str) -> ApiToken {
        ApiToken::new(self.seed.users.iter().find(|u| u.email == email).unwrap().token.clone())
    }

    fn client(&self, email: &str) -> ApiClient {
        ApiClient::new(&self.url(), self.token(email)).unwrap()
    }

    async fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown().await;
        }
    }

    /// Starts the server again on the same address and database, as after a backend restart.
    async fn restart(&mut self) {
        let db = Database::open(&self.db_path).unwrap();
        // The port was just released; give the kernel a moment if it is not reusable yet.
        for _ in 0..50 {
            match ssodesk_server::start(db.clone(), ServerConfig::new(self.addr)).await {
                Ok(server) => {
                    self.server = Some(server);
                    return;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
        panic!("the backend could not listen on {} again", self.addr);
    }
}

const OWNER: &str = "ada@acme.example";

fn fast_sync() -> SyncConfig {
    SyncConfig {
        pull_interval: Duration::from_secs(3600),
        backoff: Backoff { base: Duration::from_millis(20), cap: Duration::from_millis(200) },
    }
}

async fn eventually<F: FnMut() -> bool>(what: &str, timeout: Duration, mut check: F) {
    let deadline = tokio::time::Instant::now() + timeout;
    while !check() {
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn org_update_events(backend: &Backend) -> Vec<serde_json::Value> {
    let http = reqwest::Client::new();
    let mut events = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("{}/v1/parents/{}/audit-events?limit=200", backend.url(), backend.seed.parent_id);
        if let Some(cursor) = &cursor {
            url.push_str(&format!("&cursor={cursor}"));
        }
        let token = backend.token(OWNER);
        let page: serde_json::Value =
            http.get(url).bearer_auth(token.expose()).send().await.unwrap().json().await.unwrap();
        events.extend(page["items"].as_array().unwrap().iter().filter(|e| e["action"] == "org.update").cloned());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return events,
        }
    }
}

#[tokio::test]
async fn me_and_lists_come_back_typed() {
    let backend = Backend::start().await;
    let api = backend.client(OWNER);
    let me = api.me().await.unwrap();
    assert_eq!(me.email, OWNER);
    let parents = api.parents().await.unwrap();
    assert_eq!(parents.len(), 1);
    let orgs = api.orgs(&parents[0].id).await.unwrap();
    assert_eq!(orgs.len(), 3);
}

#[tokio::test]
async fn connection_failures_are_told_apart() {
    let backend = Backend::start().await;
    let wrong_token = ApiClient::new(&backend.url(), ApiToken::new("sdk_wrong")).unwrap();
    assert!(matches!(wrong_token.me().await, Err(ClientError::Unauthorized { .. })));

    let tls_to_plain_http = ApiClient::new(&format!("https://{}", backend.addr), backend.token(OWNER)).unwrap();
    let err = tls_to_plain_http.me().await.unwrap_err();
    assert!(matches!(err, ClientError::Tls { .. }), "{err:?}");

    let closed_port = {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        listener.local_addr().unwrap().port()
    };
    let nobody = ApiClient::new(&format!("http://127.0.0.1:{closed_port}"), backend.token(OWNER)).unwrap();
    let err = nobody.me().await.unwrap_err();
    assert!(matches!(err, ClientError::Unreachable { .. }) && err.is_transient(), "{err:?}");
}

#[tokio::test]
async fn stale_version_is_a_typed_conflict_with_the_current_resource() {
    let backend = Backend::start().await;
    let api = backend.client(OWNER);
    let org = &api.orgs(&backend.seed.parent_id).await.unwrap()[0];
    let patch = OrgPatch { name: Some("First".into()) };
    api.patch_org(&org.id, &patch, org.version, "key-1").await.unwrap();
    let err =
        api.patch_org(&org.id, &OrgPatch { name: Some("Second".into()) }, org.version, "key-2").await.unwrap_err();
    match err {
        ClientError::VersionMismatch { current, .. } => assert_eq!(current["name"], "First"),
        other => panic!("expected a version mismatch, got {other:?}"),
    }
}

/// A loopback server that is not an API v1 backend: `/shed/…` sheds load the way a proxy does,
/// `/html/…` is a web page, `/huge/…` never stops talking.
async fn not_a_backend() -> SocketAddr {
    use axum::http::StatusCode;
    use axum::routing::get;
    let app = axum::Router::new()
        .route("/shed/v1/me", get(|| async { (StatusCode::SERVICE_UNAVAILABLE, [("retry-after", "7")], "overloaded") }))
        .route("/html/v1/me", get(|| async { (StatusCode::OK, "<html><body>Welcome to nginx!</body></html>") }))
        .route("/huge/v1/me", get(|| async { "x".repeat(9 * 1024 * 1024) }));
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

#[tokio::test]
async fn answers_that_are_not_api_v1_are_named_so() {
    let addr = not_a_backend().await;
    let api = |prefix: &str| ApiClient::new(&format!("http://{addr}/{prefix}"), ApiToken::new("t")).unwrap();

    let err = api("shed").me().await.unwrap_err();
    assert!(err.is_transient());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));

    let err = api("html").me().await.unwrap_err();
    assert!(matches!(err, ClientError::BadResponse { status: 200, .. }), "{err:?}");
    assert!(err.to_string().contains("Welcome to nginx"), "{err}");

    let err = api("huge").me().await.unwrap_err();
    assert!(err.to_string().contains("longer than 8 MiB"), "{err}");
}

#[tokio::test]
async fn pull_fills_the_cache() {
    let backend = Backend::start().await;
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(&dir.path().join("cache.db")).unwrap());
    let engine = SyncEngine::new(store.clone(), backend.client(OWNER));
    engine.pull().await.unwrap();
    let overview = store.overview().unwrap();
    assert_eq!(overview.account.unwrap().email, OWNER);
    assert_eq!(overview.parents.len(), 1);
    assert_eq!(overview.parents[0].orgs.len(), 3);
    assert!(overview.parents[0].orgs.iter().all(|o| o.role.is_some()));
    let (access, _) = store.activity(&backend.seed.parent_id).unwrap();
    assert_eq!(access, ssodesk_store::ActivityAccess::Ok);

    // A user who may not read the audit log gets a cache that says so instead of an error.
    let user_store = Arc::new(Store::open(&dir.path().join("user.db")).unwrap());
    SyncEngine::new(user_store.clone(), backend.client("uma@acme.example")).pull().await.unwrap();
    let (access, events) = user_store.activity(&backend.seed.parent_id).unwrap();
    assert_eq!((access, events.len()), (ssodesk_store::ActivityAccess::Forbidden, 0));
}

/// The sync worker pushes a queue of renames while the backend is stopped and restarted mid-push:
/// every change arrives, in order, and none twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_survives_a_backend_restart_with_nothing_lost_and_nothing_twice() {
    let mut backend = Backend::start().await;
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(&dir.path().join("cache.db")).unwrap());
    let engine = SyncEngine::new(store.clone(), backend.client(OWNER));
    engine.pull().await.unwrap();
    let org_ids: Vec<String> =
        store.overview().unwrap().parents[0].orgs.iter().filter(|o| o.can_manage()).map(|o| o.id.clone()).collect();
    assert_eq!(org_ids.len(), 3);

    const CHANGES: usize = 60;
    let mut last_name = BTreeMap::new();
    for n in 0..CHANGES {
        let org_id = &org_ids[n % org_ids.len()];
        let name = format!("Rename {n:03}");
        store.enqueue_rename_org(org_id, &OrgName::parse(&name).unwrap()).unwrap();
        last_name.insert(org_id.clone(), name);
    }

    let pushed_events = Arc::new(AtomicUsize::new(0));
    let counter = pushed_events.clone();
    let handle = SyncWorker::spawn(engine, fast_sync(), move |event| {
        if event == SyncEvent::CacheChanged {
            counter.fetch_add(1, Ordering::SeqCst);
        }
    });

    // Stop the backend once some, but not all, changes went through.
    eventually("a third of the changes pushed", Duration::from_secs(20), || {
        store.outbox_len().unwrap() <= (CHANGES as i64) * 2 / 3
    })
    .await;
    backend.stop().await;
    eventually("the worker to notice the outage", Duration::from_secs(20), || {
        handle.status().state == SyncState::Offline
    })
    .await;
    let queued_during_outage = store.outbox_len().unwrap();
    assert!(queued_during_outage > 0, "changes wait while the backend is down");
    assert!(store.outbox().unwrap().iter().all(|e| e.state == OutboxState::Pending), "an outage rejects nothing");

    backend.restart().await;
    eventually("the outbox to drain", Duration::from_secs(30), || store.outbox_len().unwrap() == 0).await;
    drop(handle);

    // Nothing twice: exactly one audit event per change. Nothing lost: the backend holds the
    // last name queued for each organization, and the events are in the order made.
    let events = org_update_events(&backend).await;
    assert_eq!(events.len(), CHANGES, "one audit event per change");
    let mut applied: Vec<String> = events.iter().map(|e| e["after"]["name"].as_str().unwrap().to_owned()).collect();
    applied.reverse(); // the log is newest first
    let expected: Vec<String> = (0..CHANGES).map(|n| format!("Rename {n:03}")).collect();
    assert_eq!(applied, expected, "changes reach the backend in the order they were made");
    let api = backend.client(OWNER);
    for (org_id, name) in &last_name {
        assert_eq!(&api.org(org_id).await.unwrap().name, name);
    }
    assert!(pushed_events.load(Ordering::SeqCst) > 0);
}

/// A change the backend applied, whose answer never reached the app (a crash right after sending),
/// is sent again with the same key and replayed, not applied twice.
#[tokio::test]
async fn a_change_sent_before_a_crash_is_not_applied_twice() {
    let backend = Backend::start().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let api = backend.client(OWNER);
    {
        let store = Arc::new(Store::open(&path).unwrap());
        SyncEngine::new(store.clone(), api.clone()).pull().await.unwrap();
        let org_id = store.overview().unwrap().parents[0].orgs[0].id.clone();
        store.enqueue_rename_org(&org_id, &OrgName::parse("Sent once").unwrap()).unwrap();
        let entry = store.next_pending().unwrap().unwrap();
        // The request reaches the backend; then the app "crashes" before recording the answer.
        api.patch_org(
            &entry.resource_id,
            &OrgPatch { name: Some("Sent once".into()) },
            entry.base_version,
            &entry.idempotency_key,
        )
        .await
        .unwrap();
    }
    let store = Arc::new(Store::open(&path).unwrap());
    let engine = SyncEngine::new(store.clone(), api);
    let entry = store.next_pending().unwrap().expect("the change survived the crash");
    let outcome = engine.push(&entry, |_| unreachable!("the replay succeeds")).await.unwrap();
    assert!(matches!(outcome, ssodesk_client::PushOutcome::Pushed), "{outcome:?}");
    assert_eq!(store.outbox_len().unwrap(), 0);
    assert_eq!(org_update_events(&backend).await.len(), 1);
}

#[tokio::test]
async fn a_conflict_is_kept_for_the_admin_and_reapply_wins() {
    let backend = Backend::start().await;
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(&dir.path().join("cache.db")).unwrap());
    let api = backend.client(OWNER);
    let engine = SyncEngine::new(store.clone(), api.clone());
    engine.pull().await.unwrap();
    let org = store.overview().unwrap().parents[0].orgs[0].clone();

    // Someone else renames it first.
    api.patch_org(&org.id, &OrgPatch { name: Some("Theirs".into()) }, org.version, "other-admin").await.unwrap();
    store.enqueue_rename_org(&org.id, &OrgName::parse("Mine").unwrap()).unwrap();
    let entry = store.next_pending().unwrap().unwrap();
    let outcome = engine.push(&entry, |_| unreachable!()).await.unwrap();
    assert!(matches!(outcome, ssodesk_client::PushOutcome::Conflict));
    let conflict = store.outbox_entry(entry.id).unwrap();
    assert_eq!(conflict.state, OutboxState::Conflict);
    assert_eq!(conflict.conflict_remote.as_ref().unwrap()["name"], "Theirs");
    assert_eq!(store.org(&org.id).unwrap().name, "Mine", "the admin's text is kept");

    store.reapply_change(entry.id).unwrap();
    let entry = store.next_pending().unwrap().unwrap();
    assert!(matches!(engine.push(&entry, |_| unreachable!()).await.unwrap(), ssodesk_client::PushOutcome::Pushed));
    assert_eq!(api.org(&org.id).await.unwrap().name, "Mine");
}

#[tokio::test]
async fn a_change_the_role_does_not_allow_is_rejected_not_retried() {
    let backend = Backend::start().await;
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(&dir.path().join("cache.db")).unwrap());
    // An Admin on a Team organization may not rename it (Owners may).
    let engine = SyncEngine::new(store.clone(), backend.client("ana@acme.example"));
    engine.pull().await.unwrap();
    let team = store.overview().unwrap().parents[0]
        .orgs
        .iter()
        .find(|o| o.kind == ssodesk_model::OrgKind::Team)
        .unwrap()
        .clone();
    store.enqueue_rename_org(&team.id, &OrgName::parse("Not allowed").unwrap()).unwrap();
    let entry = store.next_pending().unwrap().unwrap();
    let outcome = engine.push(&entry, |_| unreachable!()).await.unwrap();
    assert!(matches!(outcome, ssodesk_client::PushOutcome::Rejected(ClientError::Forbidden { .. })), "{outcome:?}");
    assert_eq!(store.outbox_entry(entry.id).unwrap().state, OutboxState::Rejected);
}
