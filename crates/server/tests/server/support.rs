//! A test server: a fresh database with the demo data, served on 127.0.0.1:0, and a client.

use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::Value;
use ssodesk_model::{Problem, ProblemKind, SeedReport, PROBLEM_CONTENT_TYPE};
use ssodesk_server::{Database, RunningServer, ServerConfig};
use tempfile::TempDir;

pub struct TestServer {
    pub server: RunningServer,
    /// The same database the server uses, for arranging more data.
    pub db: Database,
    pub seed: SeedReport,
    pub http: reqwest::Client,
    _dir: TempDir,
}

impl TestServer {
    pub async fn start() -> TestServer {
        TestServer::start_with(|config| config).await
    }

    /// Starts a server with the config `configure` makes of the default one.
    pub async fn start_with(configure: impl FnOnce(ServerConfig) -> ServerConfig) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(&dir.path().join("server.db")).unwrap();
        let seed = db.seed().unwrap();
        let config = configure(ServerConfig::new("127.0.0.1:0".parse().unwrap()));
        let server = ssodesk_server::start(db.clone(), config).await.unwrap();
        TestServer { server, db, seed, http: reqwest::Client::new(), _dir: dir }
    }

    /// The running server, its database and the folder that holds it, to stop the server and
    /// keep the data.
    pub fn into_parts(self) -> (RunningServer, Database, TempDir) {
        (self.server, self.db, self._dir)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base_url())
    }

    pub fn token(&self, email: &str) -> String {
        self.seed
            .users
            .iter()
            .find(|user| user.email == email)
            .unwrap_or_else(|| panic!("no seeded user {email}"))
            .token
            .clone()
    }

    pub fn org_id(&self, name: &str) -> String {
        self.seed.orgs.iter().find(|org| org.name == name).unwrap_or_else(|| panic!("no seeded org {name}")).id.clone()
    }

    pub fn request(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.http.request(method, self.url(path)).bearer_auth(token)
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        Answer::of(self.request(Method::GET, path, token)).await
    }

    /// A JSON PATCH with `If-Match: "<version>"`.
    pub fn patch(&self, path: &str, token: &str, version: i64, body: &Value) -> RequestBuilder {
        self.request(Method::PATCH, path, token)
            .header("If-Match", format!("\"{version}\""))
            .header(CONTENT_TYPE, "application/json")
            .body(body.to_string())
    }

    /// A JSON POST (no If-Match).
    pub fn post_json(&self, path: &str, token: &str, body: &Value) -> RequestBuilder {
        self.request(Method::POST, path, token).header(CONTENT_TYPE, "application/json").body(body.to_string())
    }

    /// A POST without a body, as `POST /v1/domains/{id}/verify` is sent.
    pub fn post_empty(&self, path: &str, token: &str) -> RequestBuilder {
        self.request(Method::POST, path, token)
    }

    /// A DELETE with `If-Match: "<version>"`.
    pub fn delete(&self, path: &str, token: &str, version: i64) -> RequestBuilder {
        self.request(Method::DELETE, path, token).header("If-Match", format!("\"{version}\""))
    }

    /// Adds `name` to the Acme parent as `token` and returns the new domain.
    pub async fn add_domain(&self, token: &str, name: &str) -> Value {
        let answer =
            Answer::of(self.post_json(&self.domains_path(), token, &serde_json::json!({ "name": name }))).await;
        assert_eq!(answer.status, StatusCode::CREATED, "adding {name}: {}", answer.text());
        answer.json()
    }

    /// `/v1/parents/{acme}/domains`.
    pub fn domains_path(&self) -> String {
        format!("/v1/parents/{}/domains", self.seed.parent_id)
    }

    /// The current version of a resource, read as `email`.
    pub async fn version(&self, path: &str, token: &str) -> i64 {
        let answer = self.get(path, token).await;
        assert_eq!(answer.status, StatusCode::OK, "GET {path}: {}", answer.text());
        answer.json()["version"].as_i64().unwrap()
    }

    /// Every audit event of the Acme parent, newest first, read as Ada.
    pub async fn audit_events(&self) -> Vec<Value> {
        let path = format!("/v1/parents/{}/audit-events?limit=200", self.seed.parent_id);
        let answer = self.get(&path, &self.token("ada@acme.example")).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        answer.json()["items"].as_array().unwrap().clone()
    }
}

/// A whole answer, read.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub async fn of(request: RequestBuilder) -> Answer {
        let response = request.send().await.expect("the server answers");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.expect("the body arrives").to_vec();
        Answer { status, headers, body }
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|value| value.to_str().unwrap())
    }

    /// Asserts that this is a problem of `kind` with the kind's status and the problem+json
    /// content type, and returns it.
    #[track_caller]
    pub fn problem(&self, kind: ProblemKind) -> Problem {
        assert_eq!(self.status.as_u16(), kind.status(), "expected {kind:?}; got {}: {}", self.status, self.text());
        assert_eq!(self.header("content-type"), Some(PROBLEM_CONTENT_TYPE), "{}", self.text());
        let problem: Problem =
            serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not a problem ({e}): {}", self.text()));
        assert_eq!(problem.kind(), Some(kind), "{}", self.text());
        assert_eq!(problem.status, kind.status());
        problem
    }
}
