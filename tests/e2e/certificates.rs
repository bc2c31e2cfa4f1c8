//! The certificate watch end to end: the app on the sandbox, an SSO connection whose IdP metadata
//! URL is served on loopback, a desktop notification over the session D-Bus when its signing
//! certificate nears expiry, a click on it opening the certificate in the window, the watch still
//! announcing a certificate the IdP starts publishing after the window is closed, and after a
//! restart no repeat. Also the start-at-login switch writing the OS's autostart entry, and a
//! second start bringing the hidden window back instead of running twice.

use std::process::Command;
use std::time::Duration;

use ssodesk_e2e::{artifacts_dir, binary, free_port, TauriDriver, VirtualDisplay};
use ssodesk_test_idp::{IdpMetadata, MetadataServer, SigningCertificate};
use time::OffsetDateTime;

use crate::{click, mint_token, open_app, wait_until};

/// Every `Notify` call in a dbus-monitor log, as its summary and the id it was answered with.
fn notifications(log: &str) -> Vec<(String, Option<u32>)> {
    let lines: Vec<&str> = log.lines().collect();
    let field = |line: &str, name: &str| {
        line.split_whitespace().find_map(|part| part.strip_prefix(name).map(str::to_owned)).unwrap_or_default()
    };
    let mut found = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if !(line.contains("member=Notify") && line.starts_with("method call")) {
            continue;
        }
        let (serial, sender) = (field(line, "serial="), field(line, "sender="));
        // Notify(app_name, replaces_id, app_icon, summary, body, …): the 3rd string is the summary.
        let summary = lines[index + 1..]
            .iter()
            .take_while(|line| line.starts_with(' '))
            .filter_map(|line| line.trim().strip_prefix("string \""))
            .nth(2)
            .map(|text| text.trim_end_matches('"').to_owned())
            .unwrap_or_default();
        // The answer to this call: a return to its sender quoting its serial.
        let id = lines.iter().enumerate().find_map(|(at, line)| {
            let answers = line.starts_with("method return")
                && field(line, "reply_serial=") == serial
                && field(line, "destination=") == sender;
            answers.then(|| lines.get(at + 1)?.trim().strip_prefix("uint32 ")?.parse().ok()).flatten()
        });
        found.push((summary, id));
    }
    found
}

/// How many notifications with `summary` were shown.
fn count(log: &str, summary: &str) -> usize {
    notifications(log).iter().filter(|(shown, _)| shown == summary).count()
}

fn read_log(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expiring_certificate_is_notified_once_and_the_notification_opens_it() {
    let now = OffsetDateTime::now_utc();
    let current = SigningCertificate::valid_for_days("Acme E2E IdP 2026", now, 20);
    let next = SigningCertificate::valid_for_days("Acme E2E IdP 2027", now, 400);
    let idp = |certificates| {
        IdpMetadata::new("https://idp.acme-e2e.test/saml", "https://idp.acme-e2e.test/sso", certificates)
    };
    let published = MetadataServer::start(idp(vec![current.clone()]).xml()).await;

    let data_dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let log = data_dir.path().join("notifications.log");
    let sandbox_addr = format!("127.0.0.1:{}", free_port());
    let display = VirtualDisplay::start();
    let driver = TauriDriver::start_watching_notifications(
        &display,
        &[
            ("SSODESK_DATA_DIR", data_dir.path().to_str().unwrap()),
            ("SSODESK_SANDBOX_ADDR", &sandbox_addr),
            // A home of its own: start-at-login entries go to its .config/autostart, not the real one.
            ("HOME", home.path().to_str().unwrap()),
            // The watch runs every 0.3 s instead of hourly, and reads the IdP's metadata URL every
            // 0.5 s instead of every 6 hours.
            ("SSODESK_CERTIFICATE_WATCH_MS", "300"),
            ("SSODESK_METADATA_REFRESH_MS", "500"),
        ],
        Some(&log),
    );
    let client = open_app(&driver).await;
    click(&client, "sandbox-button").await;
    click(&client, "nav-overview").await;

    // An admin sets up the connection elsewhere (here: the API directly); the app syncs it.
    let base_url = format!("http://{sandbox_addr}");
    let token = mint_token(&data_dir.path().join("sandbox/server.db"));
    let http = reqwest::Client::new();
    let parents: serde_json::Value =
        http.get(format!("{base_url}/v1/parents")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let parent_id = parents["items"][0]["id"].as_str().unwrap().to_owned();
    let put = http
        .put(format!("{base_url}/v1/parents/{parent_id}/sso-connection"))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "idp": "okta", "metadata_url": published.url() }))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 201, "{}", put.text().await.unwrap());
    click(&client, "sync-now").await;

    let title = "IdP certificate expires in 19 days: Acme Corp";
    let id = wait_until("the expiry notification on the session bus", || async {
        notifications(&read_log(&log)).into_iter().find(|(summary, _)| summary == title).and_then(|(_, id)| id)
    })
    .await;
    // Clicking it (the notification server's ActionInvoked signal) opens the certificate.
    let bus = driver.session_bus_address();
    let clicked = Command::new("dbus-send")
        .args([
            &format!("--bus={bus}"),
            "--type=signal",
            "/org/freedesktop/Notifications",
            "org.freedesktop.Notifications.ActionInvoked",
            &format!("uint32:{id}"),
            "string:default",
        ])
        .status()
        .unwrap();
    assert!(clicked.success());
    wait_until("the certificate opened in the window", || async {
        let script = "const detail = document.querySelector(\"[data-testid='certificate-detail']\");
                      return [window.location.hash, detail ? detail.textContent : ''];";
        let value = client.execute(script, vec![]).await.ok()?;
        let hash = value[0].as_str()?.to_owned();
        let detail = value[1].as_str()?.to_owned();
        (hash == "#/certificates" && detail.contains("Acme E2E IdP 2026")).then_some(())
    })
    .await;
    wait_until("the expiry timeline drawn", || async {
        let script = "return !!document.querySelector(\"[data-testid='expiry-timeline'] svg.recharts-surface\");";
        client.execute(script, vec![]).await.ok()?.as_bool()?.then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    std::fs::write(artifacts_dir().join("e2e-certificate-opened.png"), client.screenshot().await.unwrap()).unwrap();

    // Start at login: the switch writes the OS's autostart entry, which starts the app in the tray.
    client.execute("document.querySelector(\"[data-testid='autostart-switch']\").click()", vec![]).await.unwrap();
    let entry = wait_until("the autostart entry", || async {
        let dir = home.path().join(".config/autostart");
        let entry = std::fs::read_dir(dir).ok()?.flatten().next()?;
        std::fs::read_to_string(entry.path()).ok()
    })
    .await;
    assert!(entry.contains("--background") && entry.contains("ssodesk"), "{entry}");

    // Closing the window hides it: the watch keeps running and still notifies.
    assert!(display.request_close("SSO Desk") > 0, "the app's window is found");
    wait_until("the window hidden", || async {
        let script = "return document.visibilityState;";
        (client.execute(script, vec![]).await.ok()?.as_str()? == "hidden").then_some(())
    })
    .await;
    published.publish(idp(vec![current.clone(), next.clone()]).xml());
    wait_until("the new certificate announced with the window closed", || async {
        (count(&read_log(&log), "New IdP certificate: Acme Corp") == 1).then_some(())
    })
    .await;
    assert!(std::net::TcpListener::bind(&sandbox_addr).is_err(), "the app still runs with its window closed");

    // Starting the app again (from the launcher, or the login item) brings the running one's
    // window back and exits: one instance per session.
    let second = Command::new(binary("ssodesk"))
        .env("DISPLAY", &display.display)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus)
        .env("SSODESK_DATA_DIR", data_dir.path())
        .env("SSODESK_SANDBOX_ADDR", &sandbox_addr)
        .env("HOME", home.path())
        .env("NO_AT_BRIDGE", "1")
        .output()
        .unwrap();
    assert!(second.status.success(), "{}", String::from_utf8_lossy(&second.stderr));
    wait_until("the window shown again", || async {
        let script = "return document.visibilityState;";
        (client.execute(script, vec![]).await.ok()?.as_str()? == "visible").then_some(())
    })
    .await;
    client.close().await.unwrap();
    // The app has exited (its sandbox port is free again) before it is started anew.
    ssodesk_e2e::wait_for("the first app to exit", Duration::from_secs(20), || {
        std::net::TcpListener::bind(&sandbox_addr).ok().map(drop)
    });

    // A restart on the same data: the watch runs again and announces the next certificate the
    // IdP publishes, but repeats neither the expiry notification nor the earlier announcement.
    let after_next = SigningCertificate::valid_for_days("Acme E2E IdP 2028", now, 800);
    published.publish(idp(vec![current.clone(), next.clone(), after_next]).xml());
    let client = open_app(&driver).await;
    wait_until("the newer certificate announced after the restart", || async {
        (count(&read_log(&log), "New IdP certificate: Acme Corp") == 2).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(count(&read_log(&log), title), 1, "{}", read_log(&log));
    assert_eq!(count(&read_log(&log), "New IdP certificate: Acme Corp"), 2, "{}", read_log(&log));
    client.close().await.unwrap();
}
