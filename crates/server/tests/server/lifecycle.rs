//! Starting and stopping the server as a library, and the demo data it starts with.

use std::time::Duration;

use ssodesk_model::{OrgKind, Role};
use ssodesk_server::{Database, ServerConfig, ServerError};

use crate::support::TestServer;

#[tokio::test]
async fn the_seed_report_lists_the_demo_parent_orgs_and_a_token_per_user() {
    let server = TestServer::start().await;
    let seed = &server.seed;
    assert!(seed.parent_id.starts_with("par_") && seed.parent_id.len() == 24, "{}", seed.parent_id);
    let orgs: Vec<_> = seed.orgs.iter().map(|org| (org.name.as_str(), org.kind)).collect();
    assert_eq!(
        orgs,
        [("Acme Team", OrgKind::Team), ("Acme Enterprise", OrgKind::Enterprise), ("Acme Console", OrgKind::Console)]
    );
    for org in &seed.orgs {
        assert!(org.id.starts_with("org_") && org.id.len() == 24, "{}", org.id);
    }
    let (team, enterprise, console) =
        (server.org_id("Acme Team"), server.org_id("Acme Enterprise"), server.org_id("Acme Console"));
    let roles_of = |email: &str| server.seed.users.iter().find(|user| user.email == email).unwrap().roles.clone();
    let expect = |pairs: &[(&String, Role)]| {
        pairs.iter().map(|(id, role)| ((*id).clone(), *role)).collect::<std::collections::BTreeMap<_, _>>()
    };
    assert_eq!(
        roles_of("ada@acme.example"),
        expect(&[(&team, Role::PrimaryOwner), (&enterprise, Role::PrimaryOwner), (&console, Role::Admin)])
    );
    assert_eq!(roles_of("olu@acme.example"), expect(&[(&team, Role::Owner), (&enterprise, Role::Owner)]));
    assert_eq!(
        roles_of("ana@acme.example"),
        expect(&[(&team, Role::Admin), (&enterprise, Role::Admin), (&console, Role::User)])
    );
    assert_eq!(roles_of("dev@acme.example"), expect(&[(&console, Role::Developer)]));
    assert_eq!(
        roles_of("uma@acme.example"),
        expect(&[(&team, Role::User), (&enterprise, Role::User), (&console, Role::User)])
    );
    for user in &seed.users {
        let hex = user.token.strip_prefix("sdk_").unwrap();
        assert!(hex.len() == 64 && hex.bytes().all(|byte| byte.is_ascii_hexdigit()), "{}", user.token);
    }
    // Only digests are stored.
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open(&dir.path().join("server.db")).unwrap();
    let report = db.seed().unwrap();
    drop(db);
    let raw = std::fs::read(dir.path().join("server.db")).unwrap();
    let wal = std::fs::read(dir.path().join("server.db-wal")).unwrap_or_default();
    for user in &report.users {
        let needle = user.token.as_bytes();
        assert!(!raw.windows(needle.len()).any(|window| window == needle), "a token is stored in clear");
        assert!(!wal.windows(needle.len()).any(|window| window == needle), "a token is in the WAL in clear");
    }
}

async fn refuses_connections(addr: std::net::SocketAddr) -> bool {
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

#[tokio::test]
async fn dropping_the_server_stops_it() {
    let server = TestServer::start().await;
    let addr = server.server.addr();
    assert_ne!(addr.port(), 0);
    assert_eq!(server.server.base_url(), format!("http://127.0.0.1:{}", addr.port()));
    assert_eq!(server.get("/v1/health", "").await.status.as_u16(), 200);
    drop(server);
    assert!(refuses_connections(addr).await, "the port closes after drop");
}

#[tokio::test]
async fn shutdown_stops_the_server_and_the_address_can_be_reused() {
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open(&dir.path().join("server.db")).unwrap();
    let first = ssodesk_server::start(db.clone(), ServerConfig::new("127.0.0.1:0".parse().unwrap())).await.unwrap();
    let addr = first.addr();
    // The address is taken while the server runs.
    let taken = ssodesk_server::start(db.clone(), ServerConfig::new(addr)).await;
    assert!(matches!(taken, Err(ServerError::Bind { .. })), "{taken:?}");
    first.shutdown().await;
    assert!(refuses_connections(addr).await);
    let again = ssodesk_server::start(db, ServerConfig::new(addr)).await.unwrap();
    assert_eq!(again.addr(), addr);
    again.shutdown().await;
}

/// The domain's status and `last_checked_at`, read through a second server on `db` whose own
/// re-check does not run within a test.
async fn domain_state(db: &Database, token: &str, id: &str) -> (serde_json::Value, serde_json::Value) {
    let reader = ssodesk_server::start(db.clone(), ServerConfig::new("127.0.0.1:0".parse().unwrap())).await.unwrap();
    let url = format!("{}/v1/domains/{id}", reader.base_url());
    let domain: serde_json::Value =
        reqwest::Client::new().get(url).bearer_auth(token).send().await.unwrap().json().await.unwrap();
    reader.shutdown().await;
    (domain["status"].clone(), domain["last_checked_at"].clone())
}

#[tokio::test]
async fn the_background_recheck_stops_with_the_server() {
    let zone = crate::dns::start_zone("acme.test", 1).await;
    let dns = crate::dns::checks_through(&zone);
    let configure = move |config: ServerConfig| {
        let mut config = dns(config);
        config.recheck_interval = Duration::from_millis(100);
        config
    };
    let server = TestServer::start_with(configure.clone()).await;
    let ada = server.token("ada@acme.example");
    let added = server.add_domain(&ada, "acme.test").await;
    let id = added["id"].as_str().unwrap().to_owned();
    crate::dns::wait_for_domain(&server, &ada, &id, Duration::from_secs(10), |domain| {
        !domain["last_checked_at"].is_null()
    })
    .await;

    // After a shutdown nothing is checked, though a check would now verify the domain.
    let (running, db, _dir) = server.into_parts();
    running.shutdown().await;
    crate::dns::publish(&zone, &added).await;
    let stopped = domain_state(&db, &ada, &id).await;
    assert_eq!(stopped.0, "pending");
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(domain_state(&db, &ada, &id).await, stopped, "nothing checked after the shutdown");

    // Dropping a running server stops its re-check too.
    let dropped =
        ssodesk_server::start(db.clone(), configure(ServerConfig::new("127.0.0.1:0".parse().unwrap()))).await.unwrap();
    drop(dropped);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(domain_state(&db, &ada, &id).await, stopped, "nothing checked after the drop");

    // While a server runs, its re-check does verify the domain: what the waits above looked for.
    let running =
        ssodesk_server::start(db.clone(), configure(ServerConfig::new("127.0.0.1:0".parse().unwrap()))).await.unwrap();
    let started = std::time::Instant::now();
    while domain_state(&db, &ada, &id).await.0 != "verified" {
        assert!(started.elapsed() < Duration::from_secs(10), "a running server's re-check verifies it");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    running.shutdown().await;
}
