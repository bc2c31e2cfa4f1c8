//! The SSO connection resource: create from metadata, rotate through staged certificates,
//! precise refusals of bad metadata, fetching by URL, roles, the SP values and SP metadata.

use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use ssodesk_model::ProblemKind;
use ssodesk_test_idp::{IdpMetadata, MetadataServer, SigningCertificate};
use time::OffsetDateTime;

use crate::support::{Answer, TestServer};

const ADA: &str = "ada@acme.example";
const OKTA_FIXTURE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/idp-metadata/okta-uaa-oktapreview-pivotal.xml"
));
const TESTSHIB_ENTITIES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/idp-metadata/shibboleth-crewjam-testshib-entities.xml"
));

/// Two identity providers in one EntitiesDescriptor.
fn two_idps(certificate: &SigningCertificate) -> String {
    let entity = |id: &str| {
        let xml = IdpMetadata::new(id, "https://idp.acme.test/sso", vec![certificate.clone()]).xml();
        xml.split_once("?>").unwrap().1.to_owned()
    };
    format!(
        r#"<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">{}{}</md:EntitiesDescriptor>"#,
        entity("https://one.acme.test"),
        entity("https://two.acme.test")
    )
}

impl TestServer {
    fn sso_path(&self) -> String {
        format!("/v1/parents/{}/sso-connection", self.seed.parent_id)
    }

    async fn put_sso(&self, token: &str, if_match: Option<i64>, body: &Value) -> Answer {
        let mut request = self
            .request(Method::PUT, &self.sso_path(), token)
            .header(CONTENT_TYPE, "application/json")
            .body(body.to_string());
        if let Some(version) = if_match {
            request = request.header("If-Match", format!("\"{version}\""));
        }
        Answer::of(request).await
    }
}

fn test_idp(certificates: Vec<SigningCertificate>) -> IdpMetadata {
    IdpMetadata::new("https://idp.acme.test/saml", "https://idp.acme.test/sso", certificates)
}

fn fingerprints(connection: &Value) -> Vec<(String, String)> {
    connection["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|certificate| {
            (certificate["sha256"].as_str().unwrap().to_owned(), certificate["role"].as_str().unwrap().to_owned())
        })
        .collect()
}

fn sha256_of(certificate: &SigningCertificate) -> String {
    ssodesk_saml::parse_certificates(certificate.der(), OffsetDateTime::now_utc()).unwrap()[0].sha256.clone()
}

#[tokio::test]
async fn a_connection_is_created_from_metadata_with_what_it_derives() {
    let server = TestServer::start().await;
    let ada = server.token(ADA);
    assert_eq!(server.get(&server.sso_path(), &ada).await.problem(ProblemKind::NotFound).status, 404);

    let created = server.put_sso(&ada, None, &json!({ "idp": "okta", "metadata_xml": OKTA_FIXTURE })).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    assert_eq!(created.header("etag"), Some("\"1\""));
    let connection = created.json();
    assert_eq!(connection["idp"], "okta");
    assert_eq!(connection["entity_id"], "http://www.okta.com/k2lvtem0VAJDMINKEYJW");
    assert_eq!(connection["sso_binding"], "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect");
    assert!(connection["sso_url"].as_str().unwrap().starts_with("https://pivotal.oktapreview.com/app/"));
    assert_eq!(connection["status"], "draft");
    assert_eq!(connection["version"], 1);
    let certificates = connection["certificates"].as_array().unwrap();
    assert_eq!(certificates.len(), 1);
    assert_eq!(certificates[0]["role"], "active");
    assert!(certificates[0]["pem"].as_str().unwrap().starts_with("-----BEGIN CERTIFICATE-----\n"));
    // The PEM the server hands back is the same certificate.
    let reparsed = ssodesk_saml::parse_certificates(
        certificates[0]["pem"].as_str().unwrap().as_bytes(),
        OffsetDateTime::now_utc(),
    )
    .unwrap();
    assert_eq!(reparsed[0].sha256, certificates[0]["sha256"].as_str().unwrap());

    let read = server.get(&server.sso_path(), &ada).await;
    assert_eq!(read.json(), connection);
    // Anyone who sees the parent reads it; a user of the console organization too.
    assert_eq!(server.get(&server.sso_path(), &server.token("uma@acme.example")).await.status, StatusCode::OK);

    let events = server.audit_events().await;
    assert_eq!(events[0]["action"], "sso_connection.create");
    assert_eq!(events[0]["after"]["entity_id"], "http://www.okta.com/k2lvtem0VAJDMINKEYJW");
    assert!(events[0]["after"].get("metadata_xml").is_none(), "the audit log keeps no metadata document");
}

#[tokio::test]
async fn a_rotation_stages_the_new_certificate_then_activates_it_and_retires_the_old() {
    let server = TestServer::start().await;
    let ada = server.token(ADA);
    let now = OffsetDateTime::now_utc();
    let old = SigningCertificate::valid_for_days("old", now, 20);
    let new = SigningCertificate::valid_for_days("new", now, 365);
    let created =
        server.put_sso(&ada, None, &json!({ "idp": "entra", "metadata_xml": test_idp(vec![old.clone()]).xml() })).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());

    // The IdP publishes both; re-importing its metadata stages the new one beside the old.
    let both = json!({ "idp": "entra", "metadata_xml": test_idp(vec![old.clone(), new.clone()]).xml() });
    let missing_if_match = server.put_sso(&ada, None, &both).await;
    missing_if_match.problem(ProblemKind::PreconditionRequired);
    let stale = server.put_sso(&ada, Some(7), &both).await;
    let problem = stale.problem(ProblemKind::VersionMismatch);
    assert_eq!(problem.current.unwrap()["version"], 1);
    let staged = server.put_sso(&ada, Some(1), &both).await;
    assert_eq!(staged.status, StatusCode::OK, "{}", staged.text());
    assert_eq!(staged.json()["version"], 2);
    assert_eq!(
        fingerprints(&staged.json()),
        [(sha256_of(&old), "active".to_owned()), (sha256_of(&new), "staged".to_owned())]
    );

    // The same PUT again changes nothing: no new version.
    let unchanged = server.put_sso(&ada, Some(2), &both).await;
    assert_eq!(unchanged.json()["version"], 2);

    // Activate the new one, keep the old active too until the IdP signs with the new one.
    let activate = json!({
        "idp": "entra",
        "metadata_xml": test_idp(vec![old.clone(), new.clone()]).xml(),
        "certificates": [{ "pem": old.pem(), "role": "active" }, { "pem": new.pem(), "role": "active" }],
    });
    let activated = server.put_sso(&ada, Some(2), &activate).await;
    assert_eq!(activated.status, StatusCode::OK, "{}", activated.text());
    assert!(fingerprints(&activated.json()).iter().all(|(_, role)| role == "active"));

    // Retire the old one.
    let retire = json!({
        "idp": "entra",
        "metadata_xml": test_idp(vec![new.clone()]).xml(),
        "certificates": [{ "pem": new.base64(), "role": "active" }],
    });
    let retired = server.put_sso(&ada, Some(3), &retire).await;
    assert_eq!(retired.status, StatusCode::OK, "{}", retired.text());
    assert_eq!(fingerprints(&retired.json()), [(sha256_of(&new), "active".to_owned())]);
    let actions: Vec<String> =
        server.audit_events().await.iter().map(|event| event["action"].as_str().unwrap().to_owned()).collect();
    assert_eq!(
        actions[..4],
        ["sso_connection.update", "sso_connection.update", "sso_connection.update", "sso_connection.create"]
    );
}

#[tokio::test]
async fn an_idp_that_replaced_its_certificate_outright_gets_the_new_one_active() {
    let server = TestServer::start().await;
    let ada = server.token(ADA);
    let now = OffsetDateTime::now_utc();
    let old = SigningCertificate::valid_for_days("old", now, 20);
    let new = SigningCertificate::valid_for_days("new", now, 365);
    server.put_sso(&ada, None, &json!({ "idp": "google", "metadata_xml": test_idp(vec![old]).xml() })).await;
    let replaced = server
        .put_sso(&ada, Some(1), &json!({ "idp": "google", "metadata_xml": test_idp(vec![new.clone()]).xml() }))
        .await;
    assert_eq!(fingerprints(&replaced.json()), [(sha256_of(&new), "active".to_owned())]);
}

#[tokio::test]
async fn bad_input_is_refused_naming_the_field_and_what_is_wrong() {
    let server = TestServer::start().await;
    let ada = server.token(ADA);
    let now = OffsetDateTime::now_utc();
    let certificate = SigningCertificate::valid_for_days("c", now, 100);
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!({ "idp": "okta" }), "metadata_xml", "give the IdP's metadata"),
        (json!({ "idp": "okta", "metadata_xml": "<html><body>Sign in</body></html>" }), "metadata_xml", "<html>"),
        (
            json!({ "idp": "okta", "metadata_xml": "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">" }),
            "metadata_xml",
            "not well-formed",
        ),
        (
            json!({ "idp": "okta", "metadata_xml": "<!DOCTYPE x [<!ENTITY a \"b\">]><EntityDescriptor/>" }),
            "metadata_xml",
            "DTD",
        ),
        (json!({ "idp": "saml", "metadata_xml": two_idps(&certificate) }), "entity_id", "pick one"),
        (json!({ "idp": "saml", "metadata_xml": TESTSHIB_ENTITIES, "entity_id": "nope" }), "entity_id", "no entity"),
        (
            json!({ "idp": "saml", "metadata_xml": TESTSHIB_ENTITIES, "entity_id": "https://sp.testshib.org/shibboleth-sp" }),
            "entity_id",
            "not an identity provider",
        ),
        (json!({ "idp": "okta", "metadata_xml": test_idp(vec![]).xml() }), "metadata_xml", "no signing certificate"),
        (
            json!({ "idp": "okta", "metadata_xml": OKTA_FIXTURE, "certificates": [{ "pem": "not a certificate", "role": "active" }] }),
            "certificates[0].pem",
            "",
        ),
        (
            json!({ "idp": "okta", "metadata_xml": OKTA_FIXTURE, "certificates": [{ "pem": certificate.pem(), "role": "staged" }] }),
            "certificates",
            "at least one certificate must be active",
        ),
        (
            json!({ "idp": "okta", "metadata_xml": OKTA_FIXTURE, "certificates": [
                { "pem": certificate.pem(), "role": "active" }, { "pem": certificate.pem(), "role": "staged" }] }),
            "certificates[1].pem",
            "listed twice",
        ),
        (json!({ "idp": "okta", "metadata_url": "file:///etc/passwd" }), "metadata_url", "not an http"),
    ];
    for (body, field, words) in cases {
        let answer = server.put_sso(&ada, None, &body).await;
        let problem = answer.problem(ProblemKind::Validation);
        assert_eq!(problem.field.as_deref(), Some(field), "{body}: {}", answer.text());
        assert!(problem.detail.as_deref().unwrap_or("").contains(words), "{body}: {}", answer.text());
    }
    // The element and line of a broken part are named.
    let broken = OKTA_FIXTURE.replace("Location=\"https://pivotal", "Locatio=\"https://pivotal");
    let answer = server.put_sso(&ada, None, &json!({ "idp": "okta", "metadata_xml": broken })).await;
    let detail = answer.problem(ProblemKind::Validation).detail.unwrap();
    assert!(
        detail.contains("SingleSignOnService") && detail.contains("Location") && detail.contains("line"),
        "{detail}"
    );
    // With several identity providers, `entity_id` picks one.
    let picked = server
        .put_sso(
            &ada,
            None,
            &json!({ "idp": "saml", "metadata_xml": two_idps(&certificate), "entity_id": "https://two.acme.test" }),
        )
        .await;
    assert_eq!(picked.json()["entity_id"], "https://two.acme.test", "{}", picked.text());
    Answer::of(server.delete(&server.sso_path(), &ada, 1)).await;
    // Unknown IdPs and unknown fields are malformed requests.
    server
        .put_sso(&ada, None, &json!({ "idp": "ping", "metadata_xml": OKTA_FIXTURE }))
        .await
        .problem(ProblemKind::BadRequest);
    server
        .put_sso(&ada, None, &json!({ "idp": "okta", "metadata_xml": OKTA_FIXTURE, "extra": 1 }))
        .await
        .problem(ProblemKind::BadRequest);
    // A draft cannot claim a test sign-in it never had.
    server
        .put_sso(&ada, None, &json!({ "idp": "okta", "metadata_xml": OKTA_FIXTURE, "status": "active" }))
        .await
        .problem(ProblemKind::Conflict);
    // If-Match on a connection that does not exist.
    server
        .put_sso(&ada, Some(1), &json!({ "idp": "okta", "metadata_xml": OKTA_FIXTURE }))
        .await
        .problem(ProblemKind::VersionMismatch);
    // Nothing was stored by any of it: only the picked connection and its removal are in the log.
    server.get(&server.sso_path(), &ada).await.problem(ProblemKind::NotFound);
    let actions: Vec<Value> = server
        .audit_events()
        .await
        .iter()
        .filter(|event| event["resource"]["type"] == "sso_connection")
        .map(|event| event["action"].clone())
        .collect();
    assert_eq!(actions, [json!("sso_connection.delete"), json!("sso_connection.create")]);
}

#[tokio::test]
async fn a_metadata_url_alone_is_fetched_and_kept() {
    let server = TestServer::start().await;
    let ada = server.token(ADA);
    let certificate = SigningCertificate::valid_for_days("fetched", OffsetDateTime::now_utc(), 90);
    let published = MetadataServer::start(test_idp(vec![certificate.clone()]).xml()).await;
    let created = server.put_sso(&ada, None, &json!({ "idp": "jumpcloud", "metadata_url": published.url() })).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let connection = created.json();
    assert_eq!(connection["metadata_url"], published.url());
    assert_eq!(connection["entity_id"], "https://idp.acme.test/saml");
    assert_eq!(fingerprints(&connection), [(sha256_of(&certificate), "active".to_owned())]);
    assert_eq!(published.requests(), 1);

    // An idempotent retry is replayed without fetching again.
    let key = "sso-fetch-1";
    let body = json!({ "idp": "jumpcloud", "metadata_url": published.url() });
    let send = || {
        server
            .request(Method::PUT, &server.sso_path(), &ada)
            .header(CONTENT_TYPE, "application/json")
            .header("If-Match", "\"1\"")
            .header("Idempotency-Key", key)
            .body(body.to_string())
    };
    assert_eq!(Answer::of(send()).await.status, StatusCode::OK);
    let replay = Answer::of(send()).await;
    assert_eq!(replay.header("idempotency-replayed"), Some("true"));
    assert_eq!(published.requests(), 2);

    let url = published.url();
    drop(published);
    let unreachable = server.put_sso(&ada, Some(1), &json!({ "idp": "jumpcloud", "metadata_url": url })).await;
    let problem = unreachable.problem(ProblemKind::Validation);
    assert_eq!(problem.field.as_deref(), Some("metadata_url"));
    assert!(problem.detail.unwrap().contains("cannot fetch"));
}

#[tokio::test]
async fn only_managers_change_it_and_outsiders_do_not_see_it() {
    let server = TestServer::start().await;
    let body = json!({ "idp": "okta", "metadata_xml": OKTA_FIXTURE });
    for email in ["ana@acme.example", "dev@acme.example", "uma@acme.example"] {
        server.put_sso(&server.token(email), None, &body).await.problem(ProblemKind::Forbidden);
    }
    // Nobody who may not configure SSO makes the server reach out to a URL.
    let published = MetadataServer::start(
        test_idp(vec![SigningCertificate::valid_for_days("c", OffsetDateTime::now_utc(), 30)]).xml(),
    )
    .await;
    let by_url = json!({ "idp": "okta", "metadata_url": published.url() });
    server.put_sso(&server.token("dev@acme.example"), None, &by_url).await.problem(ProblemKind::Forbidden);
    assert_eq!(published.requests(), 0, "nothing was fetched for a refused caller");
    assert_eq!(server.put_sso(&server.token("olu@acme.example"), None, &body).await.status, StatusCode::CREATED);
    let delete_as_dev = Answer::of(server.delete(&server.sso_path(), &server.token("dev@acme.example"), 1)).await;
    delete_as_dev.problem(ProblemKind::Forbidden);
}

#[tokio::test]
async fn deleting_needs_the_version_and_leaves_an_audit_event() {
    let server = TestServer::start().await;
    let ada = server.token(ADA);
    server.put_sso(&ada, None, &json!({ "idp": "okta", "metadata_xml": OKTA_FIXTURE })).await;
    Answer::of(server.request(Method::DELETE, &server.sso_path(), &ada))
        .await
        .problem(ProblemKind::PreconditionRequired);
    Answer::of(server.delete(&server.sso_path(), &ada, 2)).await.problem(ProblemKind::VersionMismatch);
    assert_eq!(Answer::of(server.delete(&server.sso_path(), &ada, 1)).await.status, StatusCode::NO_CONTENT);
    server.get(&server.sso_path(), &ada).await.problem(ProblemKind::NotFound);
    Answer::of(server.delete(&server.sso_path(), &ada, 1)).await.problem(ProblemKind::NotFound);
    let events = server.audit_events().await;
    assert_eq!(events[0]["action"], "sso_connection.delete");
    assert!(events[0]["after"].is_null());
}

#[tokio::test]
async fn large_metadata_is_accepted_up_to_the_route_limit() {
    let server = TestServer::start().await;
    let ada = server.token(ADA);
    // 300 KiB, over the 64 KiB of other routes: metadata with a long comment.
    let padded = OKTA_FIXTURE
        .replace("<md:IDPSSODescriptor", &format!("<!-- {} --><md:IDPSSODescriptor", "x".repeat(300 * 1024)));
    let answer = server.put_sso(&ada, None, &json!({ "idp": "okta", "metadata_xml": padded })).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    let huge = "x".repeat(3 * 1024 * 1024);
    let answer = server.put_sso(&ada, Some(1), &json!({ "idp": "okta", "metadata_xml": huge })).await;
    assert!(answer.problem(ProblemKind::PayloadTooLarge).detail.unwrap().contains("2048 KiB"));
}

#[tokio::test]
async fn the_service_provider_values_and_metadata_are_served() {
    let server = TestServer::start().await;
    let path = format!("/v1/parents/{}/service-provider", server.seed.parent_id);
    let sp = server.get(&path, &server.token("uma@acme.example")).await.json();
    let base = server.server.base_url();
    assert_eq!(sp["entity_id"], format!("{base}/saml/{}", server.seed.parent_id));
    assert_eq!(sp["acs_url"], format!("{base}/saml/{}/acs", server.seed.parent_id));
    // The metadata is public, as every SP's is, and parses as an SP with that ACS URL.
    let metadata = server.http.get(sp["metadata_url"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(metadata.status(), StatusCode::OK);
    assert_eq!(metadata.headers()["content-type"], "application/samlmetadata+xml");
    let parsed = ssodesk_saml::parse_metadata(&metadata.bytes().await.unwrap(), OffsetDateTime::now_utc()).unwrap();
    assert_eq!(parsed.entities[0].entity_id, sp["entity_id"].as_str().unwrap());
    assert_eq!(parsed.entities[0].roles, ["sp"]);
    let missing = server.http.get(server.url("/saml/par_00000000000000000000/metadata")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}
