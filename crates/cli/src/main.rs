//! `ssodesk-cli`: SSO Desk for scripts and cron.
//!
//! `ssodesk-cli dns check <domain> --expect <value>` runs the same native DNS check as the app
//! and the backend and prints the report, as a table or (`--json`) as the documented JSON in
//! `crates/cli/README.md`. The exit status is the contract for scripts: 0 verified, 1 not
//! verified (propagating or not published), 2 error (bad input, or no nameserver answered).
//!
//! `ssodesk-cli metadata inspect <file>` and `ssodesk-cli cert inspect <file>` print what
//! `ssodesk-saml` reads from SAML metadata or from PEM, DER or base64 certificates, as text or
//! (`--json`) as the documented JSON; they exit 0, or 2 with a one-line message for bad input.
//! `metadata inspect` also fetches an `http(s)://` URL.
//!
//! `ssodesk-cli cert watch <file|url>... --warn-days N` lists every certificate of metadata or
//! certificate files and URLs and exits 1 when any expires within N days (or has expired), for cron.

mod error;
mod inspect;
mod source;
mod table;
mod watch;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use ssodesk_dns::{
    parse_server_address, CheckConfig, CheckReport, CheckRequest, DnsChecker, DomainName, RecordName, ResolverChoice,
    Verdict, DNS_PORT,
};

use crate::error::CliError;

/// Exit status when the record is on every authoritative nameserver.
const EXIT_VERIFIED: u8 = 0;
/// Exit status when `metadata inspect` or `cert inspect` read the file and printed it.
const EXIT_INSPECTED: u8 = 0;
/// Exit status when `cert watch` found no certificate expiring within `--warn-days`.
const EXIT_NONE_EXPIRING: u8 = 0;
/// Exit status when the check ran but the record is not (yet) on every authoritative nameserver.
const EXIT_NOT_VERIFIED: u8 = 1;
/// Exit status when `cert watch` found a certificate expiring within `--warn-days`, or expired.
const EXIT_EXPIRING: u8 = 1;
/// Exit status for bad input and for checks no nameserver could answer. Clap uses it for usage
/// errors too.
const EXIT_ERROR: u8 = 2;

#[derive(Debug, Parser)]
#[command(name = "ssodesk-cli", version, about = "SSO Desk from the command line")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// DNS checks for domain verification.
    Dns {
        #[command(subcommand)]
        command: DnsCommand,
    },
    /// SAML identity-provider metadata.
    Metadata {
        #[command(subcommand)]
        command: MetadataCommand,
    },
    /// X.509 certificates.
    Cert {
        #[command(subcommand)]
        command: CertCommand,
    },
}

#[derive(Debug, Subcommand)]
enum MetadataCommand {
    /// Prints every entity of a metadata file or URL: entity ID, roles, SSO endpoints, certificates.
    Inspect(MetadataInspectArgs),
}

#[derive(Debug, Subcommand)]
enum CertCommand {
    /// Prints every certificate of a PEM, DER or base64 file.
    Inspect(InspectArgs),
    /// Lists every certificate of metadata or certificate files and URLs; exits 1 when any expires
    /// within --warn-days days (or has expired), 0 when none does.
    Watch(WatchArgs),
}

#[derive(Debug, Args)]
struct MetadataInspectArgs {
    /// The metadata file, or an http(s):// URL to fetch it from.
    #[arg(value_name = "FILE|URL")]
    source: String,
    /// Print the result as JSON (see README) instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct WatchArgs {
    /// Metadata (XML) or certificate (PEM, DER, base64) files, or http(s):// URLs to fetch them from.
    #[arg(value_name = "FILE|URL", required = true)]
    sources: Vec<String>,
    /// Warn about certificates that expire within this many days (or have expired).
    #[arg(long, value_name = "N")]
    warn_days: u32,
    /// Print the result as JSON (see README) instead of one line per certificate.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct InspectArgs {
    /// The file to read.
    file: PathBuf,
    /// Print the result as JSON (see README) instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum DnsCommand {
    /// Checks that a domain publishes its verification TXT record on every authoritative nameserver.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// The domain to verify (IDNs welcome; normalised to lowercase punycode).
    domain: String,
    /// The exact TXT value the record must hold, e.g. ssodesk-verification=…
    #[arg(long, value_name = "TXT VALUE")]
    expect: String,
    /// Where the TXT record lives, if not the default (the domain itself for a registrable
    /// domain, _acme-challenge.<domain> for a subdomain).
    #[arg(long, value_name = "NAME")]
    record_name: Option<String>,
    /// A resolver to ask. The first replaces the system resolver (and finds the nameservers);
    /// later ones are asked as extra resolvers. Repeatable.
    #[arg(long = "resolver", value_name = "IP[:PORT]")]
    resolvers: Vec<String>,
    /// Print the report as JSON (see README) instead of a table.
    #[arg(long)]
    json: bool,
    /// How long one query may take, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 2000)]
    query_timeout_ms: u64,
    /// How long the whole check may take, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    deadline_ms: u64,
    /// The port to ask authoritative nameservers on (NS records carry none; for lab setups).
    #[arg(long, value_name = "PORT", default_value_t = DNS_PORT)]
    nameserver_port: u16,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Dns { command: DnsCommand::Check(args) } => run_check(args),
        Command::Metadata { command: MetadataCommand::Inspect(args) } => run_metadata_inspect(args),
        Command::Cert { command: CertCommand::Inspect(args) } => run_cert_inspect(args),
        Command::Cert { command: CertCommand::Watch(args) } => run_cert_watch(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("ssodesk-cli: {error}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn run_check(args: CheckArgs) -> Result<u8, CliError> {
    let domain = DomainName::parse(&args.domain)?;
    if args.expect.is_empty() {
        return Err(CliError::EmptyExpectedValue);
    }
    let mut request = CheckRequest::new(domain, args.expect.clone());
    if let Some(record_name) = &args.record_name {
        request = request.with_record_name(RecordName::parse(record_name)?);
    }
    let mut resolvers = args.resolvers.iter().map(|input| parse_server_address(input));
    let resolver = match resolvers.next() {
        Some(address) => ResolverChoice::Server(address?),
        None => ResolverChoice::System,
    };
    let extra_resolvers = resolvers.collect::<Result<Vec<_>, _>>()?;
    if args.query_timeout_ms == 0 || args.deadline_ms == 0 {
        return Err(CliError::ZeroDuration);
    }
    let config = CheckConfig {
        resolver,
        extra_resolvers,
        query_timeout: Duration::from_millis(args.query_timeout_ms),
        deadline: Duration::from_millis(args.deadline_ms),
        authoritative_port: args.nameserver_port,
        ..CheckConfig::default()
    };
    let checker = DnsChecker::new(config)?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(CliError::Runtime)?;
    let report = runtime.block_on(checker.check(&request));
    print_report(&report, args.json)?;
    Ok(match report.verdict {
        Verdict::Verified => EXIT_VERIFIED,
        Verdict::Propagating | Verdict::NotPublished => EXIT_NOT_VERIFIED,
        Verdict::Error => EXIT_ERROR,
    })
}

fn run_metadata_inspect(args: MetadataInspectArgs) -> Result<u8, CliError> {
    let metadata = inspect::metadata(&args.source, time::OffsetDateTime::now_utc())?;
    let text = if args.json { to_json(&metadata)? } else { inspect::render_metadata(&metadata) };
    write_stdout(&text)?;
    Ok(EXIT_INSPECTED)
}

fn run_cert_inspect(args: InspectArgs) -> Result<u8, CliError> {
    let report = inspect::certificates(&args.file, time::OffsetDateTime::now_utc())?;
    let text = if args.json { to_json(&report)? } else { inspect::render_certificates(&report) };
    write_stdout(&text)?;
    Ok(EXIT_INSPECTED)
}

fn run_cert_watch(args: WatchArgs) -> Result<u8, CliError> {
    let contents = source::read_all(&args.sources, watch::MAX_INPUT_BYTES)?;
    let inputs: Vec<(String, Vec<u8>)> = args.sources.into_iter().zip(contents).collect();
    let report = watch::report(&inputs, time::OffsetDateTime::now_utc(), args.warn_days)?;
    let text = if args.json { to_json(&report)? } else { watch::render(&report) };
    write_stdout(&text)?;
    Ok(if report.expiring > 0 { EXIT_EXPIRING } else { EXIT_NONE_EXPIRING })
}

fn to_json(value: &impl serde::Serialize) -> Result<String, CliError> {
    let mut text = serde_json::to_string_pretty(value).map_err(CliError::Json)?;
    text.push('\n');
    Ok(text)
}

fn print_report(report: &CheckReport, json: bool) -> Result<(), CliError> {
    let text = if json { to_json(report)? } else { table::render(report) };
    write_stdout(&text)
}

fn write_stdout(text: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`ssodesk-cli … | head`) is not worth a panic; the exit status still tells.
    stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()).map_err(CliError::Output)
}
