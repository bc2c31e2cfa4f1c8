//! The report as a table for people.

use std::fmt::Write;

use ssodesk_dns::{CheckReport, SourceKind, SourceState, Verdict};

/// Renders the report: a header, one row per source, then diagnostics and negative caching.
pub fn render(report: &CheckReport) -> String {
    let mut out = String::new();
    let verdict = match report.verdict {
        Verdict::Verified => "VERIFIED",
        Verdict::Propagating => "PROPAGATING",
        Verdict::NotPublished => "NOT PUBLISHED",
        Verdict::Error => "ERROR",
    };
    // Writing to a String cannot fail, so the fmt::Results below are ignored on purpose.
    let _ = writeln!(out, "Domain    {}", report.domain);
    let _ = writeln!(out, "Record    TXT {}", report.record_name);
    let _ = writeln!(out, "Expected  {}", report.expected);
    if let Some(zone) = &report.zone {
        let _ = writeln!(out, "Zone      {zone}");
    }
    let _ = writeln!(out, "Verdict   {verdict}: {}", report.summary);
    out.push('\n');

    let header = ["SOURCE", "SERVER", "NAMESERVER", "STATE", "TTL", "ANSWER"];
    let rows: Vec<[String; 6]> = report
        .sources
        .iter()
        .map(|source| {
            let kind = match source.kind {
                SourceKind::Resolver => "resolver",
                SourceKind::Authoritative => "authoritative",
                SourceKind::Extra => "extra",
            };
            let state = match source.state {
                SourceState::Found => "found",
                SourceState::NotFound => "not_found",
                SourceState::NoTxt => "no_txt",
                SourceState::WrongValue => "wrong_value",
                SourceState::Servfail => "servfail",
                SourceState::Timeout => "timeout",
                SourceState::Refused => "refused",
            };
            let ttl = source.ttl.or(source.negative_ttl).map(|ttl| ttl.to_string()).unwrap_or_default();
            let mut answer: Vec<String> = source.values.iter().map(|value| format!("{value:?}")).collect();
            if !source.cname_chain.is_empty() {
                answer.insert(0, format!("via CNAME → {}", source.cname_chain.join(" → ")));
            }
            if let Some(detail) = &source.detail {
                answer.push(detail.clone());
            }
            [
                kind.to_owned(),
                source.server.to_string(),
                source.ns_name.clone().unwrap_or_default(),
                state.to_owned(),
                ttl,
                answer.join("; "),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: &[&str]| {
        let mut text = String::new();
        for (index, cell) in cells.iter().enumerate() {
            if index + 1 == cells.len() {
                text.push_str(cell);
            } else {
                let _ = write!(text, "{cell:<width$}  ", width = widths[index]);
            }
        }
        text.trim_end().to_owned()
    };
    let _ = writeln!(out, "{}", line(&header));
    for row in &rows {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        let _ = writeln!(out, "{}", line(&cells));
    }

    if let Some(ttl) = report.negative_cache_ttl {
        out.push('\n');
        let _ = writeln!(
            out,
            "Resolvers that cached \"no such record\" may keep that answer for up to {ttl} s after the record is \
             published (the zone's SOA minimum/TTL); the TTL column shows what each resolver has left."
        );
    }
    if !report.diagnostics.is_empty() {
        out.push('\n');
        let _ = writeln!(out, "Diagnostics");
        for diagnostic in &report.diagnostics {
            let code = serde_json::to_value(diagnostic.code).ok().and_then(|v| v.as_str().map(str::to_owned));
            let _ = writeln!(out, "  [{}] {}", code.unwrap_or_default(), diagnostic.message);
            let _ = writeln!(out, "      Fix: {}", diagnostic.fix);
        }
    }
    out
}
