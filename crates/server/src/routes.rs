//! The route table, and the router and middleware built from it.
//!
//! Invariant: [`routes`] is the only list of routes. The router is built from it and
//! [`route_table`] reads it, and a test checks that list against `openapi.json` in both
//! directions, so the served API and its document cannot drift apart.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::handler::Handler;
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter};
use axum::Router;
use ssodesk_model::ProblemKind;
use tokio::sync::Semaphore;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::extract::{MAX_BODY_BYTES, SSO_CONNECTION_BODY_BYTES};
use crate::handlers;
use crate::problem::{method_not_allowed, panic_problem, problem_for_plain_errors, route_not_found, ApiProblem};
use crate::verification::Verifier;
use crate::Database;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub(crate) struct AppState {
    pub db: Database,
    /// Checks domains' DNS for `POST /v1/domains/{id}/verify`.
    pub verifier: Arc<Verifier>,
    /// The server's public URL without a trailing slash, for the SP values it hands out.
    pub public_url: Arc<str>,
}

/// One route: a method, an axum path (`{id}` segments, the same syntax as OpenAPI) and its
/// handler.
pub(crate) struct Route {
    pub method: Method,
    pub path: &'static str,
    pub handler: MethodRouter<AppState>,
}

impl Route {
    /// Accepts request bodies up to `bytes` on this route instead of [`MAX_BODY_BYTES`].
    fn with_body_limit(mut self, bytes: usize) -> Route {
        self.handler = self.handler.layer(DefaultBodyLimit::max(bytes));
        self
    }
}

fn route<H, T>(method: Method, path: &'static str, handler: H) -> Route
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let filter = MethodFilter::try_from(method.clone()).expect("the route table uses only standard methods");
    Route { method, path, handler: axum::routing::on(filter, handler) }
}

/// Every route of API v1.
pub(crate) fn routes() -> Vec<Route> {
    vec![
        route(Method::GET, "/v1/health", handlers::health),
        route(Method::GET, "/v1/openapi.json", handlers::openapi_document),
        route(Method::GET, "/v1/me", handlers::me),
        route(Method::GET, "/v1/parents", handlers::list_parents),
        route(Method::GET, "/v1/parents/{id}", handlers::get_parent),
        route(Method::PATCH, "/v1/parents/{id}", handlers::patch_parent),
        route(Method::GET, "/v1/parents/{id}/orgs", handlers::list_orgs),
        route(Method::GET, "/v1/parents/{id}/audit-events", handlers::list_audit_events),
        route(Method::GET, "/v1/parents/{id}/domains", handlers::list_domains),
        route(Method::POST, "/v1/parents/{id}/domains", handlers::add_domain),
        route(Method::GET, "/v1/orgs/{id}", handlers::get_org),
        route(Method::PATCH, "/v1/orgs/{id}", handlers::patch_org),
        route(Method::GET, "/v1/parents/{id}/sso-connection", handlers::get_sso_connection),
        route(Method::PUT, "/v1/parents/{id}/sso-connection", handlers::put_sso_connection)
            .with_body_limit(SSO_CONNECTION_BODY_BYTES),
        route(Method::DELETE, "/v1/parents/{id}/sso-connection", handlers::delete_sso_connection),
        route(Method::GET, "/v1/parents/{id}/service-provider", handlers::get_service_provider),
        route(Method::GET, "/v1/domains/{id}", handlers::get_domain),
        route(Method::DELETE, "/v1/domains/{id}", handlers::delete_domain),
        route(Method::POST, "/v1/domains/{id}/verify", handlers::verify_domain),
        route(Method::GET, "/saml/{id}/metadata", handlers::sp_metadata),
    ]
}

/// Every `(method, path)` the router serves, paths in OpenAPI syntax (`/v1/orgs/{id}`).
pub fn route_table() -> Vec<(Method, &'static str)> {
    routes().into_iter().map(|route| (route.method, route.path)).collect()
}

/// The methods the route table has for a concrete request path, for `Allow`.
pub(crate) fn methods_for_path(path: &str) -> Vec<Method> {
    route_table().into_iter().filter(|(_, template)| path_matches(template, path)).map(|(method, _)| method).collect()
}

fn path_matches(template: &str, path: &str) -> bool {
    let template_segments: Vec<_> = template.split('/').collect();
    let path_segments: Vec<_> = path.split('/').collect();
    template_segments.len() == path_segments.len()
        && template_segments
            .iter()
            .zip(&path_segments)
            .all(|(template, segment)| (template.starts_with('{') && !segment.is_empty()) || template == segment)
}

/// Limits of one server.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Requests served at once; more are answered 503 with `Retry-After`.
    pub max_concurrent_requests: usize,
}

/// How long a shed client is asked to wait, in seconds.
const SHED_RETRY_AFTER_SECONDS: u64 = 1;

/// The whole application: routes, fallbacks and middleware.
pub(crate) fn router(state: AppState, limits: Limits) -> Router {
    let mut router = Router::new();
    for route in routes() {
        router = router.route(route.path, route.handler);
    }
    // The method fallback must be set after the routes: it applies to the routes present.
    let router = router.fallback(route_not_found).method_not_allowed_fallback(method_not_allowed).with_state(state);
    with_layers(router, limits)
}

/// The middleware around the routes, outermost last: body limit, load shedding, tracing, panic
/// catching, and the net that turns any non-problem error into a problem.
pub(crate) fn with_layers(router: Router, limits: Limits) -> Router {
    let permits = Arc::new(Semaphore::new(limits.max_concurrent_requests.max(1)));
    router
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(permits, shed_load))
        .layer(CatchPanicLayer::custom(panic_problem))
        .layer(
            // Headers are not recorded: they carry the bearer token.
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(middleware::map_response(problem_for_plain_errors))
}

/// Answers 503 with `Retry-After` when [`Limits::max_concurrent_requests`] requests are already
/// being served, instead of queueing without bound.
async fn shed_load(State(permits): State<Arc<Semaphore>>, request: Request, next: Next) -> Response {
    let Ok(_permit) = Arc::clone(&permits).try_acquire_owned() else {
        let mut problem =
            ApiProblem::new(ProblemKind::Unavailable, "the server is at its limit of concurrent requests");
        problem.retry_after_seconds = Some(SHED_RETRY_AFTER_SECONDS);
        tracing::warn!("shed a request: too many at once");
        return problem.into_response();
    };
    next.run(request).await
}

/// How long [`crate::RunningServer::shutdown`] waits for requests in flight.
pub(crate) const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::{Request as HttpRequest, StatusCode};
    use tower::ServiceExt;

    use super::*;

    #[test]
    fn the_route_table_has_no_duplicates_and_builds_a_router() {
        let table = route_table();
        let unique: std::collections::HashSet<_> = table.iter().collect();
        assert_eq!(unique.len(), table.len());
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(&dir.path().join("server.db")).unwrap();
        let verifier = Arc::new(Verifier::new(&crate::CheckConfig::default(), crate::DEFAULT_PENDING_EXPIRY));
        let _router = router(
            AppState { db, verifier, public_url: "http://127.0.0.1:1".into() },
            Limits { max_concurrent_requests: 4 },
        );
    }

    #[test]
    fn paths_match_their_templates() {
        assert!(path_matches("/v1/orgs/{id}", "/v1/orgs/org_x"));
        assert!(!path_matches("/v1/orgs/{id}", "/v1/orgs/"));
        assert!(!path_matches("/v1/orgs/{id}", "/v1/orgs/a/b"));
        assert_eq!(methods_for_path("/v1/orgs/org_x"), [Method::GET, Method::PATCH]);
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_a_500_problem() {
        let router = with_layers(
            Router::new().route(
                "/boom",
                axum::routing::get(|| async {
                    if std::env::var_os("SSODESK_NEVER_SET_THIS").is_none() {
                        panic!("boom");
                    }
                    "unreachable"
                }),
            ),
            Limits { max_concurrent_requests: 4 },
        );
        let response = router.oneshot(HttpRequest::get("/boom").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(response.headers()["content-type"], ssodesk_model::PROBLEM_CONTENT_TYPE);
        let body = axum::body::to_bytes(response.into_body(), 4096).await.unwrap();
        let problem: ssodesk_model::Problem = serde_json::from_slice(&body).unwrap();
        assert_eq!(problem.kind(), Some(ProblemKind::Internal));
    }

    #[tokio::test]
    async fn requests_beyond_the_limit_are_shed_with_retry_after() {
        let (entered_tx, entered_rx) = tokio::sync::oneshot::channel::<()>();
        let (release_tx, release_rx) = tokio::sync::oneshot::channel::<()>();
        let slot = Arc::new(std::sync::Mutex::new(Some((entered_tx, release_rx))));
        let handler = move || {
            let slot = Arc::clone(&slot);
            async move {
                let taken = slot.lock().unwrap().take();
                if let Some((entered, release)) = taken {
                    let _ = entered.send(());
                    let _ = release.await;
                }
                "done"
            }
        };
        let router = with_layers(
            Router::new().route("/slow", axum::routing::get(handler)),
            Limits { max_concurrent_requests: 1 },
        );
        let first = tokio::spawn(router.clone().oneshot(HttpRequest::get("/slow").body(Body::empty()).unwrap()));
        entered_rx.await.unwrap();
        let shed = router.clone().oneshot(HttpRequest::get("/slow").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(shed.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(shed.headers()["retry-after"], "1");
        assert_eq!(shed.headers()["content-type"], ssodesk_model::PROBLEM_CONTENT_TYPE);
        release_tx.send(()).unwrap();
        assert_eq!(first.await.unwrap().unwrap().status(), StatusCode::OK);
    }
}
