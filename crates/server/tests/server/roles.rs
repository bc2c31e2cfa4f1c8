//! Who may see and change what: every demo role against every organization, outsiders, tokens.

use reqwest::StatusCode;
use serde_json::json;
use ssodesk_model::{OrgKind, ProblemKind, Role};
use ssodesk_server::{SeedPlan, SeedPlanOrg, SeedPlanUser};

use crate::support::{Answer, TestServer};

const ACME_USERS: [&str; 5] =
    ["ada@acme.example", "olu@acme.example", "ana@acme.example", "dev@acme.example", "uma@acme.example"];

pub fn globex() -> SeedPlan {
    SeedPlan {
        parent_name: "Globex".into(),
        orgs: vec![SeedPlanOrg { name: "Globex Team".into(), kind: OrgKind::Team }],
        users: vec![SeedPlanUser {
            email: "zed@globex.example".into(),
            name: "Zed Outsider".into(),
            roles: vec![("Globex Team".into(), Role::PrimaryOwner)],
        }],
    }
}

#[tokio::test]
async fn each_role_may_change_exactly_the_orgs_it_manages() {
    let server = TestServer::start().await;
    // (email, org, expected status): the vendor guide's rule, written out.
    let expected = [
        ("ada@acme.example", "Acme Team", 200),
        ("ada@acme.example", "Acme Enterprise", 200),
        ("ada@acme.example", "Acme Console", 200),
        ("olu@acme.example", "Acme Team", 200),
        ("olu@acme.example", "Acme Enterprise", 200),
        ("olu@acme.example", "Acme Console", 403),
        ("ana@acme.example", "Acme Team", 403),
        ("ana@acme.example", "Acme Enterprise", 403),
        ("ana@acme.example", "Acme Console", 403),
        ("dev@acme.example", "Acme Team", 403),
        ("dev@acme.example", "Acme Enterprise", 403),
        ("dev@acme.example", "Acme Console", 403),
        ("uma@acme.example", "Acme Team", 403),
        ("uma@acme.example", "Acme Enterprise", 403),
        ("uma@acme.example", "Acme Console", 403),
    ];
    for (email, org_name, status) in expected {
        let token = server.token(email);
        let org_id = server.org_id(org_name);
        // The table above agrees with the model's rule.
        let user = server.seed.users.iter().find(|user| user.email == email).unwrap();
        let kind = server.seed.orgs.iter().find(|org| org.id == org_id).unwrap().kind;
        let by_rule = user.roles.get(&org_id).is_some_and(|role| role.can_manage(kind));
        assert_eq!(by_rule, status == 200, "{email} on {org_name}");

        let path = format!("/v1/orgs/{org_id}");
        let version = server.version(&path, &token).await;
        let answer =
            Answer::of(server.patch(&path, &token, version, &json!({ "name": format!("{org_name} by {email}") })))
                .await;
        if status == 200 {
            assert_eq!(answer.status, StatusCode::OK, "{email} on {org_name}: {}", answer.text());
            assert_eq!(answer.json()["name"], format!("{org_name} by {email}"));
        } else {
            answer.problem(ProblemKind::Forbidden);
        }
    }
}

#[tokio::test]
async fn changing_the_parent_and_reading_its_audit_log_need_a_managing_role() {
    let server = TestServer::start().await;
    let parent_path = format!("/v1/parents/{}", server.seed.parent_id);
    let audit_path = format!("{parent_path}/audit-events");
    for (email, may_manage) in [
        ("ada@acme.example", true),
        ("olu@acme.example", true),
        ("ana@acme.example", false),
        ("dev@acme.example", false),
        ("uma@acme.example", false),
    ] {
        let token = server.token(email);
        let parent = server.get(&parent_path, &token).await;
        assert_eq!(parent.status, StatusCode::OK);
        assert_eq!(parent.json()["can_manage"], may_manage, "{email}");
        let version = parent.json()["version"].as_i64().unwrap();
        let renamed =
            Answer::of(server.patch(&parent_path, &token, version, &json!({ "name": format!("Acme by {email}") })))
                .await;
        let audit = server.get(&audit_path, &token).await;
        if may_manage {
            assert_eq!(renamed.status, StatusCode::OK, "{email}: {}", renamed.text());
            assert_eq!(renamed.json()["can_manage"], true);
            assert_eq!(audit.status, StatusCode::OK, "{email}: {}", audit.text());
        } else {
            renamed.problem(ProblemKind::Forbidden);
            audit.problem(ProblemKind::Forbidden);
        }
    }
}

#[tokio::test]
async fn outsiders_get_404_for_everything_of_another_parent() {
    let server = TestServer::start().await;
    let globex = server.db.insert_seed_plan(&globex()).unwrap();
    let zed = &globex.users[0].token;
    let acme_parent = &server.seed.parent_id;
    let acme_team = server.org_id("Acme Team");

    for path in [
        format!("/v1/parents/{acme_parent}"),
        format!("/v1/parents/{acme_parent}/orgs"),
        format!("/v1/parents/{acme_parent}/audit-events"),
        format!("/v1/orgs/{acme_team}"),
    ] {
        server.get(&path, zed).await.problem(ProblemKind::NotFound);
    }
    Answer::of(server.patch(&format!("/v1/orgs/{acme_team}"), zed, 1, &json!({ "name": "Mine now" })))
        .await
        .problem(ProblemKind::NotFound);
    Answer::of(server.patch(&format!("/v1/parents/{acme_parent}"), zed, 1, &json!({ "name": "Mine now" })))
        .await
        .problem(ProblemKind::NotFound);
    // Unknown and invisible look the same.
    let unknown = server.get("/v1/orgs/org_aaaaaaaaaaaaaaaaaaaa", zed).await.problem(ProblemKind::NotFound);
    assert!(unknown.detail.unwrap().contains("org_aaaaaaaaaaaaaaaaaaaa"));

    let parents = server.get("/v1/parents", zed).await.json();
    let ids: Vec<_> =
        parents["items"].as_array().unwrap().iter().map(|parent| parent["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [globex.parent_id.as_str()]);

    // And the other way round.
    let ada = server.token("ada@acme.example");
    server.get(&format!("/v1/orgs/{}", globex.orgs[0].id), &ada).await.problem(ProblemKind::NotFound);
    let parents = server.get("/v1/parents", &ada).await.json();
    assert_eq!(parents["items"].as_array().unwrap().len(), 1);
    assert_eq!(parents["items"][0]["id"], acme_parent.as_str());
    assert_eq!(parents["next_cursor"], serde_json::Value::Null);
}

#[tokio::test]
async fn me_orgs_and_parents_show_the_callers_roles() {
    let server = TestServer::start().await;
    for email in ACME_USERS {
        let token = server.token(email);
        let me = server.get("/v1/me", &token).await;
        assert_eq!(me.status, StatusCode::OK);
        let me = me.json();
        assert_eq!(me["email"], email);
        assert!(me["id"].as_str().unwrap().starts_with("usr_"));
        assert!(!me["name"].as_str().unwrap().is_empty());
        let seeded = &server.seed.users.iter().find(|user| user.email == email).unwrap().roles;
        assert_eq!(
            serde_json::from_value::<std::collections::BTreeMap<String, Role>>(me["roles"].clone()).unwrap(),
            *seeded
        );

        let orgs = server.get(&format!("/v1/parents/{}/orgs", server.seed.parent_id), &token).await.json();
        let items = orgs["items"].as_array().unwrap();
        assert_eq!(items.len(), 3, "{email} sees every org of a parent they belong to");
        for org in items {
            let role: Option<Role> = serde_json::from_value(org["role"].clone()).unwrap();
            assert_eq!(role, seeded.get(org["id"].as_str().unwrap()).copied(), "{email}");
            assert_eq!(org["parent_id"], server.seed.parent_id.as_str());
        }
    }
    // Dev sees the Team organization, without a role there.
    let dev = server.token("dev@acme.example");
    let team = server.get(&format!("/v1/orgs/{}", server.org_id("Acme Team")), &dev).await;
    assert_eq!(team.status, StatusCode::OK);
    assert_eq!(team.json()["role"], serde_json::Value::Null);
    assert_eq!(team.header("etag"), Some("\"1\""));
}

#[tokio::test]
async fn requests_without_a_valid_token_get_401() {
    let server = TestServer::start().await;
    let url = server.url("/v1/me");
    for request in [
        server.http.get(&url),
        server.http.get(&url).header("Authorization", "Basic YWRhOnNlY3JldA=="),
        server.http.get(&url).header("Authorization", "Bearer"),
        server
            .http
            .get(&url)
            .header("Authorization", "Bearer sdk_0000000000000000000000000000000000000000000000000000000000000000"),
        server.http.get(&url).header("Authorization", "Bearer not-a-token"),
    ] {
        let answer = Answer::of(request).await;
        answer.problem(ProblemKind::Unauthenticated);
        assert_eq!(answer.header("www-authenticate"), Some("Bearer"));
    }
    // Writes check the token too, before anything else.
    let org = format!("/v1/orgs/{}", server.org_id("Acme Team"));
    Answer::of(server.http.patch(server.url(&org)).header("If-Match", "\"1\"").json(&json!({ "name": "x" })))
        .await
        .problem(ProblemKind::Unauthenticated);
    // Health and the document need none.
    for path in ["/v1/health", "/v1/openapi.json"] {
        let answer = Answer::of(server.http.get(server.url(path))).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
    }
    assert_eq!(Answer::of(server.http.get(server.url("/v1/health"))).await.json(), json!({ "status": "ok" }));
    // A freshly issued token works, and so do the earlier ones.
    let fresh = server.db.issue_token("uma@acme.example").unwrap();
    assert_eq!(server.get("/v1/me", &fresh).await.json()["email"], "uma@acme.example");
    assert_eq!(server.get("/v1/me", &server.token("uma@acme.example")).await.status, StatusCode::OK);
}
