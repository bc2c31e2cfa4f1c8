//! The SSO connection and the certificate watch through the desk: metadata previews fetched from
//! a loopback IdP, changes checked before they are queued and pushed to the sandbox backend, the
//! IdP rotating its certificate at its metadata URL, and expiry notifications decided with an
//! injected clock, once per threshold, silenced by a snooze and never repeated after a restart.

use std::sync::{Arc, Mutex};

use ssodesk_core::certificates::{CertificateAlert, CertificatePublished};
use ssodesk_core::expiry::{ExpiryPolicy, Severity, Threshold};
use ssodesk_core::sso::{MetadataSource, PreviewMetadataInput, SaveSsoConnectionInput};
use ssodesk_core::{CommandError, Desk, DeskConfig, DeskEvent, ErrorCode};
use ssodesk_model::{CertificateRole, IdpKind};
use ssodesk_test_idp::{IdpMetadata, MetadataServer, SigningCertificate};
use time::{Duration, OffsetDateTime};

/// A clock the test moves.
#[derive(Clone)]
struct TestClock(Arc<Mutex<OffsetDateTime>>);

impl TestClock {
    fn new(now: OffsetDateTime) -> TestClock {
        TestClock(Arc::new(Mutex::new(now)))
    }

    fn set(&self, now: OffsetDateTime) {
        *self.0.lock().unwrap() = now;
    }
}

type Events = Arc<Mutex<Vec<DeskEvent>>>;

fn open_at(dir: &std::path::Path, clock: &TestClock) -> (Desk, Events) {
    let mut config = DeskConfig::new(dir.to_owned());
    let time = clock.0.clone();
    config.certificate_watch.clock = Arc::new(move || *time.lock().unwrap());
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let desk = Desk::open(config, move |event| sink.lock().unwrap().push(event)).unwrap();
    (desk, events)
}

fn alerts(events: &Events) -> Vec<CertificateAlert> {
    events
        .lock()
        .unwrap()
        .drain(..)
        .filter_map(|event| match event {
            DeskEvent::CertificateExpiring(alert) => Some(alert),
            _ => None,
        })
        .collect()
}

fn published(events: &Events) -> Vec<CertificatePublished> {
    events
        .lock()
        .unwrap()
        .iter()
        .filter_map(|event| match event {
            DeskEvent::CertificatePublished(published) => Some(published.clone()),
            _ => None,
        })
        .collect()
}

fn idp(certificates: Vec<SigningCertificate>) -> IdpMetadata {
    IdpMetadata::new("https://idp.acme.test/saml", "https://idp.acme.test/sso", certificates)
}

fn code(error: ssodesk_core::DeskError) -> (ErrorCode, Option<String>, String) {
    let error = CommandError::from(error);
    (error.code, error.field, error.message)
}

/// Connects the sandbox and saves a connection imported from `server`'s metadata URL.
async fn connect_with_idp(desk: &Desk, server: &MetadataServer, idp_kind: IdpKind) -> String {
    desk.connect_sandbox().await.unwrap();
    desk.sync_now().await.unwrap();
    let parent_id = desk.overview().unwrap().parents[0].id.clone();
    let preview = desk
        .preview_metadata(PreviewMetadataInput { source: MetadataSource::Url { url: server.url() }, entity_id: None })
        .await
        .unwrap();
    let saved = desk
        .save_sso_connection(SaveSsoConnectionInput {
            parent_id: parent_id.clone(),
            idp: idp_kind,
            metadata_url: preview.metadata_url.clone(),
            metadata_xml: Some(preview.metadata_xml.clone()),
            entity_id: preview.entity_id.clone(),
            certificates: None,
            status: None,
        })
        .await
        .unwrap();
    assert!(saved.pending_change.is_none(), "pushed at once to the sandbox: {saved:?}");
    parent_id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_preview_shows_what_the_metadata_holds_and_bad_input_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::new(OffsetDateTime::now_utc());
    let (desk, _) = open_at(dir.path(), &clock);
    let certificate = SigningCertificate::valid_for_days("Acme IdP", OffsetDateTime::now_utc(), 20);
    let server = MetadataServer::start(idp(vec![certificate]).xml()).await;

    let preview = desk
        .preview_metadata(PreviewMetadataInput { source: MetadataSource::Url { url: server.url() }, entity_id: None })
        .await
        .unwrap();
    assert_eq!(preview.entity_id.as_deref(), Some("https://idp.acme.test/saml"));
    assert_eq!(preview.sso_url.as_deref(), Some("https://idp.acme.test/sso"));
    assert_eq!(preview.signing_certificates.len(), 1);
    assert!(preview.warnings.iter().any(|warning| warning.contains("expires in 19 days")), "{:?}", preview.warnings);
    assert_eq!(preview.metadata_url.as_deref(), Some(server.url().as_str()));

    // Metadata past its validUntil is previewed with a warning; before it, without one.
    let google = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/idp-metadata/google-jackson-boxyhq.xml"
    ));
    let stale = |preview: &ssodesk_core::sso::MetadataPreview| {
        preview.warnings.iter().any(|warning| warning.contains("valid until 2026-06-22T18:39:53"))
    };
    clock.set(time::macros::datetime!(2026-07-01 00:00 UTC));
    let after = desk
        .preview_metadata(PreviewMetadataInput { source: MetadataSource::Xml { xml: google.into() }, entity_id: None })
        .await
        .unwrap();
    assert!(stale(&after), "{:?}", after.warnings);
    clock.set(time::macros::datetime!(2026-01-01 00:00 UTC));
    let before = desk
        .preview_metadata(PreviewMetadataInput { source: MetadataSource::Xml { xml: google.into() }, entity_id: None })
        .await
        .unwrap();
    assert!(!stale(&before), "{:?}", before.warnings);
    assert_eq!(before.entity_id.as_deref(), Some("https://accounts.google.com/o/saml2"));

    let cases = [
        (MetadataSource::Xml { xml: "  ".into() }, ErrorCode::InvalidInput, "xml"),
        (MetadataSource::Xml { xml: "<html/>".into() }, ErrorCode::InvalidInput, "xml"),
        (MetadataSource::Url { url: "ftp://idp.test/metadata".into() }, ErrorCode::InvalidInput, "url"),
        (MetadataSource::Url { url: "http://127.0.0.1:9/metadata".into() }, ErrorCode::Unreachable, "url"),
    ];
    for (source, expected_code, field) in cases {
        let (code_, field_, message) =
            code(desk.preview_metadata(PreviewMetadataInput { source, entity_id: None }).await.unwrap_err());
        assert_eq!((code_, field_.as_deref()), (expected_code, Some(field)), "{message}");
        assert!(!message.is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_changes_are_refused_before_they_are_queued() {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::new(OffsetDateTime::now_utc());
    let (desk, _) = open_at(dir.path(), &clock);
    desk.connect_sandbox().await.unwrap();
    desk.sync_now().await.unwrap();
    let parent_id = desk.overview().unwrap().parents[0].id.clone();
    let save = |metadata_xml: Option<String>, certificates, status| SaveSsoConnectionInput {
        parent_id: parent_id.clone(),
        idp: IdpKind::Okta,
        metadata_url: None,
        metadata_xml,
        entity_id: None,
        certificates,
        status,
    };
    let certificate = SigningCertificate::valid_for_days("c", OffsetDateTime::now_utc(), 100);
    let cases = vec![
        (save(None, None, None), "metadataXml"),
        (save(Some("<EntityDescriptor".into()), None, None), "metadataXml"),
        (save(Some(idp(vec![]).xml()), None, None), "metadataXml"),
        (
            save(
                Some(idp(vec![certificate.clone()]).xml()),
                Some(vec![ssodesk_core::sso::CertificateInputView {
                    pem: certificate.pem().into(),
                    role: CertificateRole::Staged,
                }]),
                None,
            ),
            "certificates",
        ),
        (
            save(Some(idp(vec![certificate.clone()]).xml()), None, Some(ssodesk_model::ConnectionStatus::Active)),
            "status",
        ),
    ];
    for (input, field) in cases {
        let (code_, field_, message) = code(desk.save_sso_connection(input).await.unwrap_err());
        assert_eq!((code_, field_.as_deref()), (ErrorCode::InvalidInput, Some(field)), "{message}");
    }
    assert!(desk.changes().unwrap().is_empty(), "nothing bad was queued");
    assert!(desk.list_sso().unwrap()[0].connection.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotation_at_the_idp_is_detected_at_its_metadata_url_and_staged() {
    let dir = tempfile::tempdir().unwrap();
    let now = OffsetDateTime::now_utc();
    let clock = TestClock::new(now);
    let (desk, events) = open_at(dir.path(), &clock);
    let old = SigningCertificate::valid_for_days("Acme IdP 2026", now, 25);
    let new = SigningCertificate::valid_for_days("Acme IdP 2027", now, 400);
    let server = MetadataServer::start(idp(vec![old.clone()]).xml()).await;
    let parent_id = connect_with_idp(&desk, &server, IdpKind::Okta).await;

    let inventory = desk.check_certificates_now().await.unwrap();
    let sso = &desk.list_sso().unwrap()[0];
    let connection = sso.connection.as_ref().unwrap();
    assert_eq!(connection.certificates.len(), 1);
    assert_eq!(sso.published.as_ref().unwrap().certificates.len(), 1, "{:?}", sso.published);
    assert_eq!(inventory.certificates.len(), 1);
    assert_eq!((inventory.certificates[0].configured, inventory.certificates[0].published), (true, Some(true)));
    assert!(inventory.findings.iter().all(|finding| finding.code != "new_certificate_published"));
    assert!(published(&events).is_empty());

    // The IdP starts publishing its next certificate beside the old one.
    server.publish(idp(vec![old.clone(), new.clone()]).xml());
    let fetches = server.requests();
    desk.refresh_published_metadata(&parent_id).await.unwrap();
    assert!(server.requests() > fetches, "the URL was fetched again");
    let inventory = desk.list_certificates().unwrap();
    let fresh = inventory.certificates.iter().find(|c| c.subject.contains("2027")).expect("the new one is known");
    assert_eq!((fresh.configured, fresh.published, fresh.role), (false, Some(true), None));
    let finding = inventory.findings.iter().find(|f| f.code == "new_certificate_published").expect("a warning");
    assert!(finding.message.contains("the backend does not have yet"), "{}", finding.message);
    let announced = published(&events);
    assert_eq!(announced.len(), 1, "{announced:?}");
    assert!(announced[0].subject.contains("2027"));
    // Another run announces nothing new.
    desk.check_certificates_now().await.unwrap();
    assert_eq!(published(&events).len(), 1);

    // Re-importing the metadata stages the new certificate beside the active one.
    let preview = desk
        .preview_metadata(PreviewMetadataInput { source: MetadataSource::Url { url: server.url() }, entity_id: None })
        .await
        .unwrap();
    desk.save_sso_connection(SaveSsoConnectionInput {
        parent_id: parent_id.clone(),
        idp: IdpKind::Okta,
        metadata_url: preview.metadata_url,
        metadata_xml: Some(preview.metadata_xml),
        entity_id: preview.entity_id,
        certificates: None,
        status: None,
    })
    .await
    .unwrap();
    let roles: Vec<(bool, CertificateRole)> = desk.list_sso().unwrap()[0]
        .connection
        .as_ref()
        .unwrap()
        .certificates
        .iter()
        .map(|c| (c.certificate.subject.contains("2027"), c.role))
        .collect();
    assert_eq!(roles, [(false, CertificateRole::Active), (true, CertificateRole::Staged)]);
    let inventory = desk.list_certificates().unwrap();
    assert!(inventory.findings.iter().all(|finding| finding.code != "new_certificate_published"));

    // Activate the new one, then retire the old: steps that change only the certificates and
    // send no metadata (the connection's own document is sent again).
    let step = |certificates: Vec<(&SigningCertificate, CertificateRole)>| SaveSsoConnectionInput {
        parent_id: parent_id.clone(),
        idp: IdpKind::Okta,
        metadata_url: Some(server.url()),
        metadata_xml: None,
        entity_id: None,
        certificates: Some(
            certificates
                .into_iter()
                .map(|(certificate, role)| ssodesk_core::sso::CertificateInputView {
                    pem: certificate.pem().into(),
                    role,
                })
                .collect(),
        ),
        status: None,
    };
    desk.save_sso_connection(step(vec![(&old, CertificateRole::Active), (&new, CertificateRole::Active)]))
        .await
        .unwrap();
    let retired = desk.save_sso_connection(step(vec![(&new, CertificateRole::Active)])).await.unwrap();
    assert!(retired.pending_change.is_none(), "{retired:?}");
    let certificates = &retired.connection.as_ref().unwrap().certificates;
    assert_eq!(certificates.len(), 1);
    assert!(certificates[0].certificate.subject.contains("2027"));
    assert_eq!(certificates[0].role, CertificateRole::Active);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expiry_notifications_fire_once_per_threshold_respect_snoozes_and_survive_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let start = OffsetDateTime::now_utc();
    let clock = TestClock::new(start);
    let certificate = SigningCertificate::new("Acme IdP", start - Duration::days(300), start + Duration::days(40));
    let server = MetadataServer::start(idp(vec![certificate]).xml()).await;
    let days_left = |days: i64| start + Duration::days(40 - days) + Duration::minutes(1);
    let sha256;
    {
        let (desk, events) = open_at(dir.path(), &clock);
        connect_with_idp(&desk, &server, IdpKind::Entra).await;
        // 40 days left: past the 60-day threshold already, so exactly one notification: 60 days.
        desk.check_certificates_now().await.unwrap();
        let first = alerts(&events);
        assert_eq!(first.len(), 1, "{first:?}");
        assert_eq!((first[0].threshold.as_str(), first[0].severity), ("60 days", Severity::Warning));
        assert!(first[0].title().contains("expires in 39 days"), "{}", first[0].title());
        sha256 = first[0].sha256.clone();
        desk.check_certificates_now().await.unwrap();
        assert!(alerts(&events).is_empty(), "the same threshold is never notified twice");

        clock.set(days_left(29));
        desk.check_certificates_now().await.unwrap();
        let second = alerts(&events);
        assert_eq!(second.iter().map(|a| a.threshold.as_str()).collect::<Vec<_>>(), ["30 days"]);

        // Snoozed for 7 days at 16 days left: the 14-day threshold passes silently, and is
        // notified once the snooze has ended.
        clock.set(days_left(16));
        desk.snooze_certificate(&sha256, 7).await.unwrap();
        clock.set(days_left(13));
        desk.check_certificates_now().await.unwrap();
        assert!(alerts(&events).is_empty(), "snoozed");
        assert!(desk.list_certificates().unwrap().certificates[0].snoozed_until.is_some());
        clock.set(days_left(8));
        desk.check_certificates_now().await.unwrap();
        let after_snooze = alerts(&events);
        assert_eq!(after_snooze.iter().map(|a| a.threshold.as_str()).collect::<Vec<_>>(), ["14 days"]);
    }
    // A restart: the same data folder, a new desk. Nothing already sent is sent again.
    {
        let (desk, events) = open_at(dir.path(), &clock);
        desk.resume().await.unwrap();
        desk.check_certificates_now().await.unwrap();
        assert!(alerts(&events).is_empty(), "nothing is repeated after a restart");
        let inventory = desk.list_certificates().unwrap();
        assert_eq!(inventory.certificates[0].notified_thresholds, ["60 days", "30 days", "14 days"]);

        // A policy with a percent threshold and a critical level of 10 days.
        let parent_id = desk.overview().unwrap().parents[0].id.clone();
        let policy = ExpiryPolicy { thresholds: vec![Threshold::Days(10), Threshold::Percent(2)], critical_days: 10 };
        desk.set_expiry_policy(&parent_id, policy).await.unwrap();
        desk.check_certificates_now().await.unwrap();
        let critical = alerts(&events);
        assert_eq!(critical.len(), 1, "{critical:?}");
        assert_eq!((critical[0].threshold.as_str(), critical[0].severity), ("10 days", Severity::Critical));
        // Expired: one last notification.
        clock.set(start + Duration::days(41));
        desk.check_certificates_now().await.unwrap();
        let expired = alerts(&events);
        assert_eq!(
            expired.iter().map(|a| (a.threshold.as_str(), a.severity)).collect::<Vec<_>>(),
            [("expired", Severity::Expired)]
        );
        assert!(expired[0].title().contains("expired"));
        let (code_, field, _) = code(
            desk.set_expiry_policy(
                &parent_id,
                ExpiryPolicy { thresholds: vec![Threshold::Percent(0)], critical_days: 1 },
            )
            .await
            .unwrap_err(),
        );
        assert_eq!((code_, field.as_deref()), (ErrorCode::InvalidInput, Some("thresholds")));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_changed_elsewhere_is_a_conflict_and_removal_reaches_the_backend() {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::new(OffsetDateTime::now_utc());
    let (desk, _) = open_at(dir.path(), &clock);
    let certificate = SigningCertificate::valid_for_days("Acme IdP", OffsetDateTime::now_utc(), 200);
    let server = MetadataServer::start(idp(vec![certificate.clone()]).xml()).await;
    let parent_id = connect_with_idp(&desk, &server, IdpKind::Okta).await;
    let version = desk.list_sso().unwrap()[0].connection.as_ref().unwrap().version;

    // Another admin changes the connection through the backend directly.
    let db = ssodesk_server::Database::open(&dir.path().join("sandbox/server.db")).unwrap();
    let token = db.issue_token("olu@acme.example").unwrap();
    let base_url = desk.snapshot().await.unwrap().connection.unwrap().base_url.unwrap();
    let theirs = reqwest::Client::new()
        .put(format!("{base_url}/v1/parents/{parent_id}/sso-connection"))
        .bearer_auth(&token)
        .header("If-Match", format!("\"{version}\""))
        .json(&serde_json::json!({ "idp": "jumpcloud", "metadata_xml": idp(vec![certificate.clone()]).xml() }))
        .send()
        .await
        .unwrap();
    assert!(theirs.status().is_success(), "{}", theirs.text().await.unwrap());

    // This desk still has the old version: its change waits as a conflict, with both sides.
    let mine = desk
        .save_sso_connection(SaveSsoConnectionInput {
            parent_id: parent_id.clone(),
            idp: IdpKind::Duo,
            metadata_url: None,
            metadata_xml: Some(idp(vec![certificate.clone()]).xml()),
            entity_id: None,
            certificates: None,
            status: None,
        })
        .await
        .unwrap();
    let pending = mine.pending_change.expect("the change waits");
    assert_eq!(pending.state, "conflict", "{pending:?}");
    let change = desk.changes().unwrap().into_iter().find(|change| change.id == pending.change_id).unwrap();
    assert_eq!(change.summary, "Save the SSO connection");
    assert_eq!(change.conflict.as_ref().unwrap().remote_version, version + 1);

    // Re-applied on the backend's version, it goes through.
    desk.resolve_change(pending.change_id, ssodesk_core::ChangeAction::Reapply).await.unwrap();
    desk.sync_now().await.unwrap();
    let sso = &desk.list_sso().unwrap()[0];
    assert!(sso.pending_change.is_none(), "{:?}", sso.pending_change);
    assert_eq!(sso.connection.as_ref().unwrap().idp, IdpKind::Duo);

    // Removal reaches the backend; removing again is a clear "not found".
    desk.remove_sso_connection(&parent_id).await.unwrap();
    assert!(desk.list_sso().unwrap()[0].connection.is_none());
    let gone = reqwest::Client::new()
        .get(format!("{base_url}/v1/parents/{parent_id}/sso-connection"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 404);
    let (code_, _, _) = code(desk.remove_sso_connection(&parent_id).await.unwrap_err());
    assert_eq!(code_, ErrorCode::NotFound);
}
