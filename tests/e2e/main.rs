//! End-to-end: the real app binary (UI embedded) on the local sandbox, under Xvfb and a session
//! D-Bus, driven through WebDriver (tauri-driver + WebKitWebDriver). The backend is checked over
//! HTTP, as any client would.

use std::process::Command;
use std::time::Duration;

mod certificates;
mod domains;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::Value;
use ssodesk_e2e::{artifacts_dir, binary, free_port, TauriDriver, VirtualDisplay};

/// How long the UI may take to show something after an action (the first start seeds the
/// sandbox and syncs, which under a loaded CI machine takes a few seconds).
const UI_TIMEOUT: Duration = Duration::from_secs(45);

async fn open_app(driver: &TauriDriver) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), "wry".into());
    capabilities
        .insert("tauri:options".into(), serde_json::json!({ "application": binary("ssodesk").to_string_lossy() }));
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("tauri-driver starts the app and opens a WebDriver session")
}

async fn element(client: &Client, test_id: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(UI_TIMEOUT)
        .for_element(Locator::Css(&format!("[data-testid='{test_id}']")))
        .await
        .unwrap_or_else(|e| panic!("no element with data-testid={test_id}: {e}"))
}

/// Clicks an element, retrying while something else (a closing dialog, a toast) is on top of it.
/// On failure the screen is saved to `tests/artifacts/` to show what was in the way.
async fn click(client: &Client, test_id: &str) {
    let deadline = tokio::time::Instant::now() + UI_TIMEOUT;
    loop {
        let error = match element(client, test_id).await.click().await {
            Ok(()) => return,
            Err(error) => error,
        };
        if tokio::time::Instant::now() >= deadline {
            if let Ok(png) = client.screenshot().await {
                let _ = std::fs::write(artifacts_dir().join(format!("e2e-failed-click-{test_id}.png")), png);
            }
            panic!("cannot click {test_id}: {error}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The organization names shown, by organization id.
async fn shown_orgs(client: &Client) -> Vec<(String, String)> {
    let mut orgs = Vec::new();
    for cell in client.find_all(Locator::Css("[data-testid^='org-name-']")).await.unwrap() {
        let id = cell.attr("data-testid").await.unwrap().unwrap().trim_start_matches("org-name-").to_owned();
        orgs.push((id, cell.text().await.unwrap()));
    }
    orgs
}

async fn wait_until<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + UI_TIMEOUT;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A token for the demo Primary Owner, minted by the backend's own CLI against the sandbox's
/// database (the app never writes its token anywhere a test could read it).
fn mint_token(server_db: &std::path::Path) -> String {
    let output = Command::new(binary("ssodesk-server"))
        .args(["token", "--db"])
        .arg(server_db)
        .args(["--email", "ada@acme.example"])
        .output()
        .expect("ssodesk-server runs");
    assert!(output.status.success(), "ssodesk-server token failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

async fn get_json(http: &reqwest::Client, url: &str, token: &str) -> Value {
    let response = http.get(url).bearer_auth(token).send().await.unwrap();
    assert!(response.status().is_success(), "GET {url}: {}", response.status());
    response.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_shows_the_backends_orgs_and_a_rename_reaches_the_backend() {
    let data_dir = tempfile::tempdir().unwrap();
    let sandbox_addr = format!("127.0.0.1:{}", free_port());
    let display = VirtualDisplay::start();
    let driver = TauriDriver::start(
        &display,
        &[
            ("SSODESK_DATA_DIR", data_dir.path().to_str().unwrap()),
            ("SSODESK_SANDBOX_ADDR", &sandbox_addr),
            ("RUST_LOG", "info,ssodesk=debug"),
        ],
    );
    let client = open_app(&driver).await;

    // First run: choose the local sandbox.
    click(&client, "sandbox-button").await;

    // The organizations the backend seeded are shown.
    let orgs = wait_until("three organizations", || async {
        let orgs = shown_orgs(&client).await;
        (orgs.len() == 3).then_some(orgs)
    })
    .await;
    let mut names: Vec<_> = orgs.iter().map(|(_, name)| name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Acme Console", "Acme Enterprise", "Acme Team"]);
    let (team_id, _) = orgs.iter().find(|(_, name)| name == "Acme Team").unwrap().clone();

    // Rename one.
    let new_name = "Acme Team (EU)";
    click(&client, &format!("rename-button-{team_id}")).await;
    let input = element(&client, "rename-input").await;
    input.clear().await.unwrap();
    input.send_keys(new_name).await.unwrap();
    click(&client, "rename-save").await;
    wait_until("the new name in the UI", || async {
        let orgs = shown_orgs(&client).await;
        orgs.iter().any(|(id, name)| *id == team_id && name == new_name).then_some(())
    })
    .await;

    // The change arrives at the backend, with its audit event.
    let sandbox_dir = data_dir.path().join("sandbox");
    let address: Value =
        serde_json::from_str(&std::fs::read_to_string(sandbox_dir.join("sandbox.json")).unwrap()).unwrap();
    let base_url = address["base_url"].as_str().unwrap().trim_end_matches('/').to_owned();
    assert_eq!(base_url, format!("http://{sandbox_addr}"));
    let token = mint_token(&sandbox_dir.join("server.db"));
    let http = reqwest::Client::new();
    let parents = get_json(&http, &format!("{base_url}/v1/parents"), &token).await;
    let parent_id = parents["items"][0]["id"].as_str().unwrap().to_owned();
    let event = wait_until("the rename's audit event at the backend", || async {
        let events = get_json(&http, &format!("{base_url}/v1/parents/{parent_id}/audit-events"), &token).await;
        events["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|event| {
                event["action"] == "org.update"
                    && event["resource"]["id"] == team_id.as_str()
                    && event["after"]["name"] == new_name
            })
            .cloned()
    })
    .await;
    assert_eq!(event["actor"]["email"], "ada@acme.example");
    assert_eq!(event["before"]["name"], "Acme Team");
    let org = get_json(&http, &format!("{base_url}/v1/orgs/{team_id}"), &token).await;
    assert_eq!(org["name"], new_name);

    // The app's Activity page shows it once the next pull lands.
    click(&client, "nav-activity").await;
    wait_until("the rename in the Activity list", || async {
        let list = client.find(Locator::Css("[data-testid='activity-list']")).await.ok()?;
        list.text().await.ok()?.contains(new_name).then_some(())
    })
    .await;

    let artifacts = artifacts_dir();
    click(&client, "nav-overview").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    std::fs::write(artifacts.join("e2e-overview.png"), client.screenshot().await.unwrap()).unwrap();
    display.screenshot(&artifacts.join("e2e-screen.png"));
    client.close().await.unwrap();
}
