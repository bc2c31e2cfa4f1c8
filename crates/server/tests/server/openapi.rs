//! The OpenAPI document and the route table agree, and the document is sound.

use std::collections::BTreeSet;

use serde_json::Value;
use ssodesk_model::ProblemKind;
use ssodesk_server::{route_table, OPENAPI_JSON};

use crate::support::{Answer, TestServer};

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn document() -> Value {
    serde_json::from_str(OPENAPI_JSON).expect("openapi.json is JSON")
}

#[test]
fn the_document_and_the_route_table_agree_in_both_directions() {
    let document = document();
    assert_eq!(document["openapi"].as_str().map(|v| v.starts_with("3.1")), Some(true));
    let documented: BTreeSet<(String, String)> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|key| METHODS.contains(&key.as_str()))
                .map(move |method| (method.to_uppercase(), path.clone()))
        })
        .collect();
    let served: BTreeSet<(String, String)> =
        route_table().into_iter().map(|(method, path)| (method.as_str().to_owned(), path.to_owned())).collect();
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(undocumented.is_empty(), "served but not in openapi.json: {undocumented:?}");
    assert!(unserved.is_empty(), "in openapi.json but not served: {unserved:?}");
}

/// Resolves a local JSON pointer such as `#/components/schemas/Org`.
fn resolve<'a>(document: &'a Value, reference: &str) -> Option<&'a Value> {
    document.pointer(reference.strip_prefix('#')?)
}

fn collect_refs(value: &Value, refs: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get("$ref") {
                refs.push(reference.clone());
            }
            object.values().for_each(|value| collect_refs(value, refs));
        }
        Value::Array(items) => items.iter().for_each(|value| collect_refs(value, refs)),
        _ => {}
    }
}

#[test]
fn every_reference_resolves_and_every_operation_documents_its_errors() {
    let document = document();
    let mut refs = Vec::new();
    collect_refs(&document, &mut refs);
    assert!(!refs.is_empty());
    for reference in refs {
        assert!(resolve(&document, &reference).is_some(), "unresolved $ref {reference}");
    }
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap().iter().filter(|(key, _)| METHODS.contains(&key.as_str())) {
            let responses = operation["responses"].as_object().unwrap();
            assert!(responses.keys().any(|status| status.starts_with('2')), "{method} {path} documents its success");
            let public = operation.get("security").is_some_and(|security| security == &Value::Array(vec![]));
            if !public {
                assert!(responses.contains_key("401"), "{method} {path} documents 401");
            }
            let parameters = serde_json::to_string(&operation["parameters"]).unwrap();
            if *method == "patch" {
                for status in ["400", "403", "404", "412", "413", "415", "422", "428"] {
                    assert!(responses.contains_key(status), "{method} {path} documents {status}");
                }
                assert!(parameters.contains("IfMatch") && parameters.contains("IdempotencyKey"), "{method} {path}");
            }
            if *method == "delete" {
                for status in ["400", "403", "404", "412", "428"] {
                    assert!(responses.contains_key(status), "{method} {path} documents {status}");
                }
                assert!(parameters.contains("IfMatch") && parameters.contains("IdempotencyKey"), "{method} {path}");
            }
            if *method == "post" {
                // Creating or acting: no version to match.
                for status in ["400", "403", "404", "409", "422"] {
                    assert!(responses.contains_key(status), "{method} {path} documents {status}");
                }
                assert!(parameters.contains("IdempotencyKey") && !parameters.contains("IfMatch"), "{method} {path}");
            }
        }
    }
    let problem_types = document["components"]["schemas"]["Problem"]["properties"]["type"]["enum"].clone();
    for kind in ProblemKind::ALL {
        assert!(problem_types.as_array().unwrap().contains(&Value::String(kind.type_uri())), "{kind:?}");
    }
    for header in ["ETag", "IdempotencyReplayed"] {
        assert!(document["components"]["headers"].get(header).is_some(), "{header}");
    }
}

/// The property names and required list of a schema.
fn schema_fields(document: &Value, schema: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let schema = &document["components"]["schemas"][schema];
    let properties = schema["properties"].as_object().unwrap().keys().cloned().collect();
    let required =
        schema["required"].as_array().unwrap().iter().map(|name| name.as_str().unwrap().to_owned()).collect();
    (properties, required)
}

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

#[tokio::test]
async fn the_parent_and_domain_schemas_list_exactly_what_the_server_sends() {
    let document = document();
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");
    let domain = server.add_domain(&ada, "acme.com").await;
    let parent = server.get(&format!("/v1/parents/{}", server.seed.parent_id), &ada).await.json();
    for (schema, value) in [("Domain", &domain), ("TxtRecord", &domain["txt_record"]), ("Parent", &parent)] {
        let (properties, required) = schema_fields(&document, schema);
        assert_eq!(properties, keys(value), "{schema}: documented vs sent");
        assert_eq!(required, keys(value), "{schema}: every field is always sent");
    }
    let status_enum = &document["components"]["schemas"]["DomainStatus"]["enum"];
    for status in [
        ssodesk_model::DomainStatus::Pending,
        ssodesk_model::DomainStatus::Verified,
        ssodesk_model::DomainStatus::Failed,
    ] {
        assert!(status_enum.as_array().unwrap().contains(&Value::String(status.as_str().to_owned())));
    }
    let actions = &document["components"]["schemas"]["AuditEvent"]["properties"]["action"]["enum"];
    for action in [
        "domain.create",
        "domain.verify",
        "domain.delete",
        "domain.expire",
        "parent.update",
        "org.update",
        "sso_connection.create",
        "sso_connection.update",
        "sso_connection.delete",
    ] {
        assert!(actions.as_array().unwrap().contains(&Value::String(action.to_owned())), "{action}");
    }
    let token_pattern =
        document["components"]["schemas"]["TxtRecord"]["properties"]["value"]["pattern"].as_str().unwrap();
    assert_eq!(token_pattern, "^ssodesk-verification=[0-9a-f]{40}$");
}

#[tokio::test]
async fn the_sso_schemas_list_exactly_what_the_server_sends() {
    let document = document();
    let server = TestServer::start().await;
    let ada = server.token("ada@acme.example");
    let metadata = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/idp-metadata/okta-uaa-oktapreview-pivotal.xml"
    ));
    let path = format!("/v1/parents/{}/sso-connection", server.seed.parent_id);
    let created = Answer::of(
        server
            .request(reqwest::Method::PUT, &path, &ada)
            .header("content-type", "application/json")
            .body(serde_json::json!({ "idp": "okta", "metadata_xml": metadata }).to_string()),
    )
    .await;
    let connection = created.json();
    let sp = server.get(&format!("/v1/parents/{}/service-provider", server.seed.parent_id), &ada).await.json();
    for (schema, value) in [
        ("SsoConnection", &connection),
        ("ConnectionCertificate", &connection["certificates"][0]),
        ("ServiceProvider", &sp),
    ] {
        let (properties, required) = schema_fields(&document, schema);
        assert_eq!(properties, keys(value), "{schema}: documented vs sent");
        assert_eq!(required, keys(value), "{schema}: every field is always sent");
    }
    let (input_fields, _) = schema_fields_optional(&document, "SsoConnectionInput");
    let input = ssodesk_model::SsoConnectionInput {
        idp: ssodesk_model::IdpKind::Saml,
        metadata_url: Some(String::new()),
        metadata_xml: Some(String::new()),
        entity_id: Some(String::new()),
        certificates: Some(vec![]),
        status: Some(ssodesk_model::ConnectionStatus::Draft),
    };
    assert_eq!(input_fields, keys(&serde_json::to_value(input).unwrap()));
    let idps = &document["components"]["schemas"]["IdpKind"]["enum"];
    for idp in ssodesk_model::IdpKind::ALL {
        assert!(idps.as_array().unwrap().contains(&Value::String(idp.as_str().to_owned())), "{idp:?}");
    }
}

fn schema_fields_optional(document: &Value, schema: &str) -> (BTreeSet<String>, Value) {
    let schema = &document["components"]["schemas"][schema];
    (schema["properties"].as_object().unwrap().keys().cloned().collect(), schema["required"].clone())
}

#[tokio::test]
async fn the_served_document_is_the_embedded_one() {
    let server = TestServer::start().await;
    let answer = Answer::of(server.http.get(server.url("/v1/openapi.json"))).await;
    assert_eq!(answer.status.as_u16(), 200);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(answer.json(), document());
}
