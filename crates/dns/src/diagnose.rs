//! Recognising the common mistakes in a published verification record, with the fix for each.
//!
//! Diagnostics are worked out only when a check is not verified. They read the values every
//! source returned and, for records put at the wrong name, probe the likely wrong names at one
//! authoritative server (no cache in the way).

use futures_util::future::join_all;

use crate::check::{fqdn, zone_text, CheckRequest};
use crate::exchange::Budget;
use crate::lookup::{lookup_txt, ChainProblem, LookupTarget, TxtLookup, TxtOutcome, MAX_CNAME_HOPS};
use crate::name::{RecordName, VERIFICATION_PREFIX};
use crate::report::{CheckReport, Diagnostic, DiagnosticCode};

/// Where a probe looked and which diagnostic a match there means.
struct Probe {
    name: RecordName,
    code: DiagnosticCode,
}

pub(crate) async fn diagnose(
    request: &CheckRequest,
    report: &CheckReport,
    lookups: &[TxtLookup],
    probe_target: Option<LookupTarget>,
    budget: Budget,
) -> Vec<Diagnostic> {
    let expected = request.expected.as_str();
    let record = &request.record_name;
    let host_field = |name: &RecordName| host_field(name, report.zone.as_deref());
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut push = |diagnostic: Diagnostic| {
        if !diagnostics.iter().any(|seen| seen.code == diagnostic.code) {
            diagnostics.push(diagnostic);
        }
    };

    for lookup in lookups {
        if let TxtOutcome::ChainRejected(problem) = &lookup.outcome {
            let chain: Vec<String> = lookup.cname_chain.iter().map(zone_text).collect();
            let path = format!("{record} → {}", chain.join(" → "));
            push(match problem {
                ChainProblem::Loop => Diagnostic {
                    code: DiagnosticCode::CnameLoop,
                    message: format!("The CNAME records starting at {record} form a loop: {path}."),
                    fix: format!(
                        "Point the last CNAME at the name that holds the TXT record, or delete the CNAME at {record} \
                         and publish the TXT record there."
                    ),
                },
                ChainProblem::TooLong => Diagnostic {
                    code: DiagnosticCode::CnameChainTooLong,
                    message: format!(
                        "The CNAME chain starting at {record} has more than {MAX_CNAME_HOPS} links: {path}."
                    ),
                    fix: format!(
                        "Point the CNAME at {record} straight at the name that holds the TXT record, or delete it and \
                         publish the TXT record at {record}."
                    ),
                },
            });
        }
    }

    if let Some(source) = report.sources.iter().find(|source| !source.cname_chain.is_empty()) {
        let end = source.cname_chain.last().cloned().unwrap_or_default();
        push(Diagnostic {
            code: DiagnosticCode::CnameOnRecordName,
            message: format!(
                "{record} is a CNAME ({record} → {}), so resolvers read the TXT record at {end} instead.",
                source.cname_chain.join(" → ")
            ),
            fix: format!(
                "Publish the TXT record with the value at {end}, or delete the CNAME at {record} (host field \"{}\") and \
                 publish the TXT record there.",
                host_field(record)
            ),
        });
    }

    // Values seen at the record name, per source, in the order each source returned them.
    for source in &report.sources {
        for value in source.values.iter().filter(|value| value.as_str() != expected) {
            if let Some(diagnostic) = diagnose_value(value, expected, record) {
                push(diagnostic);
            }
        }
        if !source.values.iter().any(|value| value == expected) && is_split(&source.values, expected) {
            push(Diagnostic {
                code: DiagnosticCode::TokenSplitAcrossRecords,
                message: format!(
                    "{record} has {} separate TXT records that only together make up the value; each TXT record is \
                     read on its own.",
                    source.values.len()
                ),
                fix: format!(
                    "Delete these TXT records and create one TXT record at {record} with the whole value {expected} \
                     (a console that splits long text into several strings inside one record is fine)."
                ),
            });
        }
    }

    let Some(target) = probe_target else { return diagnostics };
    let mut probes = Vec::new();
    match record.without_challenge_label() {
        Some(bare) => {
            if let Some(registrable) = bare.registrable_domain().filter(|registrable| *registrable != bare) {
                probes.push(Probe { name: registrable, code: DiagnosticCode::RecordAtApex });
            }
            probes.push(Probe { name: bare, code: DiagnosticCode::RecordAtApex });
        }
        None => probes.push(Probe { name: record.with_challenge_label(), code: DiagnosticCode::RecordAtChallengeName }),
    }
    if let Some(zone) = &report.zone {
        probes.push(Probe { name: record.with_zone_appended(zone), code: DiagnosticCode::DoubledZoneSuffix });
    }
    let answers = join_all(probes.iter().map(|probe| {
        let name = fqdn(probe.name.as_str());
        let target = &target;
        async move { lookup_txt(target, &name, budget).await }
    }))
    .await;
    for (probe, answer) in probes.iter().zip(answers) {
        let TxtOutcome::Records { values, .. } = &answer.outcome else { continue };
        if !values.iter().any(|value| carries_token(value, expected)) {
            continue;
        }
        let wrong = &probe.name;
        push(match probe.code {
            DiagnosticCode::RecordAtApex => Diagnostic {
                code: DiagnosticCode::RecordAtApex,
                message: format!(
                    "The value is published at {wrong}, but for the subdomain {} it belongs at {record}.",
                    request.domain
                ),
                fix: format!(
                    "Create the TXT record at {record} (host field \"{}\") with the value {expected}, then delete the one \
                     at {wrong}.",
                    host_field(record)
                ),
            },
            DiagnosticCode::RecordAtChallengeName => Diagnostic {
                code: DiagnosticCode::RecordAtChallengeName,
                message: format!(
                    "The value is published at {wrong}, but {} is a registrable domain, so it belongs at the domain \
                     itself.",
                    request.domain
                ),
                fix: format!(
                    "Create the TXT record at {record} (host field \"{}\", often written @) with the value {expected}, \
                     then delete the one at {wrong}.",
                    host_field(record)
                ),
            },
            _ => Diagnostic {
                code: DiagnosticCode::DoubledZoneSuffix,
                message: format!(
                    "The value is published at {wrong}: the zone name was typed into a field that already appends it."
                ),
                fix: format!(
                    "Rename the record to \"{}\" (the host field holds the name without the zone), so that it is {record}.",
                    host_field(record)
                ),
            },
        });
    }
    // Keep the report's order stable: by kind of mistake, as the enum lists them.
    diagnostics.sort_by_key(|diagnostic| diagnostic.code as u8);
    diagnostics
}

/// What is wrong with one value that is not the expected one, if it is a recognised mistake.
fn diagnose_value(value: &str, expected: &str, record: &RecordName) -> Option<Diagnostic> {
    let unquoted = strip_quotes(value);
    if unquoted != value.trim() && remove_whitespace(unquoted) == expected {
        return Some(Diagnostic {
            code: DiagnosticCode::QuotedValue,
            message: format!("The TXT record at {record} holds {value}, with quote characters as part of the value."),
            fix: format!(
                "Edit the record so its value is {expected} without quotes; a console that adds quotes itself should \
                 be given the bare value."
            ),
        });
    }
    if value.chars().any(char::is_whitespace) && remove_whitespace(value) == expected {
        return Some(Diagnostic {
            code: DiagnosticCode::WhitespaceInValue,
            message: format!("The TXT record at {record} holds {value:?}, which has spaces or line breaks in it."),
            fix: format!("Edit the record so its value is exactly {expected}, with no spaces before, after or inside."),
        });
    }
    let cleaned = remove_whitespace(unquoted);
    if cleaned.starts_with(VERIFICATION_PREFIX) && cleaned != expected {
        return Some(Diagnostic {
            code: DiagnosticCode::OtherToken,
            message: format!(
                "The TXT record at {record} holds another verification value, {value}, probably an old one or another \
                 account's."
            ),
            fix: format!(
                "Add a TXT record at {record} with the value {expected}; delete the other one once no account needs it."
            ),
        });
    }
    None
}

/// Whether a value found somewhere else is this check's token, allowing for quotes and spaces.
fn carries_token(value: &str, expected: &str) -> bool {
    value == expected || remove_whitespace(strip_quotes(value)) == expected
}

fn strip_quotes(value: &str) -> &str {
    let mut inner = value.trim();
    loop {
        let next = inner
            .strip_prefix("\\\"")
            .and_then(|rest| rest.strip_suffix("\\\""))
            .or_else(|| inner.strip_prefix('"').and_then(|rest| rest.strip_suffix('"')))
            .or_else(|| inner.strip_prefix('\'').and_then(|rest| rest.strip_suffix('\'')));
        match next {
            Some(next) => inner = next.trim(),
            None => return inner,
        }
    }
}

fn remove_whitespace(value: &str) -> String {
    value.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether the expected value is the concatenation, in some order, of two or more of these
/// records' values (each used at most once). Only a handful of records is ever published at a
/// verification name, so the search is exhaustive but bounded.
fn is_split(values: &[String], expected: &str) -> bool {
    const MAX_RECORDS: usize = 8;
    let parts: Vec<String> = values
        .iter()
        .map(|value| remove_whitespace(strip_quotes(value)))
        .filter(|part| !part.is_empty() && part.len() < expected.len() && expected.contains(part.as_str()))
        .collect();
    if parts.len() < 2 || parts.len() > MAX_RECORDS {
        return false;
    }
    fn tile(rest: &str, parts: &[String], used: &mut Vec<bool>) -> bool {
        if rest.is_empty() {
            return true;
        }
        for index in 0..parts.len() {
            if !used[index] && rest.starts_with(parts[index].as_str()) {
                used[index] = true;
                if tile(&rest[parts[index].len()..], parts, used) {
                    return true;
                }
                used[index] = false;
            }
        }
        false
    }
    let mut used = vec![false; parts.len()];
    tile(expected, &parts, &mut used)
}

/// The "host" or "name" field of a DNS console: the record name without the zone, `@` for the
/// apex.
fn host_field(name: &RecordName, zone: Option<&str>) -> String {
    let Some(zone) = zone else { return name.as_str().to_owned() };
    if name.as_str() == zone {
        return "@".to_owned();
    }
    name.as_str().strip_suffix(zone).and_then(|rest| rest.strip_suffix('.')).unwrap_or(name.as_str()).to_owned()
}
