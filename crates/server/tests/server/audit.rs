//! The audit log: one event per write, with before and after, newest first, in pages.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::{Answer, TestServer};

#[tokio::test]
async fn every_write_records_who_changed_what_from_what_to_what() {
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");
    let olu = server.token("olu@acme.example");
    let team = server.org_id("Acme Team");
    let org_path = format!("/v1/orgs/{team}");
    let parent_path = format!("/v1/parents/{}", server.seed.parent_id);

    assert_eq!(Answer::of(server.patch(&org_path, &ada, 1, &json!({ "name": "Team A" }))).await.status, StatusCode::OK);
    assert_eq!(Answer::of(server.patch(&org_path, &olu, 2, &json!({ "name": "Team B" }))).await.status, StatusCode::OK);
    assert_eq!(
        Answer::of(server.patch(&parent_path, &ada, 1, &json!({ "name": "Acme Group" }))).await.status,
        StatusCode::OK
    );

    let events = server.audit_events().await;
    assert_eq!(events.len(), 3);
    // Newest first.
    assert_eq!(events[0]["action"], "parent.update");
    assert_eq!(events[0]["resource"], json!({ "type": "parent", "id": server.seed.parent_id }));
    assert_eq!(events[0]["before"]["name"], "Acme Corp");
    assert_eq!(events[0]["after"]["name"], "Acme Group");
    assert_eq!(events[0]["after"]["version"], 2);
    assert!(events[0]["before"].get("can_manage").is_none(), "no caller-specific fields: {}", events[0]);

    assert_eq!(events[1]["action"], "org.update");
    assert_eq!(events[1]["actor"]["email"], "olu@acme.example");
    assert!(events[1]["actor"]["user_id"].as_str().unwrap().starts_with("usr_"));
    assert_eq!(events[1]["before"]["name"], "Team A");
    assert_eq!(events[1]["after"]["name"], "Team B");
    assert_eq!(events[1]["before"]["version"], 2);
    assert_eq!(events[1]["after"]["version"], 3);

    assert_eq!(events[2]["actor"]["email"], "ada@acme.example");
    assert_eq!(events[2]["resource"], json!({ "type": "org", "id": team }));
    assert_eq!(events[2]["before"]["name"], "Acme Team");
    assert_eq!(events[2]["before"]["kind"], "team");
    assert!(events[2]["before"].get("role").is_none(), "no caller-specific fields: {}", events[2]);

    for event in &events {
        assert!(event["id"].as_str().unwrap().starts_with("evt_"));
        assert_eq!(event["parent_id"], server.seed.parent_id.as_str());
        ssodesk_model::parse_timestamp(event["at"].as_str().unwrap()).unwrap();
        serde_json::from_value::<ssodesk_model::AuditEvent>(event.clone()).unwrap();
    }
}

#[tokio::test]
async fn pages_follow_the_cursor_to_the_end() {
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");
    let org_path = format!("/v1/orgs/{}", server.org_id("Acme Console"));
    for version in 1..=5 {
        let answer =
            Answer::of(server.patch(&org_path, &ada, version, &json!({ "name": format!("Console {version}") }))).await;
        assert_eq!(answer.status, StatusCode::OK);
    }
    let all = server.audit_events().await;
    assert_eq!(all.len(), 5);

    let mut paged: Vec<Value> = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut path = format!("/v1/parents/{}/audit-events?limit=2", server.seed.parent_id);
        if let Some(cursor) = &cursor {
            path.push_str(&format!("&cursor={cursor}"));
        }
        let page = server.get(&path, &ada).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text());
        let page = page.json();
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        paged.extend(items.iter().cloned());
        pages += 1;
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
        assert!(pages < 10, "the cursor never ends");
    }
    assert_eq!(pages, 3);
    assert_eq!(paged, all, "paging gives the same events in the same order");
    let names: Vec<_> = paged.iter().map(|event| event["after"]["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Console 5", "Console 4", "Console 3", "Console 2", "Console 1"]);

    // An exact fit ends with a null cursor too.
    let page = server.get(&format!("/v1/parents/{}/audit-events?limit=5", server.seed.parent_id), &ada).await.json();
    assert_eq!(page["items"].as_array().unwrap().len(), 5);
    assert_eq!(page["next_cursor"], Value::Null);
    // The default limit holds them all.
    let page = server.get(&format!("/v1/parents/{}/audit-events", server.seed.parent_id), &ada).await.json();
    assert_eq!(page["items"].as_array().unwrap().len(), 5);
}
