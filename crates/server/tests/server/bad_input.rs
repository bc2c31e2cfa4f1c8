//! Bad input of every kind gets a problem of the right type, never a 500 or a plain-text answer.

use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, RequestBuilder};
use ssodesk_model::ProblemKind;

use crate::support::{Answer, TestServer};

/// Sends each request and checks it gets `kind`. Returns the answers for further checks.
async fn expect_all(cases: Vec<(&str, RequestBuilder, ProblemKind)>) -> Vec<Answer> {
    let mut answers = Vec::new();
    for (what, request, kind) in cases {
        let answer = Answer::of(request).await;
        assert_ne!(answer.status.as_u16(), 500, "{what}: {}", answer.text());
        assert_eq!(answer.status.as_u16(), kind.status(), "{what}: {}", answer.text());
        answer.problem(kind);
        answers.push(answer);
    }
    answers
}

#[tokio::test]
async fn bad_bodies_get_problems() {
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");
    let org = format!("/v1/orgs/{}", server.org_id("Acme Team"));
    let parent = format!("/v1/parents/{}", server.seed.parent_id);
    let json_patch = |path: &str, body: &str| {
        server
            .request(Method::PATCH, path, &ada)
            .header("If-Match", "\"1\"")
            .header(CONTENT_TYPE, "application/json")
            .body(body.to_owned())
    };
    let oversized = format!(r#"{{"name":"{}"}}"#, "x".repeat(70 * 1024));
    let mut cases = Vec::new();
    for path in [&org, &parent] {
        cases.extend([
            ("malformed JSON", json_patch(path, r#"{"name":"#), ProblemKind::BadRequest),
            ("not JSON at all", json_patch(path, "name=x"), ProblemKind::BadRequest),
            ("empty body", json_patch(path, ""), ProblemKind::BadRequest),
            ("a number for the name", json_patch(path, r#"{"name":5}"#), ProblemKind::BadRequest),
            ("null for the body", json_patch(path, "null"), ProblemKind::BadRequest),
            ("an array for the body", json_patch(path, r#"["x"]"#), ProblemKind::BadRequest),
            ("a string for the body", json_patch(path, r#""x""#), ProblemKind::BadRequest),
            (
                "an unknown field beside a null name",
                json_patch(path, r#"{"name":null,"extra":1}"#),
                ProblemKind::BadRequest,
            ),
            ("an unknown field", json_patch(path, r#"{"nmae":"x"}"#), ProblemKind::BadRequest),
            ("trailing garbage", json_patch(path, r#"{"name":"x"} extra"#), ProblemKind::BadRequest),
            ("an oversized body", json_patch(path, &oversized), ProblemKind::PayloadTooLarge),
            (
                "a text/plain body",
                server
                    .request(Method::PATCH, path, &ada)
                    .header("If-Match", "\"1\"")
                    .header(CONTENT_TYPE, "text/plain")
                    .body(r#"{"name":"x"}"#),
                ProblemKind::UnsupportedMediaType,
            ),
            (
                "a body without a content type",
                server.request(Method::PATCH, path, &ada).header("If-Match", "\"1\"").body(r#"{"name":"x"}"#),
                ProblemKind::UnsupportedMediaType,
            ),
            ("an invalid name", json_patch(path, r#"{"name":""}"#), ProblemKind::Validation),
        ]);
    }
    let answers = expect_all(cases).await;
    assert!(
        answers.iter().any(|answer| answer.text().contains("unknown field `nmae`")),
        "the detail says what is wrong"
    );
    assert_eq!(server.version(&org, &ada).await, 1);
    assert!(server.audit_events().await.is_empty());
}

#[tokio::test]
async fn bad_headers_get_problems() {
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");
    let org = format!("/v1/orgs/{}", server.org_id("Acme Team"));
    let patch =
        || server.request(Method::PATCH, &org, &ada).header(CONTENT_TYPE, "application/json").body(r#"{"name":"x"}"#);
    let mut cases = Vec::new();
    for if_match in ["W/\"1\"", "1", "*", "\"\"", "\"0\"", "\"one\"", "\"1\", \"2\""] {
        cases.push(("a malformed If-Match", patch().header("If-Match", if_match), ProblemKind::BadRequest));
    }
    let long_key = "k".repeat(256);
    for key in ["", "has space", long_key.as_str()] {
        cases.push((
            "a malformed Idempotency-Key",
            patch().header("If-Match", "\"1\"").header("Idempotency-Key", key),
            ProblemKind::BadRequest,
        ));
    }
    cases.push((
        "two If-Match headers",
        patch().header("If-Match", "\"1\"").header("If-Match", "\"1\""),
        ProblemKind::BadRequest,
    ));
    cases.push(("no If-Match", patch(), ProblemKind::PreconditionRequired));
    expect_all(cases).await;
}

#[tokio::test]
async fn bad_paths_queries_routes_and_methods_get_problems() {
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");
    let parent = &server.seed.parent_id;
    let org = server.org_id("Acme Team");
    let get = |path: String| server.request(Method::GET, &path, &ada);
    let cases = vec![
        ("an org id that is not one", get("/v1/orgs/nope".into()), ProblemKind::BadRequest),
        ("a parent id for an org", get(format!("/v1/orgs/{parent}")), ProblemKind::BadRequest),
        ("an org id for a parent", get(format!("/v1/parents/{org}")), ProblemKind::BadRequest),
        ("an upper-case id", get(format!("/v1/orgs/{}", org.to_uppercase())), ProblemKind::BadRequest),
        ("an id that is not UTF-8", get("/v1/orgs/%FF%FE".into()), ProblemKind::BadRequest),
        ("an unknown well-formed org id", get("/v1/orgs/org_aaaaaaaaaaaaaaaaaaaa".into()), ProblemKind::NotFound),
        (
            "an unknown well-formed parent id",
            get("/v1/parents/par_aaaaaaaaaaaaaaaaaaaa/orgs".into()),
            ProblemKind::NotFound,
        ),
        ("limit=0", get(format!("/v1/parents/{parent}/audit-events?limit=0")), ProblemKind::BadRequest),
        ("limit=201", get(format!("/v1/parents/{parent}/audit-events?limit=201")), ProblemKind::BadRequest),
        ("limit=ten", get(format!("/v1/parents/{parent}/audit-events?limit=ten")), ProblemKind::BadRequest),
        ("limit=-5", get(format!("/v1/parents/{parent}/audit-events?limit=-5")), ProblemKind::BadRequest),
        ("a made-up cursor", get(format!("/v1/parents/{parent}/audit-events?cursor=bogus")), ProblemKind::BadRequest),
        ("an unknown parameter", get(format!("/v1/parents/{parent}/audit-events?page=2")), ProblemKind::BadRequest),
        (
            "a repeated parameter",
            get(format!("/v1/parents/{parent}/audit-events?limit=1&limit=2")),
            ProblemKind::BadRequest,
        ),
        ("an unknown route", get("/v1/nope".into()), ProblemKind::NotFound),
        ("the root", get("/".into()), ProblemKind::NotFound),
        ("a route one segment too long", get(format!("/v1/orgs/{org}/extra")), ProblemKind::NotFound),
        ("a trailing slash", get("/v1/me/".into()), ProblemKind::NotFound),
        (
            "DELETE an org",
            server.request(Method::DELETE, &format!("/v1/orgs/{org}"), &ada),
            ProblemKind::MethodNotAllowed,
        ),
        ("POST the parents", server.request(Method::POST, "/v1/parents", &ada), ProblemKind::MethodNotAllowed),
        ("PUT me", server.request(Method::PUT, "/v1/me", &ada).body("{}"), ProblemKind::MethodNotAllowed),
        ("PATCH health", server.http.patch(server.url("/v1/health")), ProblemKind::MethodNotAllowed),
    ];
    let answers = expect_all(cases).await;
    let delete = answers.iter().find(|answer| answer.status.as_u16() == 405).unwrap();
    assert_eq!(delete.header("allow"), Some("GET, PATCH"));
}
