//! Integration tests of the local cache: SQLite files on disk, migrations, the outbox.

use std::collections::BTreeMap;

use ssodesk_model::{Me, Org, OrgKind, OrgName, Parent, Role};
use ssodesk_store::{OutboxState, PushedChange, RemoteParent, RemoteSnapshot, Store, MIGRATIONS};

fn ts(text: &str) -> ssodesk_model::Timestamp {
    ssodesk_model::parse_timestamp(text).unwrap()
}

fn org(id: &str, name: &str, version: i64) -> Org {
    Org {
        id: id.into(),
        parent_id: "par_1".into(),
        name: name.into(),
        kind: OrgKind::Team,
        role: Some(Role::Owner),
        version,
        created_at: ts("2026-01-01T00:00:00Z"),
        updated_at: ts("2026-01-02T00:00:00Z"),
    }
}

fn snapshot(orgs: Vec<Org>) -> RemoteSnapshot {
    RemoteSnapshot {
        me: Me { id: "usr_1".into(), email: "ada@acme.example".into(), name: "Ada".into(), roles: BTreeMap::new() },
        parents: vec![RemoteParent {
            parent: Parent {
                id: "par_1".into(),
                name: "Acme Corp".into(),
                can_manage: true,
                disable_new_org_creation: false,
                version: 1,
                created_at: ts("2026-01-01T00:00:00Z"),
                updated_at: ts("2026-01-01T00:00:00Z"),
            },
            orgs,
            domains: Vec::new(),
            audit_events: Some(Vec::new()),
            sso_connection: None,
            service_provider: None,
        }],
    }
}

fn name(text: &str) -> OrgName {
    OrgName::parse(text).unwrap()
}

#[test]
fn migrates_from_empty_to_the_latest_version() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("cache.db")).unwrap();
    assert_eq!(store.schema_version().unwrap(), MIGRATIONS.last().unwrap().version);
}

#[test]
fn migrates_from_every_earlier_version_keeping_data() {
    for stop in 0..MIGRATIONS.len() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.db");
        {
            // Build a database exactly as an older app build left it.
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            let tx = conn.transaction().unwrap();
            tx.execute_batch(
                "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT;",
            )
            .unwrap();
            for migration in &MIGRATIONS[..stop] {
                tx.execute_batch(migration.sql).unwrap();
                tx.execute(
                    "INSERT INTO schema_migrations VALUES (?1, ?2, '2026-01-01T00:00:00Z')",
                    (migration.version, migration.name),
                )
                .unwrap();
            }
            if stop >= 1 {
                tx.execute("INSERT INTO settings (key, value) VALUES ('marker', 'kept')", []).unwrap();
            }
            tx.commit().unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.last().unwrap().version, "from version {stop}");
        if stop >= 1 {
            let conn = rusqlite::Connection::open(&path).unwrap();
            let marker: String =
                conn.query_row("SELECT value FROM settings WHERE key = 'marker'", [], |row| row.get(0)).unwrap();
            assert_eq!(marker, "kept");
        }
    }
}

#[test]
fn refuses_a_cache_from_a_newer_build() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01T00:00:00Z')", []).unwrap();
    drop(conn);
    let err = Store::open(&path).unwrap_err();
    assert!(err.to_string().contains("written by a newer build (schema 999"), "{err}");
}

#[test]
fn outbox_keeps_order_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    {
        let store = Store::open(&path).unwrap();
        store.apply_snapshot(&snapshot(vec![org("org_a", "A", 1), org("org_b", "B", 4)])).unwrap();
        store.enqueue_rename_org("org_a", &name("A1")).unwrap();
        store.enqueue_rename_org("org_b", &name("B1")).unwrap();
        store.enqueue_rename_org("org_a", &name("A2")).unwrap();
    }
    // Reopen as after a crash: every change is still there, in order, with its key.
    let store = Store::open(&path).unwrap();
    let entries = store.outbox().unwrap();
    let order: Vec<_> = entries.iter().map(|e| (e.resource_id.as_str(), e.payload["name"].as_str().unwrap())).collect();
    assert_eq!(order, [("org_a", "A1"), ("org_b", "B1"), ("org_a", "A2")]);
    assert!(entries.iter().all(|e| e.state == OutboxState::Pending && e.idempotency_key.len() == 32));
    assert_eq!(entries[0].base_version, 1);
    assert_eq!(entries[1].base_version, 4);

    // The shown name is the newest local change; the org is marked pending.
    let overview = store.overview().unwrap();
    let a = overview.parents[0].orgs.iter().find(|o| o.id == "org_a").unwrap();
    assert_eq!((a.name.as_str(), a.remote_name.as_str(), a.pending), ("A2", "A", true));

    // A pull does not overwrite a pending local change.
    store.apply_snapshot(&snapshot(vec![org("org_a", "A", 1), org("org_b", "B", 4)])).unwrap();
    assert_eq!(store.org("org_a").unwrap().name, "A2");

    // Pushing in order: the head is the oldest; confirming it rebases the later change to org_a.
    let head = store.next_pending().unwrap().unwrap();
    assert_eq!(head.id, entries[0].id);
    store.mark_pushed(head.id, &PushedChange::Org(org("org_a", "A1", 2))).unwrap();
    let later = store.outbox_entry(entries[2].id).unwrap();
    assert_eq!(later.base_version, 2, "rebased onto the version our own change produced");
    assert_eq!(store.org("org_a").unwrap().name, "A2");

    let head = store.next_pending().unwrap().unwrap();
    assert_eq!(head.resource_id, "org_b");
    store.mark_pushed(head.id, &PushedChange::Org(org("org_b", "B1", 5))).unwrap();
    let head = store.next_pending().unwrap().unwrap();
    store.mark_pushed(head.id, &PushedChange::Org(org("org_a", "A2", 3))).unwrap();
    assert!(store.next_pending().unwrap().is_none());
    let a = store.org("org_a").unwrap();
    assert_eq!((a.name.as_str(), a.version, a.pending), ("A2", 3, false));
}

#[test]
fn a_retried_entry_keeps_its_place_and_key() {
    let store = Store::open_in_memory().unwrap();
    store.apply_snapshot(&snapshot(vec![org("org_a", "A", 1), org("org_b", "B", 1)])).unwrap();
    store.enqueue_rename_org("org_a", &name("A1")).unwrap();
    store.enqueue_rename_org("org_b", &name("B1")).unwrap();
    let head = store.next_pending().unwrap().unwrap();
    store.mark_retry(head.id, "2099-01-01T00:00:00Z", "backend unreachable").unwrap();
    let again = store.next_pending().unwrap().unwrap();
    assert_eq!((again.id, again.idempotency_key.as_str(), again.attempts), (head.id, head.idempotency_key.as_str(), 1));
    assert_eq!(again.last_error.as_deref(), Some("backend unreachable"));
}

#[test]
fn conflict_can_be_reapplied_or_discarded() {
    let store = Store::open_in_memory().unwrap();
    store.apply_snapshot(&snapshot(vec![org("org_a", "A", 1)])).unwrap();
    store.enqueue_rename_org("org_a", &name("Mine")).unwrap();
    let entry = store.next_pending().unwrap().unwrap();
    let remote = serde_json::to_value(org("org_a", "Theirs", 2)).unwrap();
    store.mark_conflict(entry.id, &remote, "changed elsewhere").unwrap();
    assert!(store.next_pending().unwrap().is_none(), "a conflict leaves the push queue");
    assert_eq!(store.org("org_a").unwrap().name, "Mine", "nothing typed is lost");

    let reapplied = store.reapply_change(entry.id).unwrap();
    assert_eq!(reapplied.state, OutboxState::Pending);
    assert_eq!(reapplied.base_version, 2);
    assert_ne!(reapplied.idempotency_key, entry.idempotency_key);
    assert_eq!(store.org("org_a").unwrap().remote_name, "Theirs");

    store.mark_conflict(entry.id, &serde_json::to_value(org("org_a", "Theirs again", 3)).unwrap(), "again").unwrap();
    store.discard_change(entry.id).unwrap();
    let a = store.org("org_a").unwrap();
    assert_eq!((a.name.as_str(), a.version, a.pending), ("Theirs again", 3, false));
    assert!(store.outbox().unwrap().is_empty());
}

#[test]
fn reapply_refuses_an_entry_that_is_not_a_conflict() {
    let store = Store::open_in_memory().unwrap();
    store.apply_snapshot(&snapshot(vec![org("org_a", "A", 1)])).unwrap();
    store.enqueue_rename_org("org_a", &name("Mine")).unwrap();
    let entry = store.next_pending().unwrap().unwrap();
    let err = store.reapply_change(entry.id).unwrap_err();
    assert!(err.to_string().contains("while it is pending"), "{err}");
}

#[test]
fn renaming_an_unknown_org_is_a_clear_error() {
    let store = Store::open_in_memory().unwrap();
    let err = store.enqueue_rename_org("org_missing", &name("X")).unwrap_err();
    assert_eq!(err.to_string(), "organization org_missing is not in the local cache");
    assert!(store.outbox().unwrap().is_empty());
}

#[test]
fn pull_removes_orgs_the_backend_no_longer_shows() {
    let store = Store::open_in_memory().unwrap();
    store.apply_snapshot(&snapshot(vec![org("org_a", "A", 1), org("org_b", "B", 1)])).unwrap();
    store.apply_snapshot(&snapshot(vec![org("org_b", "B", 1)])).unwrap();
    let overview = store.overview().unwrap();
    let ids: Vec<_> = overview.parents[0].orgs.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["org_b"]);
    assert!(store.last_synced_at().unwrap().is_some());
}

fn domain(id: &str, name: &str, status: ssodesk_model::DomainStatus) -> ssodesk_model::Domain {
    ssodesk_model::Domain {
        id: id.into(),
        parent_id: "par_1".into(),
        name: name.into(),
        status,
        txt_record: ssodesk_model::TxtRecord { name: name.into(), value: "ssodesk-verification=abc".into() },
        created_at: ts("2026-01-01T00:00:00Z"),
        last_checked_at: None,
        verified_at: None,
        failure_reason: None,
        version: 1,
    }
}

#[test]
fn domains_keep_their_last_native_check_and_back_off() {
    use ssodesk_model::DomainStatus;
    let store = Store::open_in_memory().unwrap();
    store.apply_snapshot(&snapshot(vec![])).unwrap();
    store.put_domain(&domain("dom_a", "acme.test", DomainStatus::Pending)).unwrap();
    store.put_domain(&domain("dom_b", "beta.test", DomainStatus::Verified)).unwrap();

    let due = store.domains_due_for_check("2026-01-01T00:00:00Z").unwrap();
    assert_eq!(due.iter().map(|d| d.domain.id.as_str()).collect::<Vec<_>>(), ["dom_a"], "only pending domains");

    let report =
        serde_json::json!({"verdict": "propagating", "sources": [{"kind": "authoritative", "state": "found"}]});
    let check = store.record_domain_check("dom_a", "propagating", &report, Some("2026-01-01T00:05:00Z")).unwrap();
    assert_eq!((check.failed_checks, check.report["sources"][0]["state"].as_str()), (1, Some("found")));
    let check = store.record_domain_check("dom_a", "not_published", &report, Some("2026-01-01T00:15:00Z")).unwrap();
    assert_eq!(check.failed_checks, 2);
    assert!(store.domains_due_for_check("2026-01-01T00:10:00Z").unwrap().is_empty(), "backing off");
    assert_eq!(store.domains_due_for_check("2026-01-01T00:15:00Z").unwrap().len(), 1);
    let check = store.record_domain_check("dom_a", "verified", &report, None).unwrap();
    assert_eq!(check.failed_checks, 0);

    let listed = store.domains("par_1").unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed[0].check.is_some() && listed[1].check.is_none());
    store.remove_domain("dom_a").unwrap();
    assert!(store.domain("dom_a").is_err());
}

fn sso_connection(version: i64) -> ssodesk_model::SsoConnection {
    ssodesk_model::SsoConnection {
        parent_id: "par_1".into(),
        idp: ssodesk_model::IdpKind::Okta,
        metadata_url: None,
        metadata_xml: None,
        entity_id: format!("https://idp.test/v{version}"),
        sso_url: "https://idp.test/sso".into(),
        sso_binding: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect".into(),
        name_id_formats: Vec::new(),
        certificates: Vec::new(),
        status: ssodesk_model::ConnectionStatus::Draft,
        version,
        created_at: ts("2026-01-01T00:00:00Z"),
        updated_at: ts("2026-01-01T00:00:00Z"),
    }
}

fn sso_input() -> ssodesk_model::SsoConnectionInput {
    ssodesk_model::SsoConnectionInput {
        idp: ssodesk_model::IdpKind::Okta,
        metadata_url: None,
        metadata_xml: Some("<EntityDescriptor/>".into()),
        entity_id: None,
        certificates: None,
        status: None,
    }
}

#[test]
fn sso_changes_create_then_rebase_onto_each_confirmed_version() {
    let store = Store::open_in_memory().unwrap();
    store.apply_snapshot(&snapshot(vec![])).unwrap();
    let first = store.enqueue_put_sso_connection("par_1", &sso_input()).unwrap();
    let second = store.enqueue_put_sso_connection("par_1", &sso_input()).unwrap();
    let delete = store.enqueue_delete_sso_connection("par_1").unwrap();
    // No connection yet: every change is based on "none" (version 0: create, no If-Match).
    let bases: Vec<i64> = store.outbox().unwrap().iter().map(|entry| entry.base_version).collect();
    assert_eq!(bases, [0, 0, 0]);
    assert_eq!(store.pending_sso_change("par_1").unwrap().unwrap().id, delete);

    store
        .mark_pushed(
            first,
            &PushedChange::SsoConnection { parent_id: "par_1".into(), connection: Some(sso_connection(1)) },
        )
        .unwrap();
    assert_eq!(store.sso_connection("par_1").unwrap().unwrap().version, 1);
    let bases: Vec<i64> = store.outbox().unwrap().iter().map(|entry| entry.base_version).collect();
    assert_eq!(bases, [1, 1], "later changes now replace version 1");
    store
        .mark_pushed(
            second,
            &PushedChange::SsoConnection { parent_id: "par_1".into(), connection: Some(sso_connection(2)) },
        )
        .unwrap();
    assert_eq!(store.outbox().unwrap()[0].base_version, 2);
    store.mark_pushed(delete, &PushedChange::SsoConnection { parent_id: "par_1".into(), connection: None }).unwrap();
    assert!(store.sso_connection("par_1").unwrap().is_none());
    assert!(store.pending_sso_change("par_1").unwrap().is_none());
    // A change for a parent the cache does not know is refused, not queued.
    assert!(store.enqueue_put_sso_connection("par_unknown", &sso_input()).is_err());
    assert_eq!(store.outbox_len().unwrap(), 0);
}

#[test]
fn an_sso_conflict_is_reapplied_on_the_backends_version_or_discarded_to_it() {
    let store = Store::open_in_memory().unwrap();
    store.apply_snapshot(&snapshot(vec![])).unwrap();
    store.put_sso_connection(&sso_connection(3)).unwrap();
    let id = store.enqueue_put_sso_connection("par_1", &sso_input()).unwrap();
    assert_eq!(store.outbox_entry(id).unwrap().base_version, 3);
    let remote = serde_json::to_value(sso_connection(5)).unwrap();
    store.mark_conflict(id, &remote, "changed elsewhere").unwrap();
    let key = store.outbox_entry(id).unwrap().idempotency_key;
    let reapplied = store.reapply_change(id).unwrap();
    assert_eq!((reapplied.base_version, reapplied.state), (5, OutboxState::Pending));
    assert_ne!(reapplied.idempotency_key, key, "a new request gets a new key");
    assert_eq!(store.sso_connection("par_1").unwrap().unwrap().version, 5);

    // Deleted elsewhere meanwhile (current is null): discarding drops the cached connection.
    store.mark_conflict(id, &serde_json::Value::Null, "gone").unwrap();
    store.discard_change(id).unwrap();
    assert!(store.sso_connection("par_1").unwrap().is_none());
    assert_eq!(store.outbox_len().unwrap(), 0);
}

#[test]
fn the_certificate_watch_remembers_notifications_snoozes_and_fetches_across_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    {
        let store = Store::open(&path).unwrap();
        store.apply_snapshot(&snapshot(vec![])).unwrap();
        assert!(store.record_notified("AA", &["30d".into(), "60d".into()], "2026-01-01T00:00:00Z").unwrap());
        assert!(!store.record_notified("AA", &["30d".into()], "2026-01-02T00:00:00Z").unwrap(), "already sent");
        store.set_snooze("AA", Some("2026-02-01T00:00:00Z")).unwrap();
        let pems = vec!["PEM-1".to_owned()];
        store
            .record_metadata_fetch(
                "par_1",
                "https://idp.test/md",
                Ok(&pems),
                "2026-01-01T00:00:00Z",
                "2026-01-01T06:00:00Z",
            )
            .unwrap();
        // A failed fetch keeps what the last good one published.
        store
            .record_metadata_fetch(
                "par_1",
                "https://idp.test/md",
                Err("refused"),
                "2026-01-01T06:00:00Z",
                "2026-01-01T06:15:00Z",
            )
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.notified_thresholds("AA").unwrap(), ["30d", "60d"]);
    assert_eq!(store.snoozed_until("AA").unwrap().as_deref(), Some("2026-02-01T00:00:00Z"));
    let row = store.published_metadata("par_1").unwrap().unwrap();
    assert_eq!(row.certificates, ["PEM-1"]);
    assert_eq!((row.error.as_deref(), row.fetched_at.as_deref()), (Some("refused"), Some("2026-01-01T00:00:00Z")));
    // Another URL starts afresh.
    store.record_metadata_fetch("par_1", "https://other.test/md", Err("404"), "2026-01-02T00:00:00Z", "x").unwrap();
    assert!(store.published_metadata("par_1").unwrap().unwrap().certificates.is_empty());
    store.set_snooze("AA", None).unwrap();
    assert!(store.snoozed_until("AA").unwrap().is_none());
}
