//! Domain verification through the app window, against a real authoritative DNS setup on
//! loopback and the sandbox backend checking the same DNS.

use std::time::Duration;

use fantoccini::Locator;
use ssodesk_dns_test_server::{txt_record, DelegatedZone};
use ssodesk_e2e::{artifacts_dir, free_port, TauriDriver, VirtualDisplay};

use crate::{click, element, open_app, wait_until};

/// The text content of the first element with `test_id`. (WebKitWebDriver's rendered-text call
/// answers "" for text inside some styled inline elements, so the DOM's own text is read.)
async fn text_of(client: &fantoccini::Client, test_id: &str) -> Option<String> {
    let script =
        "const e = document.querySelector(`[data-testid='${arguments[0]}']`); return e ? e.textContent : null;";
    let value = client.execute(script, vec![serde_json::Value::from(test_id)]).await.ok()?;
    value.as_str().map(|text| text.trim().to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_domain_is_added_shown_propagating_and_verified_with_a_desktop_notification() {
    let zone = DelegatedZone::start("acme-e2e.test", 2).await.unwrap();
    let data_dir = tempfile::tempdir().unwrap();
    let notifications = data_dir.path().join("notifications.log");
    let sandbox_addr = format!("127.0.0.1:{}", free_port());
    let resolver = zone.resolver_addr().to_string();
    let ns_port = zone.nameserver_port().to_string();
    let display = VirtualDisplay::start();
    let driver = TauriDriver::start_watching_notifications(
        &display,
        &[
            ("SSODESK_DATA_DIR", data_dir.path().to_str().unwrap()),
            ("SSODESK_SANDBOX_ADDR", &sandbox_addr),
            ("SSODESK_DNS_RESOLVER", &resolver),
            ("SSODESK_DNS_AUTHORITATIVE_PORT", &ns_port),
            // Re-check pending domains in the background every ~0.5 s (doubling) instead of 30 s.
            ("SSODESK_DOMAIN_RECHECK_MS", "500"),
        ],
        Some(&notifications),
    );
    let client = open_app(&driver).await;
    click(&client, "sandbox-button").await;
    click(&client, "nav-domains").await;

    // Add, with validation as the admin types.
    let input = element(&client, "domain-input").await;
    input.send_keys("Acme-E2E.test").await.unwrap();
    wait_until("the normalised name under the field", || async {
        text_of(&client, "domain-hint").await.filter(|hint| hint.contains("acme-e2e.test"))
    })
    .await;
    click(&client, "add-domain").await;
    let row = wait_until("the new domain's row", || async {
        let row = client.find(Locator::Css("[data-testid^='domain-row-']")).await.ok()?;
        row.attr("data-testid").await.ok()?
    })
    .await;
    let domain_id = row.trim_start_matches("domain-row-").to_owned();
    std::fs::write(artifacts_dir().join("e2e-domain-added.png"), client.screenshot().await.unwrap()).unwrap();
    wait_until("the Pending status", || async {
        text_of(&client, &format!("domain-status-{domain_id}")).await.filter(|s| s == "Pending")
    })
    .await;

    // The detail shows exactly what to publish.
    click(&client, &format!("domain-open-{domain_id}")).await;
    let txt_name =
        wait_until("the TXT record name", || async { text_of(&client, "txt-name").await.filter(|t| !t.is_empty()) })
            .await;
    let txt_value = text_of(&client, "txt-value").await.unwrap();
    assert_eq!(txt_name, "acme-e2e.test");
    assert!(txt_value.starts_with("ssodesk-verification="), "{txt_value}");

    // Published on one of the two nameservers: the native check says propagating.
    zone.nameservers()[0].add_record(txt_record(&txt_name, &[&txt_value]).unwrap()).await.unwrap();
    click(&client, "check-now").await;
    wait_until("a propagating verdict", || async {
        text_of(&client, &format!("domain-verdict-{domain_id}"))
            .await
            .filter(|v| v.to_lowercase().contains("propagating"))
    })
    .await;
    std::fs::write(artifacts_dir().join("e2e-domain-propagating.png"), client.screenshot().await.unwrap()).unwrap();

    // Published everywhere: the background watch sees it and the backend verifies.
    zone.nameservers()[1].add_record(txt_record(&txt_name, &[&txt_value]).unwrap()).await.unwrap();
    wait_until("the Verified status", || async {
        text_of(&client, &format!("domain-status-{domain_id}")).await.filter(|s| s == "Verified")
    })
    .await;
    let notified = wait_until("the desktop notification on the session bus", || async {
        let log = std::fs::read_to_string(&notifications).unwrap_or_default();
        (log.contains("member=Notify") && log.contains("acme-e2e.test verified")).then_some(log)
    })
    .await;
    assert!(notified.contains("string \"acme-e2e.test verified\""), "{notified}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    std::fs::write(artifacts_dir().join("e2e-domain-verified.png"), client.screenshot().await.unwrap()).unwrap();
    client.close().await.unwrap();
}
