//! Domains without DNS: adding (names normalised, records to publish), listing, reading and
//! removing them, with roles, If-Match, idempotency and the audit log.

use reqwest::StatusCode;
use serde_json::{json, Value};
use ssodesk_model::{Domain, DomainStatus, ProblemKind};

use crate::roles::globex;
use crate::support::{Answer, TestServer};

fn is_token_value(value: &str) -> bool {
    value
        .strip_prefix("ssodesk-verification=")
        .is_some_and(|token| token.len() == 40 && token.bytes().all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f')))
}

#[tokio::test]
async fn adding_a_domain_normalises_the_name_and_says_which_record_to_publish() {
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");

    let answer =
        Answer::of(server.post_json(&server.domains_path(), &ada, &json!({ "name": "  Example.COM. " }))).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    assert_eq!(answer.header("etag"), Some("\"1\""));
    assert_eq!(answer.header("content-type"), Some("application/json"));
    let added = answer.json();
    let domain: Domain = serde_json::from_value(added.clone()).expect("the answer is a Domain");
    assert!(domain.id.starts_with("dom_") && domain.id.len() == 24, "{}", domain.id);
    assert_eq!(domain.parent_id, server.seed.parent_id);
    assert_eq!(domain.name, "example.com");
    assert_eq!(domain.status, DomainStatus::Pending);
    assert_eq!(domain.txt_record.name, "example.com", "a registrable domain holds its own record");
    assert!(is_token_value(&domain.txt_record.value), "{}", domain.txt_record.value);
    assert_eq!((domain.last_checked_at, domain.verified_at, domain.failure_reason.as_deref()), (None, None, None));
    assert_eq!(domain.version, 1);
    let age = ssodesk_model::Timestamp::now_utc() - domain.created_at;
    assert!(age.whole_seconds().abs() < 60, "created_at is now: {}", domain.created_at);
    // The nulls are there, not left out.
    for field in ["last_checked_at", "verified_at", "failure_reason"] {
        assert_eq!(added.get(field), Some(&Value::Null), "{field}");
    }

    // (typed, normalised name, record name): IDNs in punycode, subdomains at `_acme-challenge.`,
    // and the registrable part found with the Public Suffix List, also under `co.uk`.
    let cases = [
        ("Bücher.Example", "xn--bcher-kva.example", "xn--bcher-kva.example"),
        ("SSO.example.com", "sso.example.com", "_acme-challenge.sso.example.com"),
        ("example.co.uk", "example.co.uk", "example.co.uk"),
        ("sso.example.co.uk.", "sso.example.co.uk", "_acme-challenge.sso.example.co.uk"),
        ("a.b.example.co.uk", "a.b.example.co.uk", "_acme-challenge.a.b.example.co.uk"),
        ("acme.github.io", "acme.github.io", "acme.github.io"),
    ];
    let mut tokens = vec![domain.txt_record.value.clone()];
    for (typed, name, record) in cases {
        let added = server.add_domain(&ada, typed).await;
        assert_eq!(added["name"], name, "{typed}");
        assert_eq!(added["txt_record"]["name"], record, "{typed}");
        let value = added["txt_record"]["value"].as_str().unwrap().to_owned();
        assert!(is_token_value(&value));
        assert!(!tokens.contains(&value), "every domain has its own token");
        tokens.push(value);
    }

    // Reading one and the list give the same domains, oldest first.
    let read = server.get(&format!("/v1/domains/{}", domain.id), &ada).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.header("etag"), Some("\"1\""));
    assert_eq!(read.json(), added);
    let list = server.get(&server.domains_path(), &ada).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text());
    let list = list.json();
    assert_eq!(list["next_cursor"], Value::Null);
    let names: Vec<_> = list["items"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "example.com",
            "xn--bcher-kva.example",
            "sso.example.com",
            "example.co.uk",
            "sso.example.co.uk",
            "a.b.example.co.uk",
            "acme.github.io"
        ]
    );
    assert_eq!(list["items"][0], added);

    // Each addition is in the audit log, with the domain as it was created.
    let events = server.audit_events().await;
    assert_eq!(events.len(), 7);
    let first = events.last().unwrap();
    assert_eq!(first["action"], "domain.create");
    assert_eq!(first["resource"], json!({ "type": "domain", "id": domain.id }));
    assert_eq!(first["actor"]["email"], "ada@acme.example");
    assert_eq!(first["before"], Value::Null);
    assert_eq!(first["after"], added);
}

#[tokio::test]
async fn names_that_are_not_domains_get_422_with_the_reason() {
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");
    let long_label = format!("{}.com", "a".repeat(64));
    let cases = [
        ("", "enter a domain name"),
        ("   ", "enter a domain name"),
        ("https://acme.com/login", "looks like a web address"),
        ("ada@acme.com", "looks like an email address"),
        ("co.uk", "public suffix"),
        ("com", "no dot"),
        ("192.0.2.1", "IP address"),
        ("acme..com", "empty label"),
        ("-acme.com", "hyphen"),
        ("acme com.com", "not allowed"),
        ("acme_corp.com", "not allowed"),
        (long_label.as_str(), "at most 63"),
    ];
    for (name, reason) in cases {
        let answer = Answer::of(server.post_json(&server.domains_path(), &ada, &json!({ "name": name }))).await;
        let problem = answer.problem(ProblemKind::Validation);
        assert_eq!(problem.field.as_deref(), Some("name"), "{name:?}");
        let detail = problem.detail.unwrap_or_default();
        assert!(detail.contains(reason), "{name:?}: {detail}");
    }
    // Bodies that are not a NewDomain are bad requests, as everywhere.
    for body in [json!({}), json!({ "name": 5 }), json!({ "nmae": "acme.com" }), json!({ "name": "acme.com", "x": 1 })]
    {
        Answer::of(server.post_json(&server.domains_path(), &ada, &body)).await.problem(ProblemKind::BadRequest);
    }
    Answer::of(
        server
            .request(reqwest::Method::POST, &server.domains_path(), &ada)
            .header("content-type", "text/plain")
            .body(r#"{"name":"acme.com"}"#),
    )
    .await
    .problem(ProblemKind::UnsupportedMediaType);
    Answer::of(server.request(reqwest::Method::POST, &server.domains_path(), &ada))
        .await
        .problem(ProblemKind::UnsupportedMediaType);

    assert_eq!(server.get(&server.domains_path(), &ada).await.json()["items"], json!([]));
    assert!(server.audit_events().await.is_empty(), "nothing was written");
}

#[tokio::test]
async fn the_same_parent_adding_a_name_twice_gets_409() {
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");
    let olu = server.token("olu@acme.example");
    let first = server.add_domain(&ada, "acme.com").await;
    for (token, name) in [(&ada, "acme.com"), (&olu, "ACME.com."), (&ada, " acme.com")] {
        let answer = Answer::of(server.post_json(&server.domains_path(), token, &json!({ "name": name }))).await;
        let detail = answer.problem(ProblemKind::Conflict).detail.unwrap();
        assert!(detail.contains("acme.com is already a domain of this parent"), "{detail}");
        assert!(detail.contains(first["id"].as_str().unwrap()), "{detail}");
    }
    assert_eq!(server.get(&server.domains_path(), &ada).await.json()["items"].as_array().unwrap().len(), 1);
    assert_eq!(server.audit_events().await.len(), 1);
    // Another parent may add the same name while nobody has verified it.
    let globex = server.db.insert_seed_plan(&globex()).unwrap();
    let zed = &globex.users[0].token;
    let path = format!("/v1/parents/{}/domains", globex.parent_id);
    let answer = Answer::of(server.post_json(&path, zed, &json!({ "name": "acme.com" }))).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    assert_ne!(answer.json()["txt_record"]["value"], first["txt_record"]["value"]);
}

#[tokio::test]
async fn reading_domains_needs_a_role_in_the_parent_and_changing_them_a_managing_one() {
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");
    let domain = server.add_domain(&ada, "acme.com").await;
    let id = domain["id"].as_str().unwrap();
    let domain_path = format!("/v1/domains/{id}");
    let verify_path = format!("{domain_path}/verify");

    // Olu manages the Team and Enterprise organizations: he may add domains.
    let olu = server.token("olu@acme.example");
    server.add_domain(&olu, "olu.acme.com").await;

    for email in ["ana@acme.example", "dev@acme.example", "uma@acme.example"] {
        let token = server.token(email);
        let list = server.get(&server.domains_path(), &token).await;
        assert_eq!(list.status, StatusCode::OK, "{email}: {}", list.text());
        assert_eq!(list.json()["items"].as_array().unwrap().len(), 2, "{email}");
        assert_eq!(server.get(&domain_path, &token).await.json(), domain, "{email}");

        let added = Answer::of(server.post_json(&server.domains_path(), &token, &json!({ "name": "mine.com" }))).await;
        assert!(added.problem(ProblemKind::Forbidden).detail.unwrap().contains("adding a domain needs"), "{email}");
        let verified = Answer::of(server.post_empty(&verify_path, &token)).await;
        verified.problem(ProblemKind::Forbidden);
        let deleted = Answer::of(server.delete(&domain_path, &token, 1)).await;
        deleted.problem(ProblemKind::Forbidden);
    }

    // An outsider cannot tell the domain or the parent exists.
    let globex = server.db.insert_seed_plan(&globex()).unwrap();
    let zed = &globex.users[0].token;
    server.get(&server.domains_path(), zed).await.problem(ProblemKind::NotFound);
    let unseen = server.get(&domain_path, zed).await.problem(ProblemKind::NotFound);
    assert!(unseen.detail.unwrap().contains(id));
    Answer::of(server.post_json(&server.domains_path(), zed, &json!({ "name": "zed.com" })))
        .await
        .problem(ProblemKind::NotFound);
    Answer::of(server.post_empty(&verify_path, zed)).await.problem(ProblemKind::NotFound);
    Answer::of(server.delete(&domain_path, zed, 1)).await.problem(ProblemKind::NotFound);
    // Zed's own parent has no domains.
    let zeds = server.get(&format!("/v1/parents/{}/domains", globex.parent_id), zed).await;
    assert_eq!(zeds.json()["items"], json!([]));

    // Unknown and ill-formed ids.
    server.get("/v1/domains/dom_aaaaaaaaaaaaaaaaaaaa", &ada).await.problem(ProblemKind::NotFound);
    Answer::of(server.post_empty("/v1/domains/dom_aaaaaaaaaaaaaaaaaaaa/verify", &ada))
        .await
        .problem(ProblemKind::NotFound);
    let bad = server.get("/v1/domains/org_aaaaaaaaaaaaaaaaaaaa", &ada).await.problem(ProblemKind::BadRequest);
    assert!(bad.detail.unwrap().contains("dom_"));
    // Without a token, nothing.
    Answer::of(server.http.get(server.url(&domain_path))).await.problem(ProblemKind::Unauthenticated);

    // Nothing but the two additions was written.
    assert_eq!(server.get(&domain_path, &ada).await.json(), domain);
    assert_eq!(server.audit_events().await.len(), 2);
}

#[tokio::test]
async fn removing_a_domain_needs_if_match_with_its_current_version() {
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");
    let domain = server.add_domain(&ada, "acme.com").await;
    let path = format!("/v1/domains/{}", domain["id"].as_str().unwrap());

    Answer::of(server.request(reqwest::Method::DELETE, &path, &ada)).await.problem(ProblemKind::PreconditionRequired);
    let stale = Answer::of(server.delete(&path, &ada, 7)).await;
    let current = stale.problem(ProblemKind::VersionMismatch).current.expect("a 412 carries the domain");
    assert_eq!(current, domain);
    Answer::of(server.request(reqwest::Method::DELETE, &path, &ada).header("If-Match", "W/\"1\""))
        .await
        .problem(ProblemKind::BadRequest);
    assert_eq!(server.get(&path, &ada).await.status, StatusCode::OK, "still there");

    let removed = Answer::of(server.delete(&path, &ada, 1)).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.text());
    assert!(removed.body.is_empty());
    assert_eq!(removed.header("content-type"), None);
    server.get(&path, &ada).await.problem(ProblemKind::NotFound);
    Answer::of(server.delete(&path, &ada, 1)).await.problem(ProblemKind::NotFound);
    assert_eq!(server.get(&server.domains_path(), &ada).await.json()["items"], json!([]));

    let events = server.audit_events().await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[0]["action"], "domain.delete");
    assert_eq!(events[0]["resource"]["id"], domain["id"]);
    assert_eq!(events[0]["before"], domain);
    assert_eq!(events[0]["after"], Value::Null);

    // The name may be added again, with a new id and a new token.
    let again = server.add_domain(&ada, "acme.com").await;
    assert_ne!(again["id"], domain["id"]);
    assert_ne!(again["txt_record"]["value"], domain["txt_record"]["value"]);
}

#[tokio::test]
async fn adding_and_removing_are_idempotent_and_a_key_reused_for_another_request_gets_422() {
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");
    let add = |name: &str, key: &str| {
        Answer::of(
            server.post_json(&server.domains_path(), &ada, &json!({ "name": name })).header("Idempotency-Key", key),
        )
    };

    let first = add("acme.com", "add-acme").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    assert_eq!(first.header("idempotency-replayed"), None);
    let replay = add("acme.com", "add-acme").await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.body, first.body, "the replay is the first answer, token and all");
    assert_eq!(replay.header("etag"), Some("\"1\""));
    assert_eq!(replay.header("idempotency-replayed"), Some("true"));
    add("globex.com", "add-acme").await.problem(ProblemKind::IdempotencyKeyReused);
    // Without the key, the second addition is a conflict, not a replay.
    Answer::of(server.post_json(&server.domains_path(), &ada, &json!({ "name": "acme.com" })))
        .await
        .problem(ProblemKind::Conflict);
    assert_eq!(server.get(&server.domains_path(), &ada).await.json()["items"].as_array().unwrap().len(), 1);

    let path = format!("/v1/domains/{}", first.json()["id"].as_str().unwrap());
    let remove = || Answer::of(server.delete(&path, &ada, 1).header("Idempotency-Key", "remove-acme"));
    let removed = remove().await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let again = remove().await;
    assert_eq!(again.status, StatusCode::NO_CONTENT, "a retry of the removal is answered as the removal was");
    assert_eq!(again.header("idempotency-replayed"), Some("true"));
    assert!(again.body.is_empty());
    assert_eq!(again.header("content-type"), None);
    Answer::of(server.delete(&path, &ada, 2).header("Idempotency-Key", "remove-acme"))
        .await
        .problem(ProblemKind::IdempotencyKeyReused);

    let actions: Vec<_> = server.audit_events().await.iter().map(|event| event["action"].clone()).collect();
    assert_eq!(actions, ["domain.delete", "domain.create"]);
}
