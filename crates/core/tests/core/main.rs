//! The desk as the UI drives it: a data folder on disk, the local sandbox (the reference backend
//! in-process on loopback), and remote connections to a backend started on loopback.

mod certificates;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use ssodesk_core::view::ConnectionModeView;
use ssodesk_core::{ChangeAction, CommandError, Desk, DeskConfig, DeskEvent, ErrorCode, SyncState, TokenStorage};
use ssodesk_server::{Database, ServerConfig};

fn config(dir: &std::path::Path) -> DeskConfig {
    DeskConfig::new(dir.to_owned())
}

fn open(dir: &std::path::Path) -> (Desk, Arc<Mutex<Vec<DeskEvent>>>) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let desk = Desk::open(config(dir), move |event| sink.lock().unwrap().push(event)).unwrap();
    (desk, events)
}

fn code(error: ssodesk_core::DeskError) -> (ErrorCode, Option<String>, String) {
    let error = CommandError::from(error);
    (error.code, error.field, error.message)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_seeds_syncs_and_takes_a_rename_to_the_backend() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, events) = open(dir.path());
    assert!(desk.snapshot().await.unwrap().connection.is_none(), "first run: no connection");
    assert!(desk.overview().unwrap().parents.is_empty());

    let snapshot = desk.connect_sandbox().await.unwrap();
    let connection = snapshot.connection.unwrap();
    assert_eq!(connection.mode, ConnectionModeView::Sandbox);
    assert_eq!(connection.token_storage, TokenStorage::None);
    assert_eq!(connection.user_email.as_deref(), Some("ada@acme.example"));
    let base_url = connection.base_url.unwrap();
    assert!(base_url.starts_with("http://127.0.0.1:"), "{base_url}");

    let status = desk.sync_now().await.unwrap();
    assert_eq!(status.state, SyncState::Idle, "{status:?}");
    assert!(status.last_synced_at.is_some());
    let overview = desk.overview().unwrap();
    assert_eq!(overview.user.unwrap().email, "ada@acme.example");
    let parent = &overview.parents[0];
    assert_eq!(parent.orgs.len(), 3);
    let team = parent.orgs.iter().find(|o| o.name == "Acme Team").unwrap().clone();
    assert!(team.can_manage);

    // Bad input: a clear error, nothing queued.
    let (code_, field, message) = code(desk.rename_org(&team.id, "   ").await.unwrap_err());
    assert_eq!((code_, field.as_deref()), (ErrorCode::InvalidInput, Some("name")));
    assert_eq!(message, "the name is empty");
    assert!(desk.changes().unwrap().is_empty());

    let renamed = desk.rename_org(&team.id, "  Acme Team (EU) ").await.unwrap();
    assert_eq!((renamed.name.as_str(), renamed.pending), ("Acme Team (EU)", true));
    assert!(events.lock().unwrap().contains(&DeskEvent::CacheChanged));

    let status = desk.sync_now().await.unwrap();
    assert_eq!(status.pending_changes, 0, "{status:?}");
    desk.sync_now().await.unwrap();
    let activity = desk.activity(&parent.id).unwrap();
    let item = activity.items.iter().find(|i| i.action == "org.update").expect("the rename is in the audit log");
    assert_eq!(item.summary, "Renamed organization “Acme Team” to “Acme Team (EU)”");
    assert_eq!(item.actor_email, "ada@acme.example");
    assert!(std::fs::read_to_string(dir.path().join("sandbox/sandbox.json")).unwrap().contains(&base_url));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_restart_the_cache_renders_before_any_network_and_queued_changes_survive() {
    let dir = tempfile::tempdir().unwrap();
    let org_id;
    {
        let (desk, _) = open(dir.path());
        desk.connect_sandbox().await.unwrap();
        desk.sync_now().await.unwrap();
        org_id = desk.overview().unwrap().parents[0].orgs[0].id.clone();
    }
    // Restart without resuming: the overview comes from the cache alone.
    let (desk, _) = open(dir.path());
    let snapshot = desk.snapshot().await.unwrap();
    assert_eq!(snapshot.connection.unwrap().mode, ConnectionModeView::Sandbox);
    assert!(snapshot.sync.last_synced_at.is_some());
    assert_eq!(desk.overview().unwrap().parents[0].orgs.len(), 3);

    // A change made while offline is queued, and pushed once the backend is back.
    desk.rename_org(&org_id, "Renamed offline").await.unwrap();
    assert_eq!(desk.changes().unwrap().len(), 1);
    drop(desk);
    let (desk, _) = open(dir.path());
    assert_eq!(desk.changes().unwrap().len(), 1, "the queued change survived the restart");
    desk.resume().await.unwrap();
    let status = desk.sync_now().await.unwrap();
    assert_eq!(status.pending_changes, 0, "{status:?}");
    let org = desk.overview().unwrap().parents[0].orgs.iter().find(|o| o.id == org_id).unwrap().clone();
    assert_eq!((org.name.as_str(), org.pending), ("Renamed offline", false));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conflict_shows_both_versions_and_can_be_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, _) = open(dir.path());
    desk.connect_sandbox().await.unwrap();
    desk.sync_now().await.unwrap();
    let org = desk.overview().unwrap().parents[0].orgs.iter().find(|o| o.name == "Acme Team").unwrap().clone();

    // Another admin (an Owner of the Team organization) renames it through the backend directly.
    let db = Database::open(&dir.path().join("sandbox/server.db")).unwrap();
    let token = db.issue_token("olu@acme.example").unwrap();
    let base_url = desk.snapshot().await.unwrap().connection.unwrap().base_url.unwrap();
    let response = reqwest::Client::new()
        .patch(format!("{base_url}/v1/orgs/{}", org.id))
        .bearer_auth(&token)
        .header("If-Match", format!("\"{}\"", org.version))
        .json(&serde_json::json!({"name": "Theirs"}))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());

    desk.rename_org(&org.id, "Mine").await.unwrap();
    desk.sync_now().await.unwrap();
    let changes = desk.changes().unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].state, "conflict");
    let conflict = changes[0].conflict.as_ref().unwrap();
    assert_eq!((conflict.local_name.as_str(), conflict.remote_name.as_str()), ("Mine", "Theirs"));

    // Switching backends is refused while the change waits: nothing queued is lost.
    let (code_, _, _) = code(desk.disconnect().await.unwrap_err());
    assert_eq!(code_, ErrorCode::Conflict);

    desk.resolve_change(changes[0].id, ChangeAction::Discard).await.unwrap();
    let shown = desk.overview().unwrap().parents[0].orgs.iter().find(|o| o.id == org.id).unwrap().clone();
    assert_eq!((shown.name.as_str(), shown.pending), ("Theirs", false));
    desk.disconnect().await.unwrap();
    assert!(desk.overview().unwrap().parents.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connecting_to_a_backend_validates_before_saving() {
    let backend_dir = tempfile::tempdir().unwrap();
    let db = Database::open(&backend_dir.path().join("server.db")).unwrap();
    let seed = db.seed().unwrap();
    let server =
        ssodesk_server::start(db, ServerConfig::new(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))).await.unwrap();
    let token = seed.users.iter().find(|u| u.email == "olu@acme.example").unwrap().token.clone();

    let dir = tempfile::tempdir().unwrap();
    let (desk, _) = open(dir.path());
    let base_url = server.base_url();
    let cases = [
        ("not a url", token.as_str(), ErrorCode::InvalidInput, Some("baseUrl")),
        ("ftp://127.0.0.1", token.as_str(), ErrorCode::InvalidInput, Some("baseUrl")),
        (base_url.as_str(), "", ErrorCode::InvalidInput, Some("token")),
        (base_url.as_str(), "sdk_wrong", ErrorCode::Unauthorized, None),
        ("http://127.0.0.1:9", token.as_str(), ErrorCode::Unreachable, None),
    ];
    for (url, token, expected, field) in cases {
        let (code_, got_field, message) = code(desk.connect_remote(url, token).await.unwrap_err());
        assert_eq!((code_, got_field.as_deref()), (expected, field), "{url}: {message}");
        assert!(desk.snapshot().await.unwrap().connection.is_none(), "nothing saved after {url}");
    }
    let https = server.base_url().replace("http://", "https://");
    let (code_, _, _) = code(desk.connect_remote(&https, &token).await.unwrap_err());
    assert_eq!(code_, ErrorCode::Tls);

    let snapshot = desk.connect_remote(&server.base_url(), &token).await.unwrap();
    let connection = snapshot.connection.unwrap();
    assert_eq!(connection.mode, ConnectionModeView::Remote);
    assert_eq!(connection.user_email.as_deref(), Some("olu@acme.example"));
    // Where the token went depends on the machine: the OS keychain if one persists, else memory
    // for this session, which the UI is told in words.
    match connection.token_storage {
        TokenStorage::Keychain => assert!(connection.token_storage_note.is_none()),
        TokenStorage::Session => assert!(connection.token_storage_note.unwrap().contains("this session only")),
        TokenStorage::None => panic!("a remote connection always stores its token somewhere"),
    }
    // The token is never in the cache file.
    desk.sync_now().await.unwrap();
    let cache = std::fs::read(dir.path().join("cache.db")).unwrap();
    assert!(!cache.windows(token.len()).any(|w| w == token.as_bytes()), "token found in cache.db");
    assert_eq!(desk.overview().unwrap().parents[0].orgs.len(), 3);
}

/// Domain verification from the app's side, against a real authoritative DNS setup on loopback:
/// a resolver that delegates `acme.test` to two nameservers, each with its own copy of the zone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_domain_goes_from_not_published_to_propagating_to_verified_with_a_notification() {
    use ssodesk_core::{DomainWatchConfig, ResolverChoice};
    use ssodesk_dns_test_server::{txt_record, DelegatedZone};

    let zone = DelegatedZone::start("acme.test", 2).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(dir.path());
    config.dns.resolver = ResolverChoice::Server(zone.resolver_addr());
    config.dns.authoritative_port = zone.nameserver_port();
    config.domain_watch = DomainWatchConfig {
        tick: std::time::Duration::from_millis(100),
        recheck: ssodesk_client::Backoff {
            base: std::time::Duration::from_millis(50),
            cap: std::time::Duration::from_millis(200),
        },
    };
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let desk = Desk::open(config, move |event| sink.lock().unwrap().push(event)).unwrap();
    desk.connect_sandbox().await.unwrap();
    desk.sync_now().await.unwrap();
    let parent_id = desk.overview().unwrap().parents[0].id.clone();

    // Validation as the admin types, locally.
    let typed = ssodesk_core::validate_domain_name(" EU.Acme.Test. ").unwrap();
    assert_eq!(
        (typed.normalized.as_str(), typed.record_name.as_str(), typed.is_subdomain),
        ("eu.acme.test", "_acme-challenge.eu.acme.test", true)
    );
    let (code_, field, _) = code(desk.add_domain(&parent_id, "not a domain").await.unwrap_err());
    assert_eq!((code_, field.as_deref()), (ErrorCode::InvalidInput, Some("name")));

    let added = desk.add_domain(&parent_id, "Acme.Test").await.unwrap();
    assert_eq!(added.name, "acme.test");
    assert_eq!(added.status, ssodesk_model::DomainStatus::Pending);
    assert_eq!(added.txt_record.name, "acme.test");
    assert!(added.txt_record.value.starts_with("ssodesk-verification="));

    let checked = desk.check_domain_now(&added.id).await.unwrap();
    let check = checked.check.unwrap();
    assert_eq!(check.verdict, "not_published");
    let authoritative: Vec<_> = check.sources.iter().filter(|s| s.kind == "authoritative").collect();
    assert_eq!(authoritative.len(), 2, "{:?}", check.sources);
    assert!(authoritative.iter().all(|s| s.state == "no_txt" || s.state == "not_found"), "{:?}", check.sources);

    // Published on one nameserver: propagating.
    zone.nameservers()[0].add_record(txt_record("acme.test", &[&added.txt_record.value]).unwrap()).await.unwrap();
    let check = desk.check_domain_now(&added.id).await.unwrap().check.unwrap();
    assert_eq!(check.verdict, "propagating");

    // Published on both: the background watch sees it, the backend verifies, the admin is told.
    zone.nameservers()[1].add_record(txt_record("acme.test", &[&added.txt_record.value]).unwrap()).await.unwrap();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let verified = events.lock().unwrap().iter().any(
            |event| matches!(event, DeskEvent::DomainVerified(v) if v.domain_id == added.id && v.name == "acme.test"),
        );
        if verified {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the watch never verified the domain");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let listed = desk.list_domains().unwrap();
    let shown = listed[0].domains.iter().find(|d| d.id == added.id).unwrap();
    assert_eq!(shown.status, ssodesk_model::DomainStatus::Verified);
    assert!(listed[0].has_verified_domain);

    // Now the global toggle is accepted.
    desk.set_disable_new_org_creation(&parent_id, true).await.unwrap();
    assert!(desk.list_domains().unwrap()[0].disable_new_org_creation);

    // The last verified domain cannot go while the toggle needs it; nothing changes locally.
    let (code_, _, message) = code(desk.remove_domain(&added.id).await.unwrap_err());
    assert_eq!(code_, ErrorCode::Conflict, "{message}");
    assert_eq!(desk.list_domains().unwrap()[0].domains.len(), 1);
    desk.set_disable_new_org_creation(&parent_id, false).await.unwrap();
    desk.remove_domain(&added.id).await.unwrap();
    assert!(desk.list_domains().unwrap()[0].domains.is_empty());
}
