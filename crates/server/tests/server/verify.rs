//! Verification against real DNS on loopback: `POST /v1/domains/{id}/verify`, the background
//! re-check, expiry, one name per verifying parent, and the setting a verified domain unlocks.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};
use ssodesk_dns_test_server::Fault;
use ssodesk_model::ProblemKind;

use crate::dns::{checks_through, publish, publish_on_nameserver, start_zone, txt_of, wait_for_domain};
use crate::roles::globex;
use crate::support::{Answer, TestServer};

fn id_of(domain: &Value) -> String {
    domain["id"].as_str().unwrap().to_owned()
}

async fn verify(server: &TestServer, token: &str, domain: &Value) -> Answer {
    Answer::of(server.post_empty(&format!("/v1/domains/{}/verify", id_of(domain)), token)).await
}

/// Verifies and expects 200 with the domain, returned.
async fn verify_ok(server: &TestServer, token: &str, domain: &Value) -> Value {
    let answer = verify(server, token, domain).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let domain = answer.json();
    assert_eq!(answer.header("etag"), Some(format!("\"{}\"", domain["version"]).as_str()));
    domain
}

fn reason(domain: &Value) -> &str {
    domain["failure_reason"].as_str().unwrap_or_else(|| panic!("no failure_reason: {domain}"))
}

#[tokio::test]
async fn verify_checks_every_nameserver_now_and_says_what_is_missing() {
    let zone = start_zone("acme.test", 2).await;
    let server = TestServer::start_with(checks_through(&zone)).await;
    let ada = server.token("ada@acme.example");
    let added = server.add_domain(&ada, "acme.test").await;
    assert_eq!(added["txt_record"]["name"], "acme.test");

    // Nothing published: pending, and the reason names the record.
    let missing = verify_ok(&server, &ada, &added).await;
    assert_eq!(missing["status"], "pending");
    assert_eq!(missing["version"], 2, "an admin's check is a new version");
    assert!(
        reason(&missing).starts_with("No authoritative nameserver of acme.test has the TXT record acme.test"),
        "{missing}"
    );
    let checked_at = ssodesk_model::parse_timestamp(missing["last_checked_at"].as_str().unwrap()).unwrap();
    assert!((ssodesk_model::Timestamp::now_utc() - checked_at).whole_seconds() < 30);
    assert_eq!(missing["verified_at"], Value::Null);

    // On one of two nameservers: still pending, naming the one that lacks it.
    publish_on_nameserver(&zone, 0, &added).await;
    let halfway = verify_ok(&server, &ada, &added).await;
    assert_eq!(halfway["status"], "pending");
    assert_eq!(halfway["version"], 3);
    assert!(reason(&halfway).starts_with("1 of 2 nameservers has the record (ns2.acme.test lacks it)"), "{halfway}");

    // On both: verified.
    publish_on_nameserver(&zone, 1, &added).await;
    let verified = verify_ok(&server, &ada, &added).await;
    assert_eq!(verified["status"], "verified", "{verified}");
    assert_eq!(verified["failure_reason"], Value::Null);
    assert_eq!(verified["version"], 4);
    assert_eq!(verified["verified_at"], verified["last_checked_at"]);
    assert_eq!(server.get(&format!("/v1/domains/{}", id_of(&added)), &ada).await.json(), verified);

    // Verified is for good: asking again checks nothing and writes nothing, even if the record
    // is gone.
    zone.unpublish("acme.test", ssodesk_dns_test_server::RecordType::TXT).await.unwrap();
    assert_eq!(verify_ok(&server, &ada, &added).await, verified);

    // Every check an admin asked for is in the audit log, with before and after.
    let events = server.audit_events().await;
    let verifies: Vec<_> = events.iter().filter(|event| event["action"] == "domain.verify").collect();
    assert_eq!(verifies.len(), 3, "{events:?}");
    assert_eq!(verifies[0]["before"], halfway);
    assert_eq!(verifies[0]["after"], verified);
    assert_eq!(verifies[2]["before"], added);
    assert_eq!(verifies[2]["after"], missing);
    for event in verifies {
        assert_eq!(event["actor"]["email"], "ada@acme.example");
        assert_eq!(event["resource"], json!({ "type": "domain", "id": id_of(&added) }));
    }
}

#[tokio::test]
async fn a_subdomain_is_verified_at_its_challenge_name_under_a_multi_label_public_suffix() {
    let zone = start_zone("example.co.uk", 2).await;
    let server = TestServer::start_with(checks_through(&zone)).await;
    let ada = server.token("ada@acme.example");
    let added = server.add_domain(&ada, "sso.example.co.uk").await;
    let (record_name, value) = txt_of(&added);
    assert_eq!(record_name, "_acme-challenge.sso.example.co.uk");

    // Published at the subdomain itself: not verified, and the reason says where it belongs.
    zone.publish_txt("sso.example.co.uk", &[&value]).await.unwrap();
    let misplaced = verify_ok(&server, &ada, &added).await;
    assert_eq!(misplaced["status"], "pending");
    assert!(reason(&misplaced).contains("belongs at _acme-challenge.sso.example.co.uk"), "{misplaced}");

    publish(&zone, &added).await;
    let verified = verify_ok(&server, &ada, &added).await;
    assert_eq!(verified["status"], "verified", "{verified}");
}

#[tokio::test]
async fn dns_failures_and_timeouts_become_the_failure_reason_never_an_error() {
    let zone = start_zone("acme.test", 2).await;
    let server = TestServer::start_with(checks_through(&zone)).await;
    let ada = server.token("ada@acme.example");
    let added = server.add_domain(&ada, "acme.test").await;
    publish(&zone, &added).await;

    // Nameservers that never answer: a timeout, within the check's deadline.
    for nameserver in zone.nameservers() {
        nameserver.set_fault(Fault::Silent);
    }
    let started = Instant::now();
    let silent = verify_ok(&server, &ada, &added).await;
    assert!(started.elapsed() < Duration::from_secs(8), "{:?}", started.elapsed());
    assert_eq!(silent["status"], "pending");
    assert!(reason(&silent).contains("timeout"), "{silent}");
    assert!(
        !reason(&silent).contains("No authoritative nameserver of acme.test has the TXT record"),
        "a timeout is not a missing record"
    );

    // SERVFAIL from the nameservers.
    for nameserver in zone.nameservers() {
        nameserver.set_fault(Fault::ServFail);
    }
    let failing = verify_ok(&server, &ada, &added).await;
    assert_eq!(failing["status"], "pending");
    assert!(reason(&failing).contains("SERVFAIL"), "{failing}");

    // A resolver that refuses everything: the nameservers cannot even be found.
    for nameserver in zone.nameservers() {
        nameserver.set_fault(Fault::None);
    }
    zone.resolver().set_fault(Fault::Refused);
    let refused = verify_ok(&server, &ada, &added).await;
    assert_eq!(refused["status"], "pending");
    assert!(reason(&refused).contains("nameservers"), "{refused}");

    // And once DNS works again, the same domain verifies.
    zone.resolver().set_fault(Fault::None);
    assert_eq!(verify_ok(&server, &ada, &added).await["status"], "verified");
}

#[tokio::test]
async fn a_resolver_nobody_listens_on_is_a_reason_too() {
    // A loopback address with no DNS server: the port is closed, nothing answers.
    let nowhere: std::net::SocketAddr = "127.0.0.1:9".parse().unwrap();
    let server = TestServer::start_with(move |config| {
        let mut config = config.with_dns_servers(&[nowhere]);
        config.dns.query_timeout = Duration::from_millis(300);
        config.dns.deadline = Duration::from_secs(2);
        config
    })
    .await;
    let ada = server.token("ada@acme.example");
    let added = server.add_domain(&ada, "acme.test").await;
    let checked = verify_ok(&server, &ada, &added).await;
    assert_eq!(checked["status"], "pending");
    assert!(reason(&checked).contains("127.0.0.1:9"), "{checked}");
}

#[tokio::test]
async fn a_verify_is_idempotent_and_a_replay_does_not_check_again() {
    let zone = start_zone("acme.test", 1).await;
    let server = TestServer::start_with(checks_through(&zone)).await;
    let ada = server.token("ada@acme.example");
    let added = server.add_domain(&ada, "acme.test").await;
    let path = format!("/v1/domains/{}/verify", id_of(&added));
    let with_key = |key: &str| Answer::of(server.post_empty(&path, &ada).header("Idempotency-Key", key));

    let first = with_key("check-1").await;
    assert_eq!(first.json()["status"], "pending");
    publish(&zone, &added).await;
    // The same key replays the first answer, though the record is there now.
    let replay = with_key("check-1").await;
    assert_eq!(replay.status, StatusCode::OK);
    assert_eq!(replay.body, first.body);
    assert_eq!(replay.header("idempotency-replayed"), Some("true"));
    assert_eq!(server.get(&format!("/v1/domains/{}", id_of(&added)), &ada).await.json()["version"], 2);
    // A new key checks again.
    assert_eq!(with_key("check-2").await.json()["status"], "verified");
    // A key used for another request is refused.
    let other = server.add_domain(&ada, "other.acme.test").await;
    Answer::of(
        server.post_empty(&format!("/v1/domains/{}/verify", id_of(&other)), &ada).header("Idempotency-Key", "check-1"),
    )
    .await
    .problem(ProblemKind::IdempotencyKeyReused);

    let verifies = server.audit_events().await.iter().filter(|event| event["action"] == "domain.verify").count();
    assert_eq!(verifies, 2, "one per check, none for the replay");
}

#[tokio::test]
async fn the_background_recheck_verifies_a_domain_once_its_record_is_published() {
    let zone = start_zone("acme.test", 2).await;
    let dns = checks_through(&zone);
    let server = TestServer::start_with(move |config| {
        let mut config = dns(config);
        config.recheck_interval = Duration::from_millis(200);
        config
    })
    .await;
    let ada = server.token("ada@acme.example");
    let added = server.add_domain(&ada, "acme.test").await;
    let id = id_of(&added);

    // The re-check looks without being asked, and records what it saw without a new version.
    let seen =
        wait_for_domain(&server, &ada, &id, Duration::from_secs(15), |domain| !domain["last_checked_at"].is_null())
            .await;
    assert_eq!(seen["status"], "pending");
    assert_eq!(seen["version"], 1, "an observation is not a new version");
    assert!(reason(&seen).contains("has the TXT record acme.test"), "{seen}");

    publish(&zone, &added).await;
    let verified =
        wait_for_domain(&server, &ada, &id, Duration::from_secs(15), |domain| domain["status"] == "verified").await;
    assert_eq!(verified["version"], 2, "a change of status is a new version");
    assert_eq!(verified["failure_reason"], Value::Null);
    assert!(!verified["verified_at"].is_null());

    let events = server.audit_events().await;
    assert_eq!(events.len(), 2, "the creation and the verification, no event per observation: {events:?}");
    let event = &events[0];
    assert_eq!(event["action"], "domain.verify");
    assert_eq!(event["actor"], json!({ "user_id": "system", "email": "system" }));
    assert_eq!(event["before"]["status"], "pending");
    assert_eq!(event["after"], verified);
    let parsed: ssodesk_model::AuditEvent = serde_json::from_value(event.clone()).unwrap();
    assert!(parsed.actor.is_system());
}

#[tokio::test]
async fn a_domain_pending_longer_than_the_expiry_fails_and_can_be_added_again() {
    let zone = start_zone("acme.test", 1).await;
    let dns = checks_through(&zone);
    let server = TestServer::start_with(move |config| {
        let mut config = dns(config);
        config.recheck_interval = Duration::from_millis(200);
        config.pending_expiry = Duration::from_secs(1);
        config
    })
    .await;
    let ada = server.token("ada@acme.example");
    let added = server.add_domain(&ada, "acme.test").await;
    let id = id_of(&added);

    let failed =
        wait_for_domain(&server, &ada, &id, Duration::from_secs(15), |domain| domain["status"] == "failed").await;
    assert_eq!(failed["version"], 2);
    assert!(reason(&failed).starts_with("Not verified within 1 second of being added"), "{failed}");
    assert!(reason(&failed).contains("has the TXT record acme.test"), "the last check's reason: {failed}");
    assert_eq!(failed["verified_at"], Value::Null);

    let events = server.audit_events().await;
    assert_eq!(events[0]["action"], "domain.expire");
    assert_eq!(events[0]["actor"]["user_id"], "system");
    assert_eq!(events[0]["before"]["status"], "pending");
    assert_eq!(events[0]["after"], failed);

    // A failed domain stays failed, even once the record shows up.
    publish(&zone, &added).await;
    let refused = verify(&server, &ada, &added).await.problem(ProblemKind::Conflict);
    assert!(refused.detail.unwrap().contains("remove the domain and add it again"));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(server.get(&format!("/v1/domains/{id}"), &ada).await.json(), failed, "the re-check leaves it alone");
    let again = Answer::of(server.post_json(&server.domains_path(), &ada, &json!({ "name": "acme.test" }))).await;
    assert!(again.problem(ProblemKind::Conflict).detail.unwrap().contains("remove it first"));

    let removed = Answer::of(server.delete(&format!("/v1/domains/{id}"), &ada, 2)).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let fresh = server.add_domain(&ada, "acme.test").await;
    assert_eq!(fresh["status"], "pending");
    assert_ne!(fresh["txt_record"]["value"], added["txt_record"]["value"]);
}

#[tokio::test]
async fn a_name_verified_by_one_parent_cannot_be_added_or_verified_by_another() {
    let zone = start_zone("acme.test", 2).await;
    let server = TestServer::start_with(checks_through(&zone)).await;
    let ada = server.token("ada@acme.example");
    let globex = server.db.insert_seed_plan(&globex()).unwrap();
    let zed = globex.users[0].token.clone();
    let globex_domains = format!("/v1/parents/{}/domains", globex.parent_id);

    // Both add the name while nobody has verified it, and both publish their tokens.
    let acmes = server.add_domain(&ada, "acme.test").await;
    let zeds = Answer::of(server.post_json(&globex_domains, &zed, &json!({ "name": "acme.test" }))).await;
    assert_eq!(zeds.status, StatusCode::CREATED, "{}", zeds.text());
    let zeds = zeds.json();
    publish(&zone, &zeds).await;
    publish(&zone, &acmes).await;

    assert_eq!(verify_ok(&server, &zed, &zeds).await["status"], "verified");
    // Acme's record is there too, but the name is taken.
    let second = verify_ok(&server, &ada, &acmes).await;
    assert_eq!(second["status"], "pending");
    assert!(reason(&second).contains("another parent organization has verified acme.test"), "{second}");

    // Removed and added again: refused outright.
    let removed = Answer::of(server.delete(&format!("/v1/domains/{}", id_of(&acmes)), &ada, 2)).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let refused = Answer::of(server.post_json(&server.domains_path(), &ada, &json!({ "name": "acme.test" }))).await;
    let detail = refused.problem(ProblemKind::Conflict).detail.unwrap();
    assert!(detail.contains("acme.test is verified by another parent organization"), "{detail}");
    // Subdomains are other names.
    server.add_domain(&ada, "eu.acme.test").await;
}

#[tokio::test]
async fn disabling_new_org_creation_needs_a_verified_domain() {
    let zone = start_zone("acme.test", 1).await;
    let server = TestServer::start_with(checks_through(&zone)).await;
    let ada = server.token("ada@acme.example");
    let parent_path = format!("/v1/parents/{}", server.seed.parent_id);
    let disable = json!({ "disable_new_org_creation": true });

    assert_eq!(server.get(&parent_path, &ada).await.json()["disable_new_org_creation"], false);
    let refused = Answer::of(server.patch(&parent_path, &ada, 1, &disable)).await;
    let detail = refused.problem(ProblemKind::Conflict).detail.unwrap();
    assert!(detail.contains("at least one of this parent's domains is verified"), "{detail}");

    // A pending domain is not enough.
    let added = server.add_domain(&ada, "acme.test").await;
    Answer::of(server.patch(&parent_path, &ada, 1, &disable)).await.problem(ProblemKind::Conflict);
    assert_eq!(server.version(&parent_path, &ada).await, 1);

    publish(&zone, &added).await;
    let verified = verify_ok(&server, &ada, &added).await;
    assert_eq!(verified["status"], "verified");
    // Roles still apply.
    let ana = server.token("ana@acme.example");
    Answer::of(server.patch(&parent_path, &ana, 1, &disable)).await.problem(ProblemKind::Forbidden);

    let accepted = Answer::of(server.patch(&parent_path, &ada, 1, &disable)).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text());
    assert_eq!(accepted.json()["disable_new_org_creation"], true);
    assert_eq!(accepted.json()["version"], 2);
    assert_eq!(server.get(&parent_path, &ana).await.json()["disable_new_org_creation"], true, "everyone sees it");
    let listed = server.get("/v1/parents", &ada).await.json();
    assert_eq!(listed["items"][0]["disable_new_org_creation"], true);

    // The last verified domain cannot go while the setting needs it.
    let domain_path = format!("/v1/domains/{}", id_of(&added));
    let kept = Answer::of(server.delete(&domain_path, &ada, 2)).await;
    assert!(kept.problem(ProblemKind::Conflict).detail.unwrap().contains("turn that setting off first"));
    // Turning it off is always accepted; then the domain may go.
    let enabled = Answer::of(server.patch(&parent_path, &ada, 2, &json!({ "disable_new_org_creation": false }))).await;
    assert_eq!(enabled.json()["disable_new_org_creation"], false);
    assert_eq!(Answer::of(server.delete(&domain_path, &ada, 2)).await.status, StatusCode::NO_CONTENT);
    // Off when it is off changes nothing.
    let same = Answer::of(server.patch(&parent_path, &ada, 3, &json!({ "disable_new_org_creation": false }))).await;
    assert_eq!(same.json()["version"], 3);

    let updates: Vec<_> =
        server.audit_events().await.into_iter().filter(|event| event["action"] == "parent.update").collect();
    assert_eq!(updates.len(), 2, "{updates:?}");
    assert_eq!(updates[1]["before"]["disable_new_org_creation"], false);
    assert_eq!(updates[1]["after"]["disable_new_org_creation"], true);
    assert_eq!(updates[0]["before"]["disable_new_org_creation"], true);
    assert_eq!(updates[0]["after"]["disable_new_org_creation"], false);
    // A non-boolean is a bad request.
    Answer::of(server.patch(&parent_path, &ada, 3, &json!({ "disable_new_org_creation": "yes" })))
        .await
        .problem(ProblemKind::BadRequest);
}
